"""Settings for the API contract run (deployment/scripts/api_contract.py): production settings
(DEBUG=False) with plain static storage, so the run needs no collectstatic. The API serves no
static files; everything else is exactly obc_management.settings."""

from obc_management.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
