"""Excel/CSV imports of organizations and engagements, on the shared engine of ``common.imports``.

Places are given by PSGC code (any level) or by name; names are matched with the tolerant location
search (accents, "Sto./Sta.", "City of X"), and a name that fits several places is shown in the
preview for the user to choose. Every row is checked against the user's areas in the preview and
written through the same services as the pages (duplicates, area rule, validation); any error and
nothing is written.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from common.access import permission_allows
from common.imports import columns as c
from common.imports.columns import CellError
from common.imports.engine import UPDATE, ImportSpec, RowPlan, register_import
from common.locations.search import key as place_key
from common.locations.search import path_of, search
from coordination import services
from coordination.models import Engagement, Organization, OrganizationType, Sector, resolve_place
from coordination.services.base import place_in_user_areas

PLACE_LEVELS = {"region", "province", "municipality"}
ORG_FIELDS = ("acronym", "org_type", "status", "mandate", "website", "office_email", "office_phone", "address",
              "is_nationwide")  # fmt: skip


def _split(text) -> list[str]:
    return [p.strip() for p in c.LIST_SEPARATORS.split(str(text or "")) if p.strip()]


def _describe(place) -> str:
    return " › ".join(p.name for p in path_of(place))


def match_places(plan: RowPlan, codes, names, *, choice: str) -> list:
    """Places from PSGC codes and names. One ambiguous name per row is asked about (options)."""
    places = []
    for code in _split(codes):
        try:
            places.append(resolve_place(code.split(".")[0]))
        except ValidationError as error:
            plan.errors.append(" ".join(error.messages))
    for name in _split(names):
        hits = search(name, limit=5, levels=PLACE_LEVELS, score_cutoff=80)
        exact = [obj for _level, obj, _score in hits if place_key(obj.name) == place_key(name)]
        if len(exact) == 1 or (len(hits) == 1 and not exact):
            chosen = exact[0] if exact else hits[0][1]
            if not exact:
                plan.notes.append(f'"{name}" read as {_describe(chosen)}')
            places.append(chosen)
        elif len(exact) > 1:
            options = [(obj.code, _describe(obj)) for obj in exact]
            picked = next((obj for obj in exact if obj.code == choice), None)
            if picked is not None:
                plan.choice = choice
                places.append(picked)
            elif not plan.options:
                plan.options, plan.question = options, f'Several places are called "{name}": which one?'
            else:
                plan.errors.append(f'"{name}" fits several places; give its PSGC code instead.')
        else:
            near = ", ".join(_describe(obj) for _level, obj, _score in hits[:3])
            plan.errors.append(f'No region, province or city/municipality matches "{name}".'
                               + (f" Nearest: {near}." if near else ""))  # fmt: skip
    return places


def _check_places(plan, user, places) -> None:
    outside = [p.name for p in places if not place_in_user_areas(user, p)]
    if outside:
        plan.errors.append(f"Outside your assigned areas: {', '.join(outside)}.")


class OrganizationImport(ImportSpec):
    kind = "coordination.organizations"
    title = "Organizations"
    instructions = (
        "One row per organization. A row whose name (or acronym) matches an organization you can edit updates "
        "it; otherwise a new one is created. Areas are PSGC codes or names of regions, provinces and "
        "cities/municipalities, separated by semicolons; on an update they replace the areas in your assignments. "
        "Empty cells never erase stored values."
    )
    columns = [
        c.Column("Name", target="name", required=True, parse_kwargs={"max_length": 255},
                 example="Dapitan Muslim Women's Association"),
        c.Column("Acronym", target="acronym", parse_kwargs={"max_length": 30}, example="DMWA"),
        c.Column("Type", target="org_type", parse=c.parse_choice, parse_kwargs={"choices": OrganizationType.choices},
                 example="CSO / NGO", help="Required for a new organization."),
        c.Column("Sectors", target="sectors", parse=c.parse_choice_list, parse_kwargs={"choices": Sector.choices},
                 example="Education; Livelihood and economy"),
        c.Column("Area codes", target="area_codes", help="PSGC codes (10 digits), any level.", example="0907201000"),
        c.Column("Area names", target="area_names", example="Zamboanga del Norte; Dapitan City"),
        c.Column("Works everywhere", target="is_nationwide", parse=c.parse_boolean, example="No",
                 help="Yes for national agencies and BARMM ministries (national roles only)."),
        c.Column("Status", target="status", parse=c.parse_choice, parse_kwargs={"choices": Organization.Status.choices},
                 example="Active"),
        c.Column("Mandate", target="mandate", example="Women's livelihood and madrasah support"),
        c.Column("Website", target="website", parse_kwargs={"max_length": 200}),
        c.Column("Office e-mail", target="office_email", parse_kwargs={"max_length": 254}),
        c.Column("Office phone", target="office_phone", parse_kwargs={"max_length": 60}),
        c.Column("Address", target="address", parse_kwargs={"max_length": 255}),
    ]  # fmt: skip
    ignored_columns = {"Part of": "set the parent on the organization's page", "Type label": "read from Type"}

    @property
    def success_url(self) -> str:
        return reverse("coordination:organization-list")

    def has_permission(self, user) -> bool:
        return permission_allows(user, Organization, "add")

    def plan_row(self, values, *, line, user, context, choice, invalid) -> RowPlan:
        plan = RowPlan(line=line)
        name = values.get("name") or ""
        fields = {k: values[k] for k in ORG_FIELDS if values.get(k) is not None}
        places = match_places(plan, values.get("area_codes"), values.get("area_names"), choice=choice)
        _check_places(plan, user, places)
        existing = services.find_duplicates(name=name).first()
        if existing is not None:
            if not Organization.objects.for_user(user, "change").filter(pk=existing.pk).exists():
                plan.errors.append(f"{existing} already exists and is not one you can edit.")
            plan.action = UPDATE
        else:
            if "org_type" not in fields and "org_type" not in invalid:
                plan.errors.append('"Type" is required for a new organization.')
            clash = services.find_duplicates(acronym=fields.get("acronym", "")).first()
            if clash is not None:
                plan.errors.append(f"The acronym {fields['acronym']} is already used by {clash.name}.")
            if not places and not fields.get("is_nationwide") and "area_codes" not in invalid:
                plan.errors.append("Give at least one area (codes or names), or Works everywhere = Yes.")
        plan.identity = services.name_key(name)
        plan.summary = f"{name} ({fields.get('acronym', '')})" if fields.get("acronym") else name
        plan.data = {"name": name, "fields": fields, "places": places, "sectors": values.get("sectors"),
                     "existing": existing}  # fmt: skip
        return plan

    def apply_row(self, plan, *, user, context) -> None:
        data = plan.data
        extra = {"areas": data["places"] or None, "sectors": data["sectors"]}
        if data["existing"] is not None:
            services.update_organization(
                user=user, organization=data["existing"], name=data["name"], **data["fields"],
                **{k: v for k, v in extra.items() if v is not None},
            )  # fmt: skip
        else:
            services.create_organization(
                user=user, name=data["name"], areas=data["places"], sectors=data["sectors"] or [], **data["fields"]
            )


def parse_datetime(value) -> dt.datetime:
    """A date and time (a date alone means 09:00 Asia/Manila)."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value).strip()
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M"):
            try:
                moment = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            moment = dt.datetime.combine(c.parse_date(value), dt.time(9, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_organizations(value) -> list[str]:
    names = _split(value)
    if not names:
        raise CellError("give names or acronyms separated by semicolons.")
    return names


class EngagementImport(ImportSpec):
    kind = "coordination.engagements"
    title = "Engagements"
    instructions = (
        "One row per engagement (each row creates one). Give the area by PSGC code or name, the date and time "
        "as YYYY-MM-DD HH:MM (Asia/Manila), and the organizations present by name or acronym, separated by "
        "semicolons; they must already be in Coordination → Organizations."
    )
    columns = [
        c.Column("Title", target="title", required=True, parse_kwargs={"max_length": 200},
                 example="Consultation with LGU Dapitan"),
        c.Column("Type", target="kind", required=True, parse=c.parse_choice,
                 parse_kwargs={"choices": Engagement.Kind.choices}, example="Consultation"),
        c.Column("Starts", target="starts_at", required=True, parse=parse_datetime, example="2026-03-14 09:00"),
        c.Column("Ends", target="ends_at", parse=parse_datetime, example="2026-03-14 12:00"),
        c.Column("Venue", target="venue", parse_kwargs={"max_length": 255}, example="City hall"),
        c.Column("Area code", target="area_codes", example="0907201000"),
        c.Column("Area name", target="area_names", example="Dapitan City"),
        c.Column("Organizations", target="organizations", parse=parse_organizations, example="DMWA; MBHTE"),
        *[c.Column(label, target=f, parse=c.parse_integer, example=0) for f, label in (
            ("attendance_male", "Male"), ("attendance_female", "Female"), ("attendance_youth", "Youth"),
            ("attendance_women", "Women"), ("attendance_elders", "Elders"),
            ("attendance_religious", "Religious leaders"), ("attendance_pwd", "PWD"))],
        c.Column("Agenda", target="agenda", example="Madrasah support"),
        c.Column("Outcomes", target="outcomes", example="LGU to list teachers"),
    ]  # fmt: skip

    @property
    def success_url(self) -> str:
        return reverse("coordination:engagement-list")

    def has_permission(self, user) -> bool:
        return permission_allows(user, Engagement, "add")

    def plan_row(self, values, *, line, user, context, choice, invalid) -> RowPlan:
        plan = RowPlan(line=line)
        places = match_places(plan, values.get("area_codes"), values.get("area_names"), choice=choice)
        if len(places) > 1:
            plan.errors.append("Give one area for an engagement.")
        elif not places and not plan.options and not ({"area_codes", "area_names"} & set(invalid)):
            plan.errors.append("Give the area: a PSGC code or a name.")
        _check_places(plan, user, places)
        organizations = []
        visible = Organization.objects.for_user(user)
        for name in values.get("organizations") or []:
            key = services.name_key(name)
            found = list(visible.filter(name_key=key)) or list(visible.filter(acronym_key=key))
            if len(found) == 1:
                organizations.append(found[0])
            else:
                plan.errors.append(f'No organization you can see is called "{name}".')
        fields = {k: v for k, v in values.items() if v is not None and k not in ("area_codes", "area_names",
                                                                                 "organizations")}  # fmt: skip
        plan.summary = (
            f"{values.get('title') or ''} · {values['starts_at']:%d %b %Y}" if values.get("starts_at") else ""
        )
        plan.data = {"place": places[0] if places else None, "fields": fields, "organizations": organizations}
        plan.identity = ("row", line)
        return plan

    def apply_row(self, plan, *, user, context) -> None:
        services.create_engagement(
            user=user, place=plan.data["place"], organizations=plan.data["organizations"], **plan.data["fields"]
        )


register_import(OrganizationImport())
register_import(EngagementImport())
