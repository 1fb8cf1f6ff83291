from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader

from accounts.selectors import notifications_recent_for_user
from billing.plans import PLANS


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/landing.html", {"plans": PLANS.values()})


def pricing(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/pricing.html", {"plans": PLANS.values()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
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
