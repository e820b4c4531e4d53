from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, **kwargs):
    """Sync roles once per migrate: on the last app's signal, when every permission exists.

    Django sends post_migrate only for apps that have a models module.
    """
    if sender is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return
    from common.roles import sync_roles

    sync_roles()


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"
    verbose_name = "Common: users, roles and geography"

    def ready(self):
        from auditlog.registry import auditlog

        import common.places.schema  # noqa: F401  (registers the place filter's OpenAPI extension)
        from common import personal_data
        from common.models import PersonalDataExport, User

        personal_data.register(User, description="User accounts (names, e-mail addresses)")
        personal_data.register(PersonalDataExport, description="The personal-data export log")
        auditlog.register(
            User, exclude_fields=["password", "last_login"], m2m_fields={"groups", "regions", "provinces"}
        )
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="common.sync_roles")

        from common.signin import receivers

        receivers.connect(User)
