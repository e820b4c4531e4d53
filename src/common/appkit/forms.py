"""Form pieces shared by every app.

``VersionedFormMixin`` adds the hidden ``revision`` of the record being edited (required: a post
without it is refused, so no edit skips the check) and keeps what the user typed when the service
answers ``StaleRecordError``. ``ScopedFieldsMixin`` limits related-record fields to what
``for_user`` of the acting user returns. ``ServiceValidatedModelForm`` leaves model validation to
the service, so pages and the API share one set of rules.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator

from .concurrency import parse_revision

BOUNDS = (MinValueValidator, MaxValueValidator)

OUT_OF_DATE = (
    "This form is out of date (it does not say which version of the record you opened). Reload the page and "
    "make your changes again."
)


class VersionedFormMixin:
    """For forms that edit a ``VersionedModel``; pass the record as ``instance`` (ModelForm) or
    ``record`` (plain Form). ``expected_revision`` goes to the service."""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        record = record if record is not None else getattr(self, "instance", None)
        self.stale_error = None
        if record is not None and record.pk and hasattr(record, "revision"):
            self.fields["revision"] = forms.CharField(widget=forms.HiddenInput, required=False, initial=record.revision)

    def clean(self):
        cleaned = super().clean()
        if "revision" in self.fields:
            try:
                cleaned["revision"] = parse_revision(cleaned.get("revision"))
            except ValueError:
                cleaned["revision"] = None
            if cleaned["revision"] is None:
                # On top of the form, not on the hidden field: the user must see it.
                self.add_error(None, OUT_OF_DATE)
        return cleaned

    @property
    def expected_revision(self) -> int | None:
        if "revision" not in self.fields:
            return None
        return self.cleaned_data.get("revision")

    def mark_stale(self, error) -> None:
        """After a refused stale save: keep the typed values, move the hidden version to the current
        one (saving again overwrites knowingly), and keep the error for the template."""
        self.stale_error = error
        if self.is_bound:
            data = self.data.copy()
            data[self.add_prefix("revision")] = str(error.current_revision)
            self.data = data


class ScopedFieldsMixin:
    """Limit related-record fields to ``Model.objects.for_user(user, action)``.

    Declare ``scoped_fields = {"field": (Model or callable(user) -> queryset, "view")}``; the form
    takes ``user=``. A field whose choices the user cannot see rejects the posted value.
    """

    scoped_fields: dict = {}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, (source, action) in self.scoped_fields.items():
            if name in self.fields:
                self.fields[name].queryset = scoped_queryset(source, user, action)


def scoped_queryset(source, user, action="view"):
    if callable(source) and not hasattr(source, "objects"):
        return source(user)
    if user is None:
        return source.objects.none()
    return source.objects.for_user(user, action)


class ServiceValidatedModelForm(forms.ModelForm):
    """A ModelForm that leaves model validation to the service (so pages and the API share it).

    Single-field bounds declared on the model (``MinValueValidator``/``MaxValueValidator``, e.g. a
    budget that cannot be negative) still show on the field at once: they are copied onto the form
    field, as the API serializers copy them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
                continue  # numbers only (a choice field keeps its choices)
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            present = {(type(v), v.limit_value) for v in field.validators if isinstance(v, BOUNDS)}
            for validator in getattr(model_field, "validators", ()):
                if isinstance(validator, BOUNDS) and (type(validator), validator.limit_value) not in present:
                    field.validators.append(validator)

    def _post_clean(self):
        pass
