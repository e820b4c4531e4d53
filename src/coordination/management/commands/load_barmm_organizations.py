"""Load the BARMM ministries, offices and agencies (BMOAs) with their official names and acronyms.

Idempotent: an organization already present (same name or acronym, accent- and case-insensitive)
is left as it is, or its name corrected to the official one; a second run creates nothing.
Every write goes through ``coordination.services`` as the given administrator.

Source: the Bangsamoro Administrative Code (Bangsamoro Autonomy Act No. 13, 2020), which organizes
the ministries and offices of the Bangsamoro Government, and the list of ministries and offices on
the official BARMM website (https://bangsamoro.gov.ph). The list below was compiled from those
sources from memory by the engineer who wrote this command; check it against the current official
list before relying on it (the Parliament can create, merge or rename offices).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coordination import services
from coordination.models import Organization, OrganizationType

#: (official name, acronym, parent acronym or "")
BMOAS = [
    ("Office of the Chief Minister", "OCM", ""),
    ("Office of the Wali", "OTW", ""),
    ("Bangsamoro Transition Authority Parliament", "BTA", ""),
    ("Ministry of Agriculture, Fisheries and Agrarian Reform", "MAFAR", ""),
    ("Ministry of Basic, Higher and Technical Education", "MBHTE", ""),
    ("Ministry of Environment, Natural Resources and Energy", "MENRE", ""),
    ("Ministry of Finance, and Budget and Management", "MFBM", ""),
    ("Ministry of Health", "MOH", ""),
    ("Ministry of Human Settlements and Development", "MHSD", ""),
    ("Ministry of Indigenous Peoples' Affairs", "MIPA", ""),
    ("Ministry of the Interior and Local Government", "MILG", ""),
    ("Ministry of Labor and Employment", "MOLE", ""),
    ("Ministry of Public Order and Safety", "MPOS", ""),
    ("Ministry of Public Works", "MPW", ""),
    ("Ministry of Science and Technology", "MOST", ""),
    ("Ministry of Social Services and Development", "MSSD", ""),
    ("Ministry of Trade, Investments and Tourism", "MTIT", ""),
    ("Ministry of Transportation and Communications", "MOTC", ""),
    ("Office for Other Bangsamoro Communities", "OOBC", "OCM"),
    ("Office for Settler Communities", "OSC", "OCM"),
    ("Bangsamoro Planning and Development Authority", "BPDA", ""),
    ("Bangsamoro Women Commission", "BWC", ""),
    ("Bangsamoro Youth Commission", "BYC", ""),
    ("Bangsamoro Commission for the Preservation of Cultural Heritage", "BCPCH", ""),
    ("Bangsamoro Darul-Ifta'", "BDI", ""),
    ("Bangsamoro Human Rights Commission", "BHRC", ""),
    ("Bangsamoro Sports Commission", "BSC", ""),
    ("Bangsamoro Information Office", "BIO", "OCM"),
    ("Bangsamoro Board of Investments", "BBOI", ""),
    ("Cooperative and Social Enterprise Authority", "CSEA", ""),
    ("Bangsamoro Attorney-General's Office", "BAGO", "OCM"),
    ("Bangsamoro Ports Management Authority", "BPMA", ""),
]


class Command(BaseCommand):
    help = "Load the BARMM ministries, offices and agencies (official names and acronyms), idempotently."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as", dest="username", help="Administrator to record as the author (default: the first superuser)."
        )

    def handle(self, *args, username=None, **options):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        user = users.filter(username=username).first() if username else users.order_by("pk").first()
        if user is None:
            raise CommandError(
                "No active superuser to record as the author; create one (manage.py ensure_admin) or pass --as."
            )
        created = renamed = 0
        with transaction.atomic():
            by_acronym = {}
            for name, acronym, parent in BMOAS:
                existing = services.find_duplicates(name=name, acronym=acronym).first()
                if existing is None:
                    org = services.create_organization(
                        user=user, name=name, acronym=acronym, org_type=OrganizationType.BMOA,
                        is_nationwide=True, parent=by_acronym.get(parent),
                    )  # fmt: skip
                    created += 1
                else:
                    org = existing
                    if org.name != name and org.acronym_key == services.name_key(acronym):
                        org = services.update_organization(user=user, organization=org, name=name)
                        renamed += 1
                by_acronym[acronym] = org
        total = Organization.objects.alive().filter(org_type=OrganizationType.BMOA).count()
        self.stdout.write(f"BMOAs: {created} created, {renamed} renamed, {total} in the database.")
