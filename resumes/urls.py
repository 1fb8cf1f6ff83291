from django.urls import include, path

from . import views
from .builder.urls import urlpatterns as builder_urlpatterns

app_name = "resumes"

urlpatterns = [
    path("", views.resume_list, name="resume_list"),
    path("<id:pk>/", views.resume_detail, name="resume_detail"),
    path("<id:pk>/default/", views.resume_set_default, name="resume_set_default"),
    path("<id:pk>/rename/", views.resume_rename, name="resume_rename"),
    path("<id:pk>/delete/", views.resume_delete, name="resume_delete"),
    path("versions/<id:pk>/", views.version_detail, name="version_detail"),
    path("versions/<id:pk>/download/", views.version_download, name="version_download"),
    path("versions/<id:pk>/retry/", views.version_retry, name="version_retry"),
    path("match/", views.analysis_new, name="analysis_new"),
    path("match/<id:pk>/", views.analysis_detail, name="analysis_detail"),
    path("match/<id:pk>/retry/", views.analysis_retry, name="analysis_retry"),
    path("fit/", views.fit_ranking, name="fit_ranking"),
    path("fit/refresh/", views.fit_ranking_refresh, name="fit_ranking_refresh"),
    path("letters/", views.letter_new, name="letter_new"),
    path("letters/<id:pk>/", views.letter_detail, name="letter_detail"),
    path("letters/<id:pk>/edit/", views.letter_edit, name="letter_edit"),
    path("letters/<id:pk>/retry/", views.letter_retry, name="letter_retry"),
    path("letters/<id:pk>/export/<str:fmt>/", views.letter_export, name="letter_export"),
    path("interview/", views.prep_new, name="prep_new"),
    path("interview/<id:pk>/", views.prep_detail, name="prep_detail"),
    path("interview/<id:pk>/retry/", views.prep_retry, name="prep_retry"),
    path("interview/<id:pk>/practice/", views.practice_submit, name="practice_submit"),
    path("interview/answers/<id:pk>/", views.answer_detail, name="answer_detail"),
    path("chat/", views.chat_index, name="chat"),
    path("chat/new/", views.chat_new, name="chat_new"),
    path("chat/<id:pk>/", views.chat_thread, name="chat_thread"),
    path("chat/<id:pk>/send/", views.chat_post, name="chat_post"),
    path("chat/<id:pk>/delete/", views.chat_delete, name="chat_delete"),
    path("chat/messages/<id:pk>/", views.chat_message, name="chat_message"),
    path("chat/messages/<id:pk>/retry/", views.chat_retry, name="chat_retry"),
    path("builder/", include(builder_urlpatterns)),
]
