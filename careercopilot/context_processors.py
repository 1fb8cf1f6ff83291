from django.conf import settings


def site(request):
    return {"SITE_NAME": "Career Copilot", "DEBUG": settings.DEBUG}
