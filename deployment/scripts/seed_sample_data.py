"""Sample records for the SQLite -> PostgreSQL migration proof (run with DATABASE_URL of the source).

    cd src && ../.venv/bin/python ../deployment/scripts/seed_sample_data.py

Creates what a real OBCMS database holds besides the hierarchy: users with roles and areas (and gaps in
their ids, as deleted users leave), audit-log entries, JWT outstanding/blacklisted tokens, Celery beat
rows, barangay OBC profiles with their coverage roll-ups, and a MANA assessment.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "obc_management.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from common.access import ADMINISTRATOR, EXECUTIVE, MANA_FACILITATOR, PARTNER_VIEWER, PROGRAM_OFFICER  # noqa: E402
from common.models import Province, Region, User  # noqa: E402

ROLES = [PROGRAM_OFFICER, MANA_FACILITATOR, PARTNER_VIEWER, EXECUTIVE, ADMINISTRATOR]


@transaction.atomic
def seed_users(count: int = 24) -> list[User]:
    regions = list(Region.objects.order_by("code"))
    provinces = list(Province.objects.order_by("code"))
    users = []
    for n in range(count):
        user = User.objects.create_user(
            username=f"migr{n:03d}",
            email=f"migr{n:03d}@oobc.example.org",
            password="correct-horse-battery-staple",
            first_name=f"Sample{n}",
            last_name="Officer",
            position="Program officer" if n % 2 else "Focal person",
        )
        user.groups.add(Group.objects.get(name=ROLES[n % len(ROLES)]))
        if regions and n % 3 == 0:
            user.regions.add(regions[n % len(regions)])
        if provinces and n % 3 == 1:
            user.provinces.add(provinces[n % len(provinces)], provinces[(n + 1) % len(provinces)])
        users.append(user)
    # Deleted users leave gaps in the ids: natural primary keys renumber rows on the target.
    for gone in users[2:5]:
        gone.delete()
    users = users[:2] + users[5:]
    for user in users[::4]:
        user.organization = "Ministry of Interior and Local Government"
        user.save()  # an update entry in the audit log
    return users


def seed_tokens(users: list[User]) -> None:
    for user in users[:6]:
        token = RefreshToken.for_user(user)
        if user.pk % 2:
            token.blacklist()


def seed_beat() -> None:
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        cron = entry["schedule"]
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=",".join(map(str, sorted(cron.minute))),
            hour=",".join(map(str, sorted(cron.hour))),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.CELERY_TIMEZONE,
        )
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": entry["task"], "crontab": crontab})
    every, _ = IntervalSchedule.objects.get_or_create(every=10, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.update_or_create(
        name="sample-interval", defaults={"task": "operations.ping", "interval": every, "args": '["x"]'}
    )


def seed_domain_records() -> None:
    """Barangay OBC profiles (one soft-deleted), a leader, coverage roll-ups and a MANA assessment,
    written through the services so their audit-log entries exist too."""
    from common.models import Barangay
    from communities import services as communities
    from communities.models.choices import LeaderRole
    from mana.models import Assessment
    from mana.services import assessments

    admin = User.objects.create_superuser(username="migr-admin", email="", password="correct-horse-battery-staple")
    admin.groups.add(Group.objects.get(name=ADMINISTRATOR))
    barangays = list(Barangay.objects.filter(population__gt=500).order_by("code")[:40:4])
    made = [
        communities.create_community(
            user=admin,
            barangay=b,
            purok_sitio=f"Purok {n}",
            estimated_obc_population=min(b.population, 100 + n * 10),
            households=20 + n,
            primary_ethnolinguistic_group="tausug",
            primary_livelihood="fishing",
        )
        for n, b in enumerate(barangays)
    ]
    communities.soft_delete_community(user=admin, community=made[-1])
    communities.create_leader(user=admin, community=made[0], name="Hadji Amir", role=LeaderRole.values[0])
    assessments.create_assessment(
        user=admin,
        title="Sample MANA",
        level=Assessment.Level.MUNICIPAL,
        municipality=barangays[0].municipality,
        communities=barangays[:2],
    )


if __name__ == "__main__":
    users = seed_users()
    seed_tokens(users)
    seed_beat()
    seed_domain_records()
    print(f"seeded {len(users)} users, tokens, {PeriodicTask.objects.count()} periodic tasks")
