"""Celery application: `celery -A obc_management worker` / `celery -A obc_management beat`.

Configuration comes from Django settings (CELERY_* names): Redis when REDIS_URL is set,
eager in-process execution otherwise.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obc_management.settings")

app = Celery("obc_management")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
