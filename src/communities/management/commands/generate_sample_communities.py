"""Generate realistic sample barangay OBC profiles (demos, the benchmark, the deployment smoke test).

    ./manage.py generate_sample_communities --count 5000 --seed 42
    ./manage.py generate_sample_communities --count 200 --regions IX XII --clear

Profiles go through ``bulk_create_communities`` — the same validation, OBC ids and roll-ups as
the form — in batches. Deterministic for a given ``--seed`` and database. Generated rows are
marked in ``data_source_notes`` so ``--clear`` removes only them.
"""

from __future__ import annotations

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.access import ADMINISTRATOR
from common.models import Barangay, Region, User
from communities import services
from communities.models import AGE_BAND_FIELDS, SECTOR_FIELDS, BarangayOBC, MunicipalCoverage, ProvincialCoverage
from communities.models.choices import (
    ACCESS_FIELDS,
    AspirationCategory,
    ChallengeCategory,
    DataSource,
    LandTenure,
    LguRelationship,
    Livelihood,
    MigrationReason,
    PovertyBand,
    ProximityToBARMM,
    Representation,
    SettlementType,
    UnemploymentBand,
)

SAMPLE_MARK = "Sample data (generate_sample_communities)"
SYSTEM_USERNAME = "sample-data"

#: Where each group mostly lives, by region short name (weights).
GROUPS_BY_REGION = {
    "IX": {
        "tausug": 30,
        "sama": 25,
        "yakan": 12,
        "badjao": 10,
        "kolibugan": 8,
        "maguindanaon": 5,
        "meranaw": 5,
        "iranun": 3,
        "other": 2,
    },
    "X": {"meranaw": 55, "iranun": 15, "maguindanaon": 10, "tausug": 8, "sama": 5, "other": 7},
    "XI": {"kagan": 30, "maguindanaon": 20, "tausug": 15, "sangil": 12, "meranaw": 10, "sama": 8, "other": 5},
    "XII": {"maguindanaon": 50, "iranun": 15, "meranaw": 12, "sangil": 8, "tausug": 5, "kagan": 5, "other": 5},
}
DEFAULT_GROUPS = {
    "tausug": 20,
    "sama": 15,
    "meranaw": 15,
    "maguindanaon": 15,
    "molbog": 5,
    "palawani": 5,
    "jama_mapun": 5,
    "other": 5,
}
LANGUAGES_BY_GROUP = {
    "tausug": "tausug",
    "sama": "sinama",
    "badjao": "sinama",
    "yakan": "yakan",
    "meranaw": "meranaw",
    "maguindanaon": "maguindanaon",
    "iranun": "iranun",
    "kagan": "kalagan",
    "jama_mapun": "jama_mapun",
}
LIVELIHOOD_WEIGHTS = {
    "fishing": 22,
    "farming": 25,
    "seaweed": 6,
    "trading": 12,
    "small_business": 8,
    "labor": 10,
    "livestock": 4,
    "transport": 4,
    "crafts": 3,
    "employment": 3,
    "overseas": 2,
    "aquaculture": 1,
}
PUROK_WORDS = [
    "Mabuhay",
    "Kalipay",
    "Maharlika",
    "Masjid",
    "Dagat",
    "Lambuyan",
    "Bagong Silang",
    "Riverside",
    "Talon-Talon",
    "Tabuk",
    "Sampaguita",
    "Proper",
    "Paglaum",
    "Kasanyangan",
    "Malinis",
    "Pantalan",
]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _some(rng: random.Random, values, low=0, high=3) -> list[str]:
    return rng.sample(list(values), rng.randint(low, min(high, len(values))))


class Command(BaseCommand):
    help = "Generate realistic sample barangay OBC profiles across Regions IX–XII (through the real service)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--regions", nargs="+", default=["IX", "X", "XI", "XII"], help="Region short names.")
        parser.add_argument("--clear", action="store_true", help="First remove earlier sample rows (only those).")
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, **options):
        started = time.perf_counter()
        rng = random.Random(options["seed"])  # noqa: S311 - sample data, reproducible by seed
        regions = list(Region.objects.filter(short_name__in=options["regions"]))
        if not regions:
            raise CommandError(
                f"No region among {options['regions']} is loaded. Run populate_administrative_hierarchy first."
            )
        if options["clear"]:
            self._clear()
        user = self._system_user()
        barangays = list(
            Barangay.objects.filter(municipality__province__region__in=regions, population__gte=200)
            .select_related("municipality__province__region", "municipality__parent_city")
            .order_by("code")
        )
        if not barangays:
            raise CommandError("The chosen regions have no barangays with census population.")
        taken = {
            (b, p.lower())
            for b, p in BarangayOBC.objects.filter(barangay__in=barangays).values_list("barangay_id", "purok_sitio")
        }
        rows = []
        for _ in range(options["count"]):
            barangay = rng.choice(barangays)
            for attempt in range(50):
                purok = f"{rng.choice(['Purok', 'Sitio'])} {rng.choice(PUROK_WORDS)}"
                if attempt > 5:
                    purok += f" {rng.randint(2, 99)}"
                if (barangay.pk, purok.lower()) not in taken:
                    break
            taken.add((barangay.pk, purok.lower()))
            rows.append(self._row(rng, barangay, purok))
        created = 0
        for start in range(0, len(rows), options["batch"]):
            with transaction.atomic():
                created += len(services.bulk_create_communities(user=user, rows=rows[start : start + options["batch"]]))
            self.stdout.write(f"  {created:,} / {len(rows):,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created:,} sample barangay OBCs in {time.perf_counter() - started:.1f} s; "
                f"{MunicipalCoverage.objects.count():,} municipal and {ProvincialCoverage.objects.count():,} "
                "provincial coverage records."
            )
        )

    def _system_user(self):
        """The author of sample rows: Administrator role, no usable password (nobody signs in as it)."""
        from django.contrib.auth.models import Group

        user, created = User.objects.get_or_create(
            username=SYSTEM_USERNAME, defaults={"first_name": "Sample", "last_name": "Data"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=ADMINISTRATOR))
        return user

    def _clear(self):
        sample = BarangayOBC.all_objects.filter(data_source_notes=SAMPLE_MARK)
        count = sample.count()
        with transaction.atomic():
            areas = set(sample.values_list("municipality_id", "province_id"))
            sample.delete()
            services.recompute_coverage(municipality_ids={m for m, _ in areas}, province_ids={p for _, p in areas})
        self.stdout.write(f"Removed {count:,} earlier sample rows.")

    def _row(self, rng: random.Random, barangay: Barangay, purok: str) -> dict:
        region = barangay.municipality.province.region.short_name
        group = _pick(rng, GROUPS_BY_REGION.get(region, DEFAULT_GROUPS))
        total = barangay.population
        share = rng.choice([0.03, 0.05, 0.08, 0.12, 0.2, 0.3, 0.45, 0.6, 0.8])
        population = max(20, min(total, int(total * share * rng.uniform(0.7, 1.2))))
        households = max(1, round(population / rng.uniform(4.2, 6.0)))
        families = min(population, round(households * rng.uniform(1.0, 1.3)))
        livelihood = _pick(rng, LIVELIHOOD_WEIGHTS)
        row = {
            "barangay": barangay,
            "purok_sitio": purok,
            "settlement_type": rng.choice(SettlementType.values),
            "proximity_to_barmm": rng.choice(ProximityToBARMM.values),
            "data_source": rng.choice(DataSource.values),
            "data_source_notes": SAMPLE_MARK,
            "last_validated_on": datetime.date(2026, 6, 30) - datetime.timedelta(days=rng.randint(0, 1100)),
            "estimated_obc_population": population,
            "households": households,
            "families": families,
            "primary_ethnolinguistic_group": group,
            "other_ethnolinguistic_groups": [
                g for g in _some(rng, GROUPS_BY_REGION.get(region, DEFAULT_GROUPS), 0, 2) if g != group
            ],
            "languages": sorted(
                {
                    LANGUAGES_BY_GROUP.get(group, "filipino"),
                    "filipino",
                    rng.choice(["cebuano", "chavacano", "hiligaynon", "english", "arabic"]),
                }
            ),
            "primary_livelihood": livelihood,
            "secondary_livelihoods": [v for v in _some(rng, Livelihood.values, 0, 2) if v != livelihood],
            "poverty_band": rng.choice(PovertyBand.values),
            "unemployment_band": rng.choice(UnemploymentBand.values),
            "land_tenure": rng.choice(LandTenure.values),
            "mosques": rng.randint(0, 4),
            "madaris": rng.randint(0, 3),
            "asatidz": rng.randint(0, 8),
            "ulama": rng.randint(0, 5),
            "traditional_leaders": rng.randint(0, 6),
            "year_settled": rng.randint(1900, 2020),
            "migration_reasons": _some(rng, MigrationReason.values, 1, 2),
            "lgu_relationship": rng.choice(LguRelationship.values),
            "representation": _some(rng, Representation.values, 0, 2),
            "organizations_count": rng.randint(0, 5),
            "challenge_categories": _some(rng, ChallengeCategory.values, 1, 4),
            "aspiration_categories": _some(rng, AspirationCategory.values, 1, 3),
            "challenges": "Sample narrative: access to water and livelihood support are the most pressing needs.",
        }
        for field, _ in ACCESS_FIELDS:
            row[field] = rng.choice([None, 1, 2, 2, 3, 3, 3, 4, 4, 5])
        remaining = population
        for field, _ in AGE_BAND_FIELDS:
            value = int(population * rng.uniform(0.1, 0.3))
            value = min(value, remaining)
            row[field] = value
            remaining -= value
        for field, _ in SECTOR_FIELDS:
            row[field] = int(population * rng.uniform(0.0, 0.5))
        return row
