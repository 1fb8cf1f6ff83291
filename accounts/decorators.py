"""View decorators shared by pages that are also fetched by htmx."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect, HttpResponseStopPolling


def _client_redirect_to_login(request, login_url: str | None = None):
    """An htmx answer that sends the whole page to sign in, and back to it afterwards."""
    login = redirect_to_login(request.htmx.current_url_abs_path or "/", login_url)
    return HttpResponseClientRedirect(login["Location"])


def htmx_login_required(view=None, *, stop_polling: bool = False):
    """``login_required`` that also behaves inside htmx requests.

    A signed-out htmx request would otherwise follow the login redirect and swap the
    sign-in page into a fragment. Instead it gets a client redirect to the sign-in page
    (back to the page it came from) or, for pollers (``stop_polling=True``), htmx's
    "stop polling" status.
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated:
                return view_func(request, *args, **kwargs)
            if getattr(request, "htmx", False):
                if stop_polling:
                    return HttpResponseStopPolling()
                return _client_redirect_to_login(request)
            return redirect_to_login(request.get_full_path())

        return wrapper

    return decorator(view) if view is not None else decorator


def htmx_admin_view(site):
    """``site.admin_view`` whose views answer a signed-out htmx request (a grading
    screen's poller, say) with a client redirect to the admin sign-in page, instead of
    that page swapped into the fragment. Installed once, on the admin site."""
    admin_view = site.admin_view

    @wraps(admin_view)
    def guard(view, cacheable: bool = False):
        guarded = admin_view(view, cacheable)

        @wraps(guarded)
        def wrapper(request, *args, **kwargs):
            if getattr(request, "htmx", False) and not site.has_permission(request):
                return _client_redirect_to_login(
                    request, reverse("admin:login", current_app=site.name)
                )
            return guarded(request, *args, **kwargs)

        return wrapper

    return guard
