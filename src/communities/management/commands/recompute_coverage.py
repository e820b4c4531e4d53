"""Recompute every municipal and provincial roll-up from the live profiles (a repair tool; the
services keep them current on every change)."""

from django.core.management.base import BaseCommand

from communities.services import recompute_all_coverage


class Command(BaseCommand):
    help = "Recompute municipal and provincial coverage figures from the barangay OBC profiles."

    def handle(self, *args, **options):
        recompute_all_coverage()
        self.stdout.write(self.style.SUCCESS("Coverage recomputed."))
