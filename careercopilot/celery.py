"""The Celery application. Its configuration lives in settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careercopilot.settings")

app = Celery("careercopilot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["careercopilot.jobs"])  # the sweeper's beat task

from .metrics import connect_task_signals as connect_metrics  # noqa: E402
from .observability import connect_task_signals  # noqa: E402

connect_task_signals()
connect_metrics()
