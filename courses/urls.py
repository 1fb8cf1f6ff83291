from django.urls import path

from .views import feed, files, student, video

app_name = "courses"

urlpatterns = [
    path("", student.course_list, name="list"),
    path("join/", student.join, name="join"),
    path("<int:course_id>/", student.course_detail, name="detail"),
    path("<int:course_id>/grades/", student.grades, name="grades"),
    path("<int:course_id>/assignments/<int:pk>/", student.assignment_detail, name="assignment"),
    path("<int:course_id>/assignments/<int:pk>/draft/", student.draft_save, name="draft_save"),
    path("<int:course_id>/assignments/<int:pk>/submit/", student.submit, name="submit"),
    path("<int:course_id>/assignments/<int:pk>/files/", student.file_upload, name="file_upload"),
    path("files/<int:pk>/", files.file_download, name="file_download"),
    path("files/<int:pk>/remove/", files.file_remove, name="file_remove"),
    path("attachments/<int:pk>/", files.attachment_download, name="attachment_download"),
    # Course feed (E8)
    path("<int:course_id>/feed/", feed.feed, name="feed"),
    path("<int:course_id>/feed/posts/", feed.post_create, name="post_create"),
    path("feed/posts/<int:pk>/comments/", feed.comment_create, name="comment_create"),
    # Videos (E4)
    path(
        "<int:course_id>/assignments/<int:pk>/videos/start/",
        video.video_upload_start,
        name="video_upload_start",
    ),
    path("videos/<int:pk>/complete/", video.video_upload_complete, name="video_upload_complete"),
    path("videos/<int:pk>/cancel/", video.video_upload_cancel, name="video_upload_cancel"),
    path("videos/<int:pk>/", video.video_player, name="video"),
    path("videos/<int:pk>/status/", video.video_status, name="video_status"),
    path("videos/<int:pk>/retry/", video.video_retry, name="video_retry"),
    path("videos/<int:pk>/comments/", video.video_comment_add, name="video_comment_add"),
    path("videos/<int:pk>/thumbnail/", video.video_thumbnail, name="video_thumbnail"),
    path("videos/<int:pk>/<str:name>.mp4", video.video_stream, name="video_stream"),
]
