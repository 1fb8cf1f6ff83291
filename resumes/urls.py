from django.urls import path

from . import views

app_name = "resumes"

urlpatterns = [
    path("", views.resume_list, name="resume_list"),
    path("<int:pk>/", views.resume_detail, name="resume_detail"),
    path("<int:pk>/default/", views.resume_set_default, name="resume_set_default"),
    path("<int:pk>/rename/", views.resume_rename, name="resume_rename"),
    path("<int:pk>/delete/", views.resume_delete, name="resume_delete"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/download/", views.version_download, name="version_download"),
    path("versions/<int:pk>/retry/", views.version_retry, name="version_retry"),
    path("match/", views.analysis_new, name="analysis_new"),
    path("match/<int:pk>/", views.analysis_detail, name="analysis_detail"),
    path("match/<int:pk>/retry/", views.analysis_retry, name="analysis_retry"),
    path("fit/", views.fit_ranking, name="fit_ranking"),
    path("fit/refresh/", views.fit_ranking_refresh, name="fit_ranking_refresh"),
    path("letters/", views.letter_new, name="letter_new"),
    path("letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/edit/", views.letter_edit, name="letter_edit"),
    path("letters/<int:pk>/retry/", views.letter_retry, name="letter_retry"),
    path("letters/<int:pk>/export/<str:fmt>/", views.letter_export, name="letter_export"),
    path("interview/", views.prep_new, name="prep_new"),
    path("interview/<int:pk>/", views.prep_detail, name="prep_detail"),
    path("interview/<int:pk>/retry/", views.prep_retry, name="prep_retry"),
    path("interview/<int:pk>/practice/", views.practice_submit, name="practice_submit"),
    path("interview/answers/<int:pk>/", views.answer_detail, name="answer_detail"),
    path("chat/", views.chat_index, name="chat"),
    path("chat/new/", views.chat_new, name="chat_new"),
    path("chat/<int:pk>/", views.chat_thread, name="chat_thread"),
    path("chat/<int:pk>/send/", views.chat_post, name="chat_post"),
    path("chat/<int:pk>/delete/", views.chat_delete, name="chat_delete"),
    path("chat/messages/<int:pk>/", views.chat_message, name="chat_message"),
    path("chat/messages/<int:pk>/retry/", views.chat_retry, name="chat_retry"),
]
