"""The shared write plumbing (common/appkit): revision parsing, the one API error body, scoped fields."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions

from common.appkit.api import exception_handler
from common.appkit.concurrency import parse_revision
from common.appkit.forms import ScopedFieldsMixin
from common.models import Region
from common.tests import personas


@pytest.mark.parametrize(("value", "expected"), [('"3"', 3), ('W/"3"', 3), ("3", 3), ("", None), (None, None)])
def test_revision_is_read_from_etag_forms(value, expected):
    assert parse_revision(value) == expected


@pytest.mark.parametrize("value", ['"x"', "0", "-2"])
def test_a_bad_revision_is_refused(value):
    with pytest.raises(ValueError):
        parse_revision(value)


def test_service_validation_error_becomes_one_400_body():
    response = exception_handler(ValidationError({"households": ["Too many."], "__all__": ["Check it."]}), {})
    assert response.status_code == 400
    assert response.data == {
        "detail": "The request has errors.",
        "code": "invalid",
        "errors": {"households": ["Too many."], "non_field_errors": ["Check it."]},
    }


def test_service_permission_denied_becomes_403_in_the_same_shape():
    response = exception_handler(PermissionDenied("Outside your areas."), {})
    assert response.status_code == 403
    assert response.data == {"detail": "Outside your areas.", "code": "permission_denied", "errors": {}}


def test_drf_errors_keep_the_same_shape():
    response = exception_handler(exceptions.NotFound("Need 9 not found."), {})
    assert response.status_code == 404 and response.data["code"] == "not_found" and response.data["errors"] == {}
    single = exception_handler(exceptions.ValidationError({"q": ["Type at least 2 characters."]}), {})
    assert single.data["detail"] == "Type at least 2 characters." and single.data["errors"] == {
        "q": ["Type at least 2 characters."]
    }


class _RegionForm(ScopedFieldsMixin, forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.none())
    scoped_fields = {"region": (Region, "view")}


@pytest.mark.django_db
def test_scoped_fields_offer_and_accept_only_the_users_areas(officer_ix):
    form = _RegionForm(user=officer_ix)
    assert [r.code for r in form.fields["region"].queryset] == [personas.REGION_IX]
    xii = Region.objects.get(code=personas.REGION_XII)
    assert not _RegionForm({"region": xii.pk}, user=officer_ix).is_valid()
    assert not _RegionForm({"region": xii.pk}, user=None).is_valid()


def test_schema_documents_if_match_etag_and_the_stale_answers():
    """Every PUT/PATCH of a versioned record requires If-Match and documents 412 and 428; its detail
    GET documents the ETag header (common/appkit/schema.py)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = 0
    for path, operations in schema["paths"].items():
        if not path.startswith(("/api/v1/communities/", "/api/v1/mana/")):
            continue
        for method in ("put", "patch"):
            operation = operations.get(method)
            if operation is None:
                continue
            writes += 1
            names = [p["name"] for p in operation.get("parameters", [])]
            assert "If-Match" in names, (method, path)
            assert {"412", "428"} <= set(operation["responses"]), (method, path)
        if "put" in operations:
            assert "ETag" in operations["get"]["responses"]["200"].get("headers", {}), path
    assert writes >= 12  # communities: profile, coverage ×2, leader; MANA: assessment, response, need (PUT + PATCH)
