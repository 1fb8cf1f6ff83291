from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = "LTI 1.3 platforms"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
