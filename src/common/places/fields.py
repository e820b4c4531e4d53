"""The one place picker: Region → Province/HUC → City/Municipality → Barangay.

``PlaceField`` is a form field; its ``PlaceWidget`` renders one ``<select>`` per level with options
only for the levels whose parent is chosen (so a page never lists 1,600 municipalities), and
``static/common/js/place-picker.js`` loads a level lazily from the location API (``?scope=mine``)
when its parent changes. Without JavaScript, submitting the form renders the next level.

Offered options AND accepted values come from ``Model.objects.for_user(user)``: a form binds the
user with :func:`bind_place_fields` (``PlaceFormMixin`` does it from a ``user=`` keyword).

The cleaned value is a :class:`PlaceSelection` (``.region``, ``.province``, ``.municipality``,
``.barangay``, ``.many`` for a multiple choice at the last level, ``.deepest``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse

from common.places.labels import LEVEL_LABELS, LEVELS, MODELS, display_name, parent_of, place_labels

PLACEHOLDERS = {
    "region": "Choose a region",
    "province": "Choose a province or HUC",
    "municipality": "Choose a city/municipality",
    "barangay": "Choose a barangay",
}
ANY_LABELS = {
    "region": "All regions",
    "province": "All provinces",
    "municipality": "All cities/municipalities",
    "barangay": "All barangays",
}
#: Cap on server-rendered options for one level (a municipality has at most a few hundred barangays).
MAX_OPTIONS = 1000
LEVEL_NOUNS = {"region": "region", "province": "province or HUC", "municipality": "city or municipality",
               "barangay": "barangay"}  # fmt: skip


@dataclass
class PlaceSelection:
    region: object = None
    province: object = None
    municipality: object = None
    barangay: object = None
    many: list = field(default_factory=list)
    many_level: str | None = None

    def get(self, level):
        return getattr(self, level)

    @property
    def level(self) -> str | None:
        """The deepest level chosen (``many_level`` when several places were chosen)."""
        if self.many:
            return self.many_level
        for level in reversed(LEVELS):
            if self.get(level) is not None:
                return level
        return None

    @property
    def deepest(self):
        level = self.level
        return None if level is None or self.many else self.get(level)

    @property
    def items(self) -> list:
        """The places chosen at the deepest level, as a list (one or several)."""
        return list(self.many) if self.many else ([self.deepest] if self.deepest is not None else [])

    def at(self, level: str) -> list:
        """The places chosen at ``level``: the several of a multiple choice, or the one place."""
        if self.many_level == level:
            return list(self.many)
        return [self.get(level)] if self.get(level) is not None else []

    def __bool__(self) -> bool:
        return self.level is not None

    def codes(self) -> dict:
        codes = {level: self.get(level).code for level in LEVELS if self.get(level) is not None}
        if self.many:
            codes[self.many_level] = [obj.code for obj in self.many]
        return codes


#: Path from each level to a Region / Province / Municipality that bounds the picker (``within``).
WITHIN_PATHS = {
    "region": {"region": "pk", "province": "provinces", "municipality": "provinces__municipalities"},
    "province": {"region": "region", "province": "pk", "municipality": "municipalities"},
    "municipality": {"region": "province__region", "province": "province", "municipality": "pk"},
    "barangay": {"region": "municipality__province__region", "province": "municipality__province",
                 "municipality": "municipality"},
}  # fmt: skip


def scoped(level: str, user, within=None):
    """The places of a level the user may pick (deny by default: no user, nothing), optionally only
    those on the path to or under ``within`` (e.g. an assessment's province)."""
    model = MODELS[level]
    queryset = model.objects.all()
    if level == "municipality":
        queryset = queryset.for_cascade().select_related("province__region")
    elif level == "province":
        queryset = queryset.select_related("region")
    elif level == "barangay":
        queryset = queryset.select_related("municipality__province__region", "municipality__parent_city")
    if user is None:
        return queryset.none()
    queryset = queryset.for_user(user, "view")
    if within is not None:
        path = WITHIN_PATHS[level][within.level]
        if level == "barangay" and within.level == "municipality":
            return queryset.of_municipality(within)
        if path == "pk":
            return queryset.filter(pk=within.pk)
        return queryset.filter(**{path: within}).distinct()
    return queryset


def children(level: str, parent, user, within=None):
    """Options of ``level`` below the chosen ``parent`` (regions need none)."""
    queryset = scoped(level, user, within)
    if level == "region":
        return queryset.order_by("code")
    if parent is None:
        return queryset.none()
    if level == "barangay":
        return queryset.of_municipality(parent).order_by("name")
    parent_field = {"province": "region", "municipality": "province"}[level]
    return queryset.filter(**{parent_field: parent}).order_by("name")


def qualified_label(obj) -> str:
    """A place's name with its parent, whether or not the name is shared ("Poblacion (City of Dapitan)")."""
    parent = parent_of(obj)
    return f"{display_name(obj)} ({display_name(parent)})" if parent is not None else display_name(obj)


def ancestors(obj) -> dict:
    """``{level: pk}`` of the object's parents as the cascade shows them."""
    from common.models import Barangay, Municipality, Province

    if isinstance(obj, Province):
        return {"region": obj.region_id}
    if isinstance(obj, Municipality):
        return {"region": obj.province.region_id, "province": obj.province_id}
    if isinstance(obj, Barangay):
        municipality = obj.municipality.parent_city or obj.municipality
        return {
            "region": obj.municipality.province.region_id,
            "province": obj.municipality.province_id,
            "municipality": municipality.pk,
        }
    return {}


def path_objects(obj) -> dict:
    """``{level: object}`` for the object and its parents (selected with it, no queries)."""
    from common.models import Barangay, Municipality, Province

    if isinstance(obj, Barangay):
        municipality = obj.municipality.parent_city or obj.municipality
        return {**path_objects(municipality), "barangay": obj}
    if isinstance(obj, Municipality):
        return {**path_objects(obj.province), "municipality": obj}
    if isinstance(obj, Province):
        return {"region": obj.region, "province": obj}
    return {"region": obj} if obj is not None else {}


def _as_codes(value) -> dict:
    """Normalise a widget value (posted codes, a selection, a place, a code) to ``{level: code}``."""
    if not value:
        return {}
    if isinstance(value, dict):
        return value
    if isinstance(value, PlaceSelection):
        return value.codes()
    if hasattr(value, "code") and hasattr(value, "level"):
        return {level: obj.code for level, obj in path_objects(value).items()}
    if isinstance(value, list | tuple | QuerySet):
        return _many_codes(list(value))
    return {}


def _many_codes(places: list) -> dict:
    """Several places of one level (an edit form's initial value): their codes, and the levels above
    that all of them share, so the cascade opens where they are."""
    places = [p for p in places if hasattr(p, "code") and hasattr(p, "level")]
    if not places:
        return {}
    paths = [path_objects(p) for p in places]
    level = places[0].level
    codes = {level: [p.code for p in places]}
    for parent in LEVELS[: LEVELS.index(level)]:
        shared = {path[parent].code for path in paths if path.get(parent) is not None}
        if len(shared) != 1:
            break
        codes[parent] = shared.pop()
    return codes


class PlaceWidget(forms.Widget):
    """One ``<select>`` per level; each reads and writes its own query/form parameter."""

    template_name = "common/widgets/place_picker.html"

    def __init__(self, *, levels=LEVELS, multiple=False, names=None, any_labels=False, attrs=None):
        super().__init__(attrs)
        self.levels = tuple(levels)
        self.multiple = multiple
        self.names = dict(names or {})
        self.any_labels = any_labels
        self.user = None
        self.within = None

    def param(self, name: str, level: str) -> str:
        return self.names.get(level) or (f"{name}_{level}" if name else level)

    def value_from_datadict(self, data, files, name):
        codes = {}
        for level in self.levels:
            param = self.param(name, level)
            raw = data.getlist(param) if hasattr(data, "getlist") else data.get(param)
            values = [str(v).strip() for v in (raw if isinstance(raw, list | tuple) else [raw]) if v]
            if not values:
                continue
            many = self.multiple and level == self.levels[-1]
            codes[level] = values if many else values[-1]
        return codes

    def value_omitted_from_data(self, data, files, name):
        return not any(self.param(name, level) in data for level in self.levels)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        codes = self._with_parents(_as_codes(value))
        base_id = (attrs or {}).get("id") or f"id_{name}"
        parent, rows = None, []
        for level in self.levels:
            options = (
                list(children(level, parent, self.user, self.within)[:MAX_OPTIONS])
                if level == "region" or parent
                else []
            )
            labels = place_labels(options)
            chosen = codes.get(level) or []
            chosen = set(chosen if isinstance(chosen, list) else [chosen])
            is_many = self.multiple and level == self.levels[-1]
            if is_many:
                # Places chosen under another parent stay chosen (listed first, always with their parent).
                offered = {o.code for o in options}
                kept = list(scoped(level, self.user, self.within).filter(code__in=chosen - offered).order_by("name"))
                labels.update({o.pk: qualified_label(o) for o in kept})
                options = [*kept, *options]
            # A single option is chosen for the user (as the script does), so the next level opens.
            if not chosen and len(options) == 1 and level != self.levels[-1]:
                chosen = {options[0].code}
            rows.append(
                {
                    "level": level,
                    "label": LEVEL_LABELS[level],
                    "name": self.param(name, level),
                    "id": f"id_{self.names[level]}" if level in self.names else f"{base_id}_{level}",
                    "multiple": is_many,
                    "disabled": level != "region" and parent is None and not options,
                    "placeholder": (ANY_LABELS if self.any_labels else PLACEHOLDERS)[level],
                    "options": [
                        {"code": o.code, "label": labels[o.pk], "selected": o.code in chosen, "place": o}
                        for o in options
                    ],
                }
            )
            picked = [o for o in options if o.code in chosen]
            parent = picked[0] if len(picked) == 1 and not is_many else None
        context["widget"].update(
            {
                "levels": rows,
                "api": reverse("locations:regions").removesuffix("regions/"),
                "any_labels": self.any_labels,
            }
        )
        return context

    def _with_parents(self, codes: dict) -> dict:
        """``?province=X`` alone (e.g. from the API or an old link) still opens Region → Province."""
        chosen = [level for level in self.levels if codes.get(level) and not isinstance(codes[level], list)]
        if not chosen or all(codes.get(level) for level in self.levels[: self.levels.index(chosen[-1])]):
            return codes
        place = scoped(chosen[-1], self.user, self.within).filter(code=codes[chosen[-1]]).first()
        if place is None:
            return codes
        return {**{level: obj.code for level, obj in path_objects(place).items()}, **codes}

    def id_for_label(self, id_):
        first = self.levels[0]
        if first in self.names:
            return f"id_{self.names[first]}"
        return f"{id_}_{first}" if id_ else id_


class PlaceField(forms.Field):
    """A place at one or more levels, limited to the user's areas on render and on validation.

    ``levels``: the selects shown, top first (e.g. ``("region", "province")``).
    ``required_level``: the level that must be chosen (``None``: any, or nothing when not required).
    ``multiple``: several places may be chosen at the last level; the levels above only narrow what
    is offered, so places chosen under one parent stay chosen when the user moves to another.
    ``names``: query/form parameter per level (default ``<field>_<level>``; filters use ``region`` …).
    """

    widget = PlaceWidget

    def __init__(self, *, levels=LEVELS, required_level=None, multiple=False, names=None, any_labels=False, **kwargs):
        self.levels = tuple(levels)
        self.required_level = required_level
        self.multiple = multiple
        kwargs.setdefault("widget", PlaceWidget(levels=levels, multiple=multiple, names=names, any_labels=any_labels))
        kwargs.setdefault("required", required_level is not None)
        super().__init__(**kwargs)
        self.user = None
        self.within = None

    def limit_to(self, user, within=None) -> None:
        """Offer and accept only ``user``'s places (and, with ``within``, only that area's)."""
        self.user = user
        self.widget.user = user
        self.within = self.widget.within = within

    def to_python(self, value) -> PlaceSelection:
        codes = _as_codes(value)
        selection = PlaceSelection()
        for level in self.levels:
            raw = codes.get(level)
            if not raw:
                continue
            is_many = self.multiple and level == self.levels[-1]
            wanted = raw if isinstance(raw, list) else [raw]
            found = list(scoped(level, self.user, self.within).filter(code__in=wanted))
            if len(found) != len(set(wanted)) or (len(wanted) > 1 and not is_many):
                raise ValidationError(
                    f"That {LEVEL_NOUNS[level]} does not exist or is outside your assigned areas.",
                    code="invalid_choice",
                )
            outside = not all(self._within(selection, obj) for obj in found)
            # Several places, or (multiple choice) places kept from another parent: the value is the list.
            if is_many and (len(found) > 1 or outside):
                selection.many, selection.many_level = found, level
                break
            # A place outside the chosen parent (its parent was changed without script): stop here.
            if outside:
                break
            for key, obj in path_objects(found[0]).items():
                if selection.get(key) is None:
                    setattr(selection, key, obj)
        return selection

    @staticmethod
    def _within(selection: PlaceSelection, obj) -> bool:
        return all(
            selection.get(level) is None or selection.get(level).pk == pk for level, pk in ancestors(obj).items()
        )

    def validate(self, value: PlaceSelection) -> None:
        if self.required_level and value.get(self.required_level) is None and value.many_level != self.required_level:
            raise ValidationError(f"Choose a {LEVEL_NOUNS[self.required_level]}.", code="required")
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data) -> bool:
        return _as_codes(initial) != _as_codes(data)


def bind_place_fields(form, user) -> None:
    """Limit every place field of ``form`` to ``user``'s areas (options and accepted values)."""
    for form_field in form.fields.values():
        if isinstance(form_field, PlaceField):
            form_field.limit_to(user)


class PlaceFormMixin:
    """A form taking ``user=``; its place fields offer and accept only that user's areas."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_place_fields(self, user)
