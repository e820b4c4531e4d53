"""Send a ping task through the broker and wait until a worker has run it: ``./manage.py celery_ping``.

Exits non-zero when no worker answered within ``--timeout`` seconds. Used by the CI smoke test and
handy after a deploy ("is the worker consuming?").
"""

import time
import uuid

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from operations.tasks import PING_KEY, ping


class Command(BaseCommand):
    help = "Enqueue operations.ping and wait for a worker to run it."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args, timeout, **options):
        token = uuid.uuid4().hex
        started = time.monotonic()
        ping.delay(token)
        while time.monotonic() - started < timeout:
            answer = cache.get(PING_KEY.format(token))
            if answer:
                seconds = time.monotonic() - started
                self.stdout.write(self.style.SUCCESS(f"worker answered in {seconds:.2f}s: {answer}"))
                return
            time.sleep(0.2)
        raise CommandError(f"no worker ran the ping task within {timeout:.0f}s")
