"""Create the first administrator when there is none (used by `make run`).

Username and password come from DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD when set;
otherwise the username is ``admin`` and a random password is generated and printed once.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from common.access import ADMINISTRATOR


class Command(BaseCommand):
    help = "Create a first administrator if no superuser exists; print its credentials once."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator already exists; nothing to do.")
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        group = Group.objects.filter(name=ADMINISTRATOR).first()
        if group:
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS("Created the first administrator; sign in at the server's start page."))
        self.stdout.write(f"  username: {username}")
        if "DJANGO_SUPERUSER_PASSWORD" in os.environ:
            self.stdout.write("  password: (from DJANGO_SUPERUSER_PASSWORD)")
        else:
            self.stdout.write(f"  password: {password}")
            self.stdout.write("  This password is shown only once; change it after signing in.")
