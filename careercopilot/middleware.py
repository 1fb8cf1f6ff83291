from django.utils import timezone
from django.utils.cache import patch_cache_control

from .timezones import user_zone


class UserTimezoneMiddleware:
    """Shows dates and times in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(user_zone(getattr(request, "user", None)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PrivateNoStoreMiddleware:
    """A signed-in page (and every download it links to) holds private data, such as the
    secret calendar URL: no browser or proxy may keep a copy (`Cache-Control: no-store`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
