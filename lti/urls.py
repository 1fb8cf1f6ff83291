from django.urls import path

from . import views

app_name = "lti"

urlpatterns = [
    path("jwks/", views.jwks, name="jwks"),
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("continue/", views.handoff, name="continue"),
    path("deep-link/<str:launch_id>/", views.deep_link_pick, name="deep_link_pick"),
    path("register/<str:link>/", views.register_start, name="register"),
    path("register/<str:link>/finish/", views.register_finish, name="register_finish"),
]
