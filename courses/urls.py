from django.urls import path

from .views import cohort, feed, files, library, peer, student, teaching, video
from .views import tutor as tutor_views
from .views import video_feedback as feedback_views

app_name = "courses"

urlpatterns = [
    path("", student.course_list, name="list"),
    path("join/", student.join, name="join"),
    # The instructor's home (what needs them) and moderation decisions
    path("teaching/", teaching.home, name="teaching"),
    path(
        "teaching/held/<str:kind>/<id:pk>/<str:decision>/",
        teaching.held_decide,
        name="held_decide",
    ),
    # The comment library of a course (teaching staff)
    path("teaching/<id:course_id>/library/", library.library, name="library"),
    path("teaching/<id:course_id>/library/add/", library.library_add, name="library_add"),
    path("teaching/library/<id:pk>/edit/", library.library_edit, name="library_edit"),
    path("teaching/library/<id:pk>/delete/", library.library_delete, name="library_delete"),
    path(
        "teaching/library/<id:pk>/move/<str:direction>/",
        library.library_move,
        name="library_move",
    ),
    path("<id:course_id>/", student.course_detail, name="detail"),
    path("<id:course_id>/grades/", student.grades, name="grades"),
    path("<id:course_id>/assignments/<id:pk>/", student.assignment_detail, name="assignment"),
    path("<id:course_id>/assignments/<id:pk>/draft/", student.draft_save, name="draft_save"),
    path("<id:course_id>/assignments/<id:pk>/submit/", student.submit, name="submit"),
    path("<id:course_id>/assignments/<id:pk>/files/", student.file_upload, name="file_upload"),
    path("files/<id:pk>/", files.file_download, name="file_download"),
    path("files/<id:pk>/remove/", files.file_remove, name="file_remove"),
    path("attachments/<id:pk>/", files.attachment_download, name="attachment_download"),
    # Course feed (E8)
    path("<id:course_id>/feed/", feed.feed, name="feed"),
    path("<id:course_id>/feed/posts/", feed.post_create, name="post_create"),
    path("feed/posts/<id:pk>/comments/", feed.comment_create, name="comment_create"),
    # Videos (E4)
    path(
        "<id:course_id>/assignments/<id:pk>/videos/start/",
        video.video_upload_start,
        name="video_upload_start",
    ),
    path("videos/<id:pk>/complete/", video.video_upload_complete, name="video_upload_complete"),
    path("videos/<id:pk>/cancel/", video.video_upload_cancel, name="video_upload_cancel"),
    path("videos/<id:pk>/", video.video_player, name="video"),
    path("videos/<id:pk>/status/", video.video_status, name="video_status"),
    path("videos/<id:pk>/state/", video.video_state, name="video_state"),
    path("videos/<id:pk>/retry/", video.video_retry, name="video_retry"),
    path(
        "videos/<id:pk>/comments/",
        feedback_views.video_comment_add,
        name="video_comment_add",
    ),
    path(
        "videos/comments/<id:pk>/delete/",
        feedback_views.video_comment_delete,
        name="video_comment_delete",
    ),
    path(
        "videos/<id:pk>/reflection/finish/",
        feedback_views.video_reflection_finish,
        name="video_reflection_finish",
    ),
    path(
        "videos/<id:pk>/captions/",
        feedback_views.video_caption_upload,
        name="video_caption_upload",
    ),
    path(
        "videos/<id:pk>/captions/<slug:language>.vtt",
        feedback_views.video_caption,
        name="video_caption",
    ),
    path("videos/<id:pk>/thumbnail/", video.video_thumbnail, name="video_thumbnail"),
    path("videos/<id:pk>/<str:name>.mp4", video.video_stream, name="video_stream"),
    # AI tutor (E7): a student's own threads only
    path("<id:course_id>/tutor/", tutor_views.tutor_index, name="tutor"),
    path("<id:course_id>/tutor/new/", tutor_views.tutor_new, name="tutor_new"),
    path("tutor/<id:pk>/", tutor_views.tutor_thread, name="tutor_thread"),
    path("tutor/<id:pk>/send/", tutor_views.tutor_send, name="tutor_send"),
    path("tutor/<id:pk>/delete/", tutor_views.tutor_delete, name="tutor_delete"),
    path("tutor/messages/<id:pk>/", tutor_views.tutor_message, name="tutor_message"),
    path("tutor/messages/<id:pk>/retry/", tutor_views.tutor_retry, name="tutor_retry"),
    # Peer review (E9)
    path("<id:course_id>/peer-reviews/", peer.review_list, name="peer_reviews"),
    path("peer-reviews/<id:pk>/", peer.review_detail, name="peer_review"),
    path("peer-reviews/<id:pk>/save/", peer.review_save, name="peer_review_save"),
    path("peer-reviews/<id:pk>/files/<id:file_pk>/", peer.review_file, name="peer_review_file"),
    path(
        "peer-reviews/<id:pk>/files/<id:file_pk>/pages/<id:page>/",
        peer.review_file_page,
        name="peer_review_file_page",
    ),
    path(
        "<id:course_id>/assignments/<id:pk>/peer-feedback/",
        peer.feedback,
        name="peer_feedback",
    ),
    # Sharing job-search outcomes with a course (E11, second part)
    path("<id:course_id>/outcomes/", cohort.outcome_sharing, name="outcome_sharing"),
]
