from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running OBCMS in production: request ids, logging, fail-soft cache, backups and restore,
    database comparison (SQLite -> PostgreSQL migration) and the Celery tasks that keep it healthy."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "Operations: backups, logging and health"

    def ready(self):
        from operations import request_id

        request_id.connect_celery_signals()
