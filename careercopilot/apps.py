from django.apps import AppConfig


class CareerCopilotConfig(AppConfig):
    name = "careercopilot"
    verbose_name = "Career Copilot"

    def ready(self) -> None:
        from .converters import register

        register()
