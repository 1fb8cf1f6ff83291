"""The builder's routes, included under /resumes/builder/ in the resumes namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.builder_list, name="builder_list"),
    path("new/", views.builder_create, name="builder_create"),
    path("linkedin/", views.builder_import_linkedin, name="builder_import_linkedin"),
    path("<id:pk>/", views.builder_edit, name="builder_edit"),
    path("<id:pk>/sections/<str:section>/", views.builder_section_save, name="builder_section"),
    path("<id:pk>/sections/<str:section>/move/", views.builder_move, name="builder_move"),
    path("<id:pk>/sections/<str:section>/confirm/", views.builder_confirm, name="builder_confirm"),
    path("<id:pk>/undo/", views.builder_undo, name="builder_undo"),
    path("<id:pk>/rename/", views.builder_rename, name="builder_rename"),
    path("<id:pk>/delete/", views.builder_delete, name="builder_delete"),
    path("<id:pk>/resume.json", views.builder_json, name="builder_json"),
    path("<id:pk>/tailor/", views.builder_tailor, name="builder_tailor"),
    path("<id:pk>/proposals/", views.builder_proposal, name="builder_proposal"),
    path("<id:pk>/export/", views.builder_export, name="builder_export"),
    path("<id:pk>/sent/", views.builder_send, name="builder_send"),
    path("jobs/<id:pk>/", views.builder_job, name="builder_job"),
    path("jobs/<id:pk>/retry/", views.builder_job_retry, name="builder_job_retry"),
    path("jobs/<id:pk>/download/", views.builder_job_download, name="builder_job_download"),
    path("jobs/<id:pk>/preview.png", views.builder_job_preview, name="builder_job_preview"),
]
