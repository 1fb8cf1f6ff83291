from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader

from accounts.decorators import htmx_login_required
from accounts.selectors import notifications_recent_for_user
from billing.plans import PLANS
from courses.selectors.teaching import lands_on_teaching_home


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/landing.html", {"plans": PLANS.values()})


def pricing(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/pricing.html", {"plans": PLANS.values()})


@htmx_login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if lands_on_teaching_home(request.user):
        return redirect("courses:teaching")  # teaching staff land on what needs them
    return render(
        request,
        "pages/dashboard.html",
        {"recent_notifications": notifications_recent_for_user(request.user, limit=5)},
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/429.html", status=429)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the request may have failed anywhere.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def admin_view_on_site(request: HttpRequest, content_type_id: str, object_id: str):
    """Django's "view on site" redirect, answered with 404 unless the staff user can see
    the row in its admin: the stock one confirmed that rows outside their scope exist."""
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut
    from django.core.exceptions import ValidationError
    from django.http import Http404

    try:
        content_type = ContentType.objects.get(pk=int(content_type_id))
        model = content_type.model_class()
        model_admin = admin.site._registry[model]
        visible = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, ValidationError, OverflowError, KeyError, ContentType.DoesNotExist):
        raise Http404 from None
    if visible is None or not model_admin.has_view_permission(request, visible):
        raise Http404
    return shortcut(request, content_type_id, object_id)
