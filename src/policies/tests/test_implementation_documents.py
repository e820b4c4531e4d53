"""Implementation documents of an approved recommendation: uploaded through the shared type/size
check (common/uploads.py), listed on the detail page, downloaded only through the access-checked
view (per persona)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policies import services
from policies.models import ImplementationDocument, Status

from .conftest import advance

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def approved_ix(rec_ix, officer_ix, executive):
    return advance(rec_ix, officer_ix, executive, Status.APPROVED)


@pytest.fixture
def document(settings, tmp_path, approved_ix, officer_ix, client):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer_ix)
    url = reverse("policies:implementation-document-add", args=[approved_ix.pk])
    response = client.post(url, {"kind": "issuance", "file": SimpleUploadedFile("EO 12.pdf", PDF)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImplementationDocument.objects.get()


def test_upload_is_checked_by_the_shared_rule(settings, tmp_path, approved_ix, rec_xii, officer_ix):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match="does not look like a PDF"):
        services.upload_implementation_document(
            user=officer_ix, recommendation=approved_ix, upload=SimpleUploadedFile("x.pdf", b"<html>")
        )
    settings.POLICIES_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is"):
        services.upload_implementation_document(
            user=officer_ix, recommendation=approved_ix, upload=SimpleUploadedFile("x.pdf", PDF)
        )
    assert not ImplementationDocument.objects.exists()


def test_no_upload_before_approval(rec_ix, officer_ix):
    with pytest.raises(ValidationError, match="once the recommendation is approved"):
        services.upload_implementation_document(
            user=officer_ix, recommendation=rec_ix, upload=SimpleUploadedFile("x.pdf", PDF)
        )


def test_detail_lists_the_document_and_stores_it_privately(document, approved_ix, client):
    assert document.file.name.startswith(f"private/policies/implementation/{approved_ix.pk}/")
    assert document.content_type == "application/pdf" and document.kind == "issuance"
    html = client.get(approved_ix.get_absolute_url()).content.decode()
    assert reverse("policies:implementation-document-download", args=[document.pk]) in html


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("officer_ix", 200), ("executive", 200), ("officer_xii", 404), ("partner_ix", 403), (None, 302)],
)
def test_download_per_persona(request, client, document, persona, expected):
    client.logout()
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("policies:implementation-document-download", args=[document.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff" and "attachment" in response["Content-Disposition"]
