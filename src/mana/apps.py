from django.apps import AppConfig


class ManaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mana"
