from django.core.management.base import BaseCommand

from common.roles import sync_roles


class Command(BaseCommand):
    help = "Create the OBCMS roles (groups) and set their permissions. Idempotent; also runs after migrate."

    def handle(self, *args, **options):
        for role, count in sync_roles().items():
            self.stdout.write(f"{role:<20} {count:>4} permissions")
        self.stdout.write(self.style.SUCCESS("Roles are up to date."))
