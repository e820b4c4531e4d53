"""Import of barangay OBC profiles from Excel/CSV (issue #3, item 7), on the generic machinery
of ``common.imports``.

Each row creates a profile or updates one:

* with an **OBC ID**, the row updates that record (it must be in the user's areas);
* without one, a live record in the same barangay with the same purok/sitio is updated, and
  otherwise a new record is created.

The place is given by the barangay's PSGC code or by names (barangay, city/municipality,
province, region), matched tolerantly by ``common.locations.matching``; a name that fits several
barangays is shown for the user to choose. On update, empty cells keep what is stored (nothing is
erased by a blank cell). The preview runs the model's own validation on every row; the commit
writes the whole file through ``services.batch.import_communities`` — the rules of
``create_community`` / ``update_community`` (the services the form uses) applied in bulk.

The file is planned as a whole: every OBC id it names and every live record are read in one query
each before the rows are planned (``prefetch``), the records it updates in one more
(``after_planning``), so the cost per row does not grow with the file or the province.
Contacts and leaders (personal data) are not imported here.
"""

from __future__ import annotations

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse

from common.access import permission_allows
from common.imports import columns as c
from common.imports.columns import label_of
from common.imports.engine import UPDATE, ImportSpec, RowErrors, RowPlan, register_import
from common.locations.matching import AMBIGUOUS, LocationMatcher, describe
from communities.models import BarangayOBC
from communities.services import EDITABLE_FIELDS, barangay_in_user_areas
from communities.services.batch import NOT_CLEANED, BatchErrors, error_messages, import_communities

LOCATION_COLUMNS = [
    c.Column("OBC ID", target="obc_id", parse_kwargs={"max_length": 32}, aliases=("obc id",),
             help="Leave empty for a new community. Give it to update an existing record (see the list export).",
             example=""),
    c.Column("Barangay PSGC code", target="barangay_code", aliases=("psgc code", "barangay code", "psgc"),
             help="10-digit PSGC code of the barangay. When given, the names below are only checked against it.",
             example="0907201001"),
    c.Column("Region", target="region", help="Optional, narrows the search: e.g. IX or Zamboanga Peninsula.",
             example="IX"),
    c.Column("Province", target="province", help='Province, or the highly urbanized city (e.g. "Zamboanga City").',
             example="Zamboanga del Norte"),
    c.Column("City/Municipality", target="municipality", aliases=("city", "municipality", "city or municipality"),
             help='"City of Dapitan" and "Dapitan City" are both understood.', example="Dapitan City"),
    c.Column("Barangay", target="barangay_name", help="Barangay name; spelling variants and Sto./Santo are understood.",
             example="Aliguay"),
]  # fmt: skip

#: Examples for the template's guide, by field.
EXAMPLES = {
    "purok_sitio": "Purok 3",
    "estimated_obc_population": 250,
    "households": 48,
    "primary_ethnolinguistic_group": "Tausug",
    "other_ethnolinguistic_groups": "Sama; Yakan",
    "languages": "Bahasa Sug (Tausug); Cebuano/Bisaya",
    "primary_livelihood": "Fishing",
    "access_water": "3 – Fair",
    "last_validated_on": "2025-03-31",
}
REQUIRED_FOR_NEW = ("estimated_obc_population", "primary_ethnolinguistic_group")


def profile_columns() -> list[c.Column]:
    columns = []
    for field in BarangayOBC._meta.concrete_fields:
        if field.name not in EDITABLE_FIELDS:
            continue
        column = c.column_for_field(field, example=EXAMPLES.get(field.name, ""))
        if field.name in REQUIRED_FOR_NEW:
            column.help = (column.help + " " if column.help else "") + "Required for a new community."
        columns.append(column)
    return columns


class BarangayOBCImport(ImportSpec):
    kind = "communities.barangay_obc"
    title = "Barangay OBC profiles"
    instructions = (
        "One row per OBC settlement. Give the barangay by PSGC code or by names. Rows with an OBC ID update "
        "that record; rows without one create a record, or update the one already in that barangay and "
        "purok/sitio. Empty cells never erase stored values. Lists (groups, languages, livelihoods…) take "
        "several values separated by semicolons."
    )

    #: Columns of the list export that an import reads past: the system sets these.
    ignored_columns = {
        "Total barangay population": "set from the 2020 census by the system",
        "Municipality code": "follows from the barangay",
        "Province code": "follows from the barangay",
        "Region code": "follows from the barangay",
        "Created": "set by the system",
        "Last updated": "set by the system",
        "Leaders and contacts": "contacts are edited on the community's page",
    }

    def get_columns(self):
        return [*LOCATION_COLUMNS, *profile_columns()]

    @property
    def success_url(self) -> str:
        for name in ("communities:barangay-list", "communities:index"):
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
        return reverse("home")

    def has_permission(self, user) -> bool:
        return permission_allows(user, BarangayOBC, "add") or permission_allows(user, BarangayOBC, "change")

    def prepare(self, *, user) -> dict:
        return {"matcher": LocationMatcher(), "in_area": {}}

    def prefetch(self, rows, *, user, context) -> None:
        """The records the user may change, by OBC id, and every live record by barangay + purok/sitio."""
        obc_index, scoped = {}, set()
        for pk, obc_id in BarangayOBC.objects.for_user(user, "change").values_list("pk", "obc_id").order_by():
            obc_index[obc_id.upper()] = pk
            scoped.add(pk)
        context["obc_index"], context["scoped_pks"] = obc_index, scoped
        self._live_index(context)
        context["matcher"].prefetch_codes(row.get("barangay_code") for row in rows)

    # --- planning (no writes) -------------------------------------------------------------
    def plan_row(self, values, *, line, user, context, choice, invalid) -> RowPlan:
        plan = RowPlan(line=line)
        fields = {k: v for k, v in values.items() if k in EDITABLE_FIELDS and v is not None}
        barangay = self._locate(plan, values, context, choice)
        existing_pk = self._existing_pk(plan, values, barangay, context)
        if barangay is None and existing_pk is None:
            plan.summary = self._summary(values, None)
            return plan  # waiting for a choice
        if barangay is not None and not self._in_area(user, barangay, context):
            plan.errors.append(f"{describe(barangay)} is outside your assigned areas; you cannot import it.")
        if existing_pk is not None:
            plan.action = UPDATE
            if not permission_allows(user, BarangayOBC, "change"):
                plan.errors.append("Your role cannot update existing records.")
        elif not permission_allows(user, BarangayOBC, "add"):
            plan.errors.append("Your role cannot create records.")
        if existing_pk is None:
            for name in REQUIRED_FOR_NEW:
                if fields.get(name) is None and name not in invalid:
                    plan.errors.append(
                        f'"{label_of(BarangayOBC._meta.get_field(name))}" is required for a new community.'
                    )
        plan.data = {
            "fields": fields,
            "barangay": barangay,
            "existing_pk": existing_pk,
            "existing": None,
            "values": values,
            "skip": set(invalid) | set(REQUIRED_FOR_NEW),
        }
        plan.identity = (
            ("pk", existing_pk) if existing_pk else ("new", barangay.pk, (fields.get("purok_sitio") or "").lower())
        )
        plan.summary = self._summary(values, barangay)
        return plan

    def after_planning(self, plans, *, user, context) -> None:
        """Load every record the file updates (one query), then validate each row as the save would."""
        pks = {p.data["existing_pk"] for p in plans if p.data.get("existing_pk")}
        records = BarangayOBC.all_objects.select_related("barangay__municipality__province").in_bulk(pks)
        for plan in plans:
            data = plan.data
            if "fields" not in data:
                continue
            if data["existing_pk"]:
                existing = data["existing"] = records.get(data["existing_pk"])
                if existing is None:  # deleted since the index was read
                    plan.errors.append("The record to update no longer exists.")
                    continue
                if not data["values"].get("obc_id"):
                    plan.notes.append(f"updates {existing.obc_id} (same barangay and purok/sitio)")
                plan.summary = self._summary(data["values"], data["barangay"] or existing.barangay, existing)
            if not context.get("committing"):  # on commit the batch service validates every row itself
                plan.errors.extend(self._validate(plan, user))

    def _locate(self, plan, values, context, choice):
        code, name = values.get("barangay_code"), values.get("barangay_name")
        if not code and not name:
            if values.get("obc_id"):
                return None  # an update may keep its barangay
            plan.errors.append("Give the barangay: its PSGC code, or its name (with the city/municipality).")
            return None
        match = context["matcher"].match(
            code=code or "", barangay=name or "", municipality=values.get("municipality") or "",
            province=values.get("province") or "", region=values.get("region") or "",
        )  # fmt: skip
        if match.status == AMBIGUOUS:
            plan.options = [(b.code, describe(b)) for b in match.candidates]
            plan.question = match.message
            if not choice:
                return None
            chosen = next((b for b in match.candidates if b.code == choice), None)
            if chosen is None:
                plan.errors.append("The barangay chosen is not one of the options; choose again.")
                return None
            plan.choice = choice
            plan.notes.append(f"barangay chosen: {describe(chosen)}")
            return chosen
        if not match.is_matched:
            plan.errors.append(match.message)
            return None
        if match.note:
            plan.notes.append(match.note)
        return match.barangay

    @staticmethod
    def _live_index(context) -> dict:
        """(barangay id, lower-case purok/sitio) → (pk, OBC id) of every live record, read once per import."""
        if "live" not in context:
            rows = BarangayOBC.objects.values_list("barangay_id", "purok_sitio", "pk", "obc_id").order_by()
            context["live"] = {
                (b, (p or "").strip().lower()): (pk, obc_id) for b, p, pk, obc_id in rows.iterator(chunk_size=5000)
            }
        return context["live"]

    def _existing_pk(self, plan, values, barangay, context):
        obc_id = values.get("obc_id")
        if obc_id:
            pk = context["obc_index"].get(str(obc_id).strip().upper())
            if pk is None:
                plan.errors.append(
                    f"No record with OBC ID {obc_id} in your areas. Leave the OBC ID empty to create one."
                )
            return pk
        if barangay is None:
            return None
        purok = (values.get("purok_sitio") or "").strip().lower()
        found = self._live_index(context).get((barangay.pk, purok))
        if found is None:
            return None
        pk, obc_id = found
        if pk not in context["scoped_pks"]:
            plan.errors.append(f"{obc_id} already exists for this barangay and purok/sitio, outside your areas.")
            return None
        return pk

    def _in_area(self, user, barangay, context) -> bool:
        """The service's area rule, asked once per province (areas are regions and provinces)."""
        cache = context["in_area"]
        province_id = barangay.municipality.province_id
        if province_id not in cache:
            cache[province_id] = barangay_in_user_areas(user, barangay)
        return cache[province_id]

    def _summary(self, values, barangay, existing=None) -> str:
        place = describe(barangay) if barangay is not None else (
            ", ".join(str(values[k]) for k in ("barangay_name", "municipality", "province") if values.get(k))
            or str(values.get("barangay_code") or "")
        )  # fmt: skip
        purok = values.get("purok_sitio") or (existing.purok_sitio if existing else "")
        head = f"{existing.obc_id}: " if existing else ""
        return f"{head}{purok + ', ' if purok else ''}{place}"

    def _validate(self, plan, user) -> list[str]:
        """The model's own validation on an unsaved copy, so the preview shows what the save would."""
        data = plan.data
        existing = data["existing"]
        if existing is not None:
            candidate = copy.copy(existing)  # the record as read, changed on a copy (no query)
            candidate._state = copy.copy(existing._state)
            candidate._state.fields_cache = dict(existing._state.fields_cache)
            if data["barangay"] is not None:
                candidate.barangay = data["barangay"]
        else:
            candidate = BarangayOBC(barangay=data["barangay"])
        for name, value in data["fields"].items():
            setattr(candidate, name, value)
        try:
            candidate.sync_location()
            # Fields whose cells were unreadable, or required ones already reported, are not reported twice.
            skip = [n for n in data["skip"] if getattr(candidate, n) is None or n not in data["fields"]]
            # The location comes from the matcher (real rows) and users are the system's: no query per
            # foreign key (the batch service checks the area of every barangay at once).
            exclude = [*NOT_CLEANED, *skip]
            candidate.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as exc:
            return messages_of(exc)
        return []

    # --- writing (through the batch service) ----------------------------------------------
    def apply_rows(self, plans, *, user, context, progress=None) -> None:
        creates = [(p.line, p.data["barangay"], p.data["fields"]) for p in plans if p.data["existing"] is None]
        updates = [
            (p.line, p.data["existing"], p.data["barangay"], p.data["fields"])
            for p in plans
            if p.data["existing"] is not None
        ]
        try:
            import_communities(user=user, creates=creates, updates=updates, progress=progress)
        except BatchErrors as exc:
            raise RowErrors(exc.errors) from exc
        except PermissionDenied as exc:
            raise RowErrors({None: [str(exc)]}) from exc

    def apply_row(self, plan, *, user, context) -> None:
        self.apply_rows([plan], user=user, context=context)


messages_of = error_messages


register_import(BarangayOBCImport())
