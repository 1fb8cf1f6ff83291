from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from accounts.decorators import htmx_admin_view

from . import health, metrics, views
from .api import api

admin.site.login = secure_admin_login(admin.site.login)
admin.site.admin_view = htmx_admin_view(admin.site)
admin.site.site_header = "Career Copilot admin"
admin.site.site_title = "Career Copilot admin"


def _admin_urls():
    """The admin's URLs, with its "view on site" redirect limited to rows the staff user
    may see in the admin (the stock one confirmed that other rows exist)."""
    patterns, app_name, namespace = admin.site.urls
    scoped = path(
        "r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.admin_view_on_site),
        name="view_on_site",
    )
    return (
        [scoped if getattr(p, "name", None) == "view_on_site" else p for p in patterns],
        (app_name),
        namespace,
    )


urlpatterns = [
    path("", views.landing, name="landing"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin, error pages).
    path(
        "favicon.ico",
        lambda request: HttpResponsePermanentRedirect(static("img/favicon.svg")),
        name="favicon",
    ),
    path("pricing/", views.pricing, name="pricing"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("health/", health.health, name="health"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("tracker/", include("tracker.urls")),
    path("resumes/", include("resumes.urls")),
    path("billing/", include("billing.urls")),
    path("courses/", include("courses.urls")),
    path("lti/", include("lti.urls")),
    path("api/v1/", api.urls),
    path("admin/", _admin_urls()),
]

handler403 = "careercopilot.views.permission_denied"
handler404 = "careercopilot.views.page_not_found"
handler429 = "careercopilot.views.too_many_requests"
handler500 = "careercopilot.views.server_error"
