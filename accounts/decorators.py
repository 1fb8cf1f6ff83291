"""View decorators shared by pages that are also fetched by htmx."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django_htmx.http import HttpResponseClientRedirect, HttpResponseStopPolling


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
                login = redirect_to_login(request.htmx.current_url_abs_path or "/")
                return HttpResponseClientRedirect(login["Location"])
            return redirect_to_login(request.get_full_path())

        return wrapper

    return decorator(view) if view is not None else decorator
