"""The small things a daily user trips on (issue 9, item 9), each checked as a class."""

import csv
import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

import ai_assistant
import communities
import coordination
import mana
import policies
from common.formatting import display_date, display_datetime
from common.imports.forms import UploadForm
from common.pdf import is_figure, keep_with_next, numeric_alignment
from common.places.names import name_label, province_label
from common.tests import personas
from communities.tests.factories import make_community

TEMPLATES = Path(settings.BASE_DIR) / "src" / "templates"
SRC = Path(settings.BASE_DIR) / "src"


# --- one date format ------------------------------------------------------------------------------


def test_dates_read_in_one_philippine_english_format():
    assert display_date(datetime.date(2026, 12, 2)) == "2 Dec 2026"
    moment = datetime.datetime(2026, 12, 2, 6, 5, tzinfo=datetime.UTC)  # 14:05 in Manila
    assert display_datetime(moment) == "2 Dec 2026, 14:05"
    assert display_date(moment) == "2 Dec 2026"
    assert display_date(None, "never") == "never"
    rendered = Template('{% load obcms %}{{ d|ph_date }} · {{ t|ph_date:"time" }} · {{ d|date }}').render(
        Context({"d": datetime.date(2026, 1, 9), "t": moment})
    )
    assert rendered == "9 Jan 2026 · 2 Dec 2026, 14:05 · 9 Jan 2026"


def test_no_template_formats_dates_by_hand():
    hand_made = [
        f"{path.relative_to(TEMPLATES)}: {match}"
        for path in TEMPLATES.rglob("*.html")
        for match in re.findall(r"\|date:\"[^\"]*\"", path.read_text())
    ]
    assert hand_made == []


@pytest.mark.django_db
def test_community_page_shows_dates_in_the_one_format(client, officer_ix):
    community = make_community(personas.ALIGUAY, last_validated_on=datetime.date(2026, 3, 4))
    client.force_login(officer_ix)
    html = client.get(community.get_absolute_url()).content.decode()
    assert f"Created {display_date(community.created_at)}" in html
    assert "4 Mar 2026" in html and "2026-03-04" not in html


# --- one place label --------------------------------------------------------------------------------


def test_a_huc_is_labelled_once():
    assert name_label("City of Zamboanga (Independent City)", huc=True) == "City of Zamboanga (HUC)"
    assert province_label("City of Zamboanga (Independent City)", "huc") == "City of Zamboanga (HUC)"
    assert province_label("City of Isabela (Not a Province)", "special") == "City of Isabela"
    assert province_label("Zamboanga del Norte", "province") == "Zamboanga del Norte"


@pytest.mark.django_db
def test_location_api_gives_the_display_label_the_cascade_shows(client, officer_ix):
    client.force_login(officer_ix)
    rows = client.get(f"/api/v1/locations/regions/{personas.REGION_IX}/provinces/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    by_code = {r["code"]: r for r in rows}
    assert by_code[personas.ZAMBOANGA_CITY_HUC]["label"] == "City of Zamboanga (HUC)"
    assert by_code[personas.ZAMBOANGA_DEL_NORTE]["label"] == "Zamboanga del Norte"
    cascade = (SRC / "static" / "communities" / "js" / "cascade.js").read_text()
    assert '+ " (HUC)"' not in cascade


# --- links and wording --------------------------------------------------------------------------------


def test_no_page_uses_links_or_handlers_the_csp_blocks():
    offending = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"javascript:|\son[a-z]+=", path.read_text(), re.IGNORECASE)
    ]
    assert offending == []


def test_upload_help_says_which_files_are_workbooks_and_which_csv():
    help_text = UploadForm().fields["file"].help_text
    assert "an Excel workbook (.xlsx, .xlsm) or a CSV file (.csv)" in help_text
    assert ".xlsm, .csv)" not in help_text


def test_module_docstrings_describe_what_is_built():
    for module in (communities, mana, coordination, policies, ai_assistant):
        assert "not built yet" not in module.__doc__
    assert "not yet" not in communities.__doc__ and "not yet" not in mana.__doc__


@pytest.mark.django_db
def test_favicon_is_linked_and_served_as_a_static_file(client, officer_ix):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".ico")
    assert "/static/" in response["Location"]
    assert (SRC / "static" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    client.force_login(officer_ix)
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_admin_is_branded_obcms(client, administrator):
    client.force_login(administrator)
    html = client.get("/admin/").content.decode()
    assert "OBCMS administration" in html and "Django administration" not in html


# --- PDF tables and headings -------------------------------------------------------------------------


def test_pdf_tables_right_align_figure_columns_only():
    rows = [
        ["Province", "Communities", "OBC population", "Average"],
        ["Zamboanga", 3, "1,250", "—"],
        ["Sulu", 1, "40", "2.5"],
    ]
    assert numeric_alignment(rows) == [
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("ALIGN", (3, 0), (3, -1), "RIGHT"),
    ]
    assert not is_figure("OBC-IX-ZDN-0001") and is_figure("45%") and not is_figure(True)


def test_pdf_headings_keep_with_what_follows():
    from communities.reports import _styles

    assert _styles()["h2"].keepWithNext == 1

    class Style:
        keepWithNext = 0

    style = Style()
    keep_with_next(style)
    assert style.keepWithNext == 1


# --- exports of the coverage lists -----------------------------------------------------------------


@pytest.mark.django_db
def test_officer_exports_the_municipal_coverage_list_of_their_area(client, officer_ix):
    make_community(personas.ALIGUAY)
    make_community("1206306002")  # Koronadal, Region XII
    client.force_login(officer_ix)
    list_page = client.get(reverse("communities:municipal-list")).content.decode()
    assert "/communities/municipal/export/?format=csv" in list_page
    response = client.get("/communities/municipal/export/", {"format": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["City/municipality"] for r in rows] == ["City of Dapitan"]
    assert rows[0]["Communities"] == "1" and "Focal persons" not in rows[0]


@pytest.mark.django_db
def test_provincial_coverage_exports_to_excel_with_the_page_filters(client, administrator):
    make_community(personas.ALIGUAY)
    make_community("1206306002")
    client.force_login(administrator)
    response = client.get("/communities/provincial/export/", {"format": "xlsx", "region": personas.REGION_XII})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book["Data"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Province/HUC PSGC code", "Province/HUC")
    assert [r[1] for r in rows[1:]] == ["South Cotabato"]


@pytest.mark.django_db
def test_outsider_cannot_export_coverage(client, outsider):
    client.force_login(outsider)
    assert client.get("/communities/municipal/export/", {"format": "csv"}).status_code == 403
    assert client.get("/communities/provincial/export/", {"format": "xlsx"}).status_code == 403


def test_now_is_shown_in_manila_time():
    assert display_datetime(timezone.now()).endswith(timezone.localtime().strftime("%H:%M"))
