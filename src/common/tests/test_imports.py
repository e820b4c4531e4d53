"""The generic import machinery, exercised through a small test import of users."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from common.imports import columns as c
from common.imports.engine import (
    CHOOSE,
    CREATE,
    ERROR,
    UPDATE,
    ImportSpec,
    RowPlan,
    build_preview,
    commit,
    register_import,
)
from common.locations.matching import LocationMatcher, describe
from common.models import ImportUpload, User
from common.tests import personas
from common.tests.spreadsheets import xlsx as build_xlsx

pytestmark = pytest.mark.django_db


class UserImport(ImportSpec):
    kind = "tests.users"
    title = "Test users"
    success_url = "home"
    columns = [
        c.Column("Username", required=True, parse=c.parse_text, parse_kwargs={"max_length": 30}, example="juan"),
        c.Column("Position", parse=c.parse_text, parse_kwargs={"max_length": 150}, aliases=("job title",)),
        c.Column("Active", parse=c.parse_boolean),
        c.Column("Barangay"),
        c.Column("City/Municipality", target="municipality"),
        c.Column("Age", parse=c.parse_integer, parse_kwargs={"minimum": 15, "maximum": 100}),
        c.Column("Kind", parse=c.parse_choice, parse_kwargs={"choices": [("a", "Alpha (first)"), ("b", "Beta")]}),
    ]

    def has_permission(self, user):
        return user.has_perm("common.add_user")

    def prepare(self, *, user):
        return {"matcher": LocationMatcher()}

    def plan_row(self, values, *, line, user, context, choice, invalid):
        plan = RowPlan(line=line, data=values, identity=values.get("Username"))
        existing = User.objects.filter(username=values.get("Username")).first()
        plan.action = UPDATE if existing else CREATE
        plan.summary = values.get("Username") or ""
        if values.get("Barangay"):
            match = context["matcher"].match(barangay=values["Barangay"], municipality=values.get("municipality") or "")
            if match.status == "ambiguous":
                plan.options = [(b.code, describe(b)) for b in match.candidates]
                plan.question = match.message
                if choice in dict(plan.options):
                    plan.choice = choice
                    plan.data["barangay_code"] = choice
                elif choice:
                    plan.errors.append("The place chosen is not one of the options.")
            elif match.is_matched:
                plan.data["barangay_code"] = match.barangay.code
            else:
                plan.errors.append(match.message)
        return plan

    def apply_row(self, plan, *, user, context):
        values = plan.data
        if values.get("Position") == "forbidden":
            raise ValidationError({"position": ["This position is refused by the service."]})
        account, _ = User.objects.get_or_create(username=values["Username"])
        account.position = values.get("Position") or ""
        account.organization = values.get("barangay_code", "")
        account.full_clean(exclude=["password"])
        account.save()


SPEC = register_import(UserImport())


def xlsx(rows, headers=("Username", "Position", "Barangay", "City/Municipality")):
    return build_xlsx(rows, headers)


def csv_file(rows, headers=("Username", "Position"), delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8-sig"))


def test_dry_run_plans_rows_and_writes_nothing(officer_ix):
    before = User.objects.count()
    preview = build_preview(
        SPEC,
        xlsx([["new1", "Clerk", "Aliguay", "Dapitan City"], ["officer_ix", "Officer", None, None]]),
        "a.xlsx",
        user=officer_ix,
    )
    assert [r.status for r in preview.rows] == [CREATE, UPDATE]
    assert [r.line for r in preview.rows] == [2, 3]
    assert preview.rows[0].data["barangay_code"] == personas.ALIGUAY
    assert preview.can_commit and User.objects.count() == before


def test_commit_creates_and_updates_in_one_go(officer_ix):
    preview = commit(
        SPEC,
        xlsx([["new1", "Clerk", "Aliguay", "Dapitan City"], ["officer_ix", "Officer", None, None]]),
        "a.xlsx",
        user=officer_ix,
    )
    assert preview.committed and preview.counts == {CREATE: 1, UPDATE: 1, CHOOSE: 0, ERROR: 0}
    assert User.objects.get(username="new1").organization == personas.ALIGUAY
    officer_ix.refresh_from_db()
    assert officer_ix.position == "Officer"


def test_any_error_means_nothing_is_written(officer_ix):
    preview = commit(
        SPEC, xlsx([["new1", "Clerk", None, None], ["new2", "x" * 151, None, None]]), "a.xlsx", user=officer_ix
    )
    assert not preview.committed
    assert preview.rows[1].errors == ['"Position": at most 150 characters allowed, this has 151.']
    assert not User.objects.filter(username__in=["new1", "new2"]).exists()


def test_error_raised_by_the_service_while_writing_rolls_back_every_row(officer_ix):
    preview = commit(
        SPEC, xlsx([["new1", "Clerk", None, None], ["new2", "forbidden", None, None]]), "a.xlsx", user=officer_ix
    )
    assert not preview.committed
    assert preview.rows[1].errors == ["Position: This position is refused by the service."]
    assert not User.objects.filter(username__in=["new1", "new2"]).exists()


def test_ambiguous_place_must_be_chosen_and_the_choice_is_used(officer_ix):
    rows = [["new1", "Clerk", "San Jose", None]]
    preview = commit(SPEC, xlsx(rows), "a.xlsx", user=officer_ix)
    row = preview.rows[0]
    assert not preview.committed and row.status == CHOOSE and len(row.options) > 1
    assert not User.objects.filter(username="new1").exists()
    chosen = row.options[1][0]
    preview = commit(SPEC, xlsx(rows), "a.xlsx", user=officer_ix, choices={2: chosen})
    assert preview.committed
    assert User.objects.get(username="new1").organization == chosen


def test_a_choice_outside_the_options_is_refused(officer_ix):
    preview = build_preview(
        SPEC, xlsx([["new1", "Clerk", "San Jose", None]]), "a.xlsx", user=officer_ix, choices={2: "0101001001"}
    )
    assert preview.rows[0].status == ERROR and "not one of the options" in preview.rows[0].errors[0]


def test_same_record_twice_in_one_file_is_an_error(officer_ix):
    preview = build_preview(
        SPEC, xlsx([["new1", "A", None, None], ["new1", "B", None, None]]), "a.xlsx", user=officer_ix
    )
    assert preview.rows[1].errors == ["Row 2 already describes this record; merge the two rows."]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (("Username", "Salary"), "Unknown column(s): 'Salary'."),
        (("Position",), "Missing required column(s): 'Username'."),
        (("Username", "Position", "job title"), 'The column "Position" appears twice'),
        (("Username", "", "Position"), "Column 2 has no heading."),
    ],
)
def test_wrong_columns_reject_the_file_with_a_message(officer_ix, headers, message):
    preview = build_preview(SPEC, xlsx([["a"] * len(headers)], headers=headers), "a.xlsx", user=officer_ix)
    assert not preview.rows and not preview.can_commit
    assert any(message in error for error in preview.file_errors), preview.file_errors


def test_headings_match_whatever_the_case_spacing_or_alias(officer_ix):
    preview = build_preview(
        SPEC, xlsx([["new1", "Clerk"]], headers=(" USERNAME ", "Job Title")), "a.xlsx", user=officer_ix
    )
    assert preview.rows[0].data["Position"] == "Clerk"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"not a zip at all", "a.xlsx", "not a readable Excel workbook"),
        (b"PK\x03\x04garbage", "a.csv", "not a CSV text file"),
        (b"", "a.csv", "The file is empty"),
        (b"Username,Position\n", "a.csv", "no data rows"),
        (b"Username,Position\nx,y,stray\n", "a.csv", "values to the right of the last column heading"),
    ],
)
def test_malformed_files_are_rejected_with_a_message(officer_ix, content, filename, message):
    preview = build_preview(SPEC, io.BytesIO(content), filename, user=officer_ix)
    assert not preview.rows and message in preview.file_errors[0]


def test_too_many_rows_is_refused(officer_ix, monkeypatch):
    monkeypatch.setattr(SPEC, "max_rows", 2)
    preview = build_preview(SPEC, csv_file([["a", ""], ["b", ""], ["c", ""]]), "a.csv", user=officer_ix)
    assert "more than 2 data rows" in preview.file_errors[0]


def test_csv_with_semicolons_and_windows_encoding_is_read(officer_ix):
    data = "Username;Position\nnew1;Técnico\n".encode("cp1252")
    preview = build_preview(SPEC, io.BytesIO(data), "a.csv", user=officer_ix)
    assert preview.rows[0].data == {"Username": "new1", "Position": "Técnico"}


def test_blank_rows_are_skipped_and_lines_are_spreadsheet_lines(officer_ix):
    preview = build_preview(SPEC, csv_file([["new1", ""], ["", ""], ["new2", ""]]), "a.csv", user=officer_ix)
    assert [r.line for r in preview.rows] == [2, 4]


# --- parsers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (c.Column("N", parse=c.parse_integer), "1,234", 1234),
        (c.Column("N", parse=c.parse_integer), 12.0, 12),
        (c.Column("D", parse=c.parse_date), "2025-03-31", "2025-03-31"),
        (c.Column("D", parse=c.parse_date), "March 31, 2025", "2025-03-31"),
        (c.Column("B", parse=c.parse_boolean), "yes", True),
        (c.Column("K", parse=c.parse_choice, parse_kwargs={"choices": [("a", "Alpha (first)")]}), "alpha", "a"),
        (c.Column("K", parse=c.parse_choice, parse_kwargs={"choices": [("a", "Alpha (first)")]}), "ALPHA (FIRST)", "a"),
        (
            c.Column("L", parse=c.parse_choice_list, parse_kwargs={"choices": [("a", "Alpha"), ("b", "Beta")]}),
            "Beta; alpha, b",
            ["b", "a"],
        ),
        (c.Column("T"), "  padded  ", "padded"),
        (c.Column("T"), None, None),
    ],
)
def test_parsers_accept_what_people_type(column, value, expected):
    result = column.read(value)
    assert (str(result) if column.parse is c.parse_date else result) == expected


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (c.Column("Households", parse=c.parse_integer), "12a", '"Households": must be a whole number, not "12a".'),
        (c.Column("Households", parse=c.parse_integer), 2.5, '"Households": must be a whole number, not 2.5.'),
        (c.Column("Households", parse=c.parse_integer), -1, '"Households": must be at least 0, not -1.'),
        (
            c.Column("Date", parse=c.parse_date),
            "31/31/2025",
            '"Date": "31/31/2025" is not a date; write it as YYYY-MM-DD',
        ),
        (
            c.Column("Kind", parse=c.parse_choice, parse_kwargs={"choices": [("a", "Alpha")]}),
            "Gamma",
            '"Kind": "Gamma" is not one of: Alpha.',
        ),
        (
            c.Column("Groups", parse=c.parse_choice_list, parse_kwargs={"choices": [("a", "Alpha")]}),
            "Alpha; Zeta",
            "\"Groups\": unknown value(s) 'Zeta'",
        ),
        (c.Column("Name", required=True), "  ", '"Name" is required.'),
        (c.Column("Ok", parse=c.parse_boolean), "maybe", '"Ok": write Yes or No, not "maybe".'),
    ],
)
def test_bad_values_get_plain_messages(column, value, message):
    with pytest.raises(c.CellError) as excinfo:
        column.read(value)
    assert str(excinfo.value).startswith(message)


def test_column_for_model_field_picks_the_parser():
    field = User._meta.get_field("is_active")
    column = c.column_for_field(field)
    assert column.parse is c.parse_boolean and column.target == "is_active" and column.name == "Active"


# --- pages --------------------------------------------------------------------------------------


def _upload(client, content, name="users.xlsx"):
    """Upload through the page; the ``imports.read`` job reads the file when the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("imports:start", args=["tests.users"]), {"file": SimpleUploadedFile(name, content.getvalue())}
        )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_upload_preview_and_commit_through_the_pages(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("imports:start", args=["tests.users"])).status_code == 200
    response = _upload(client, xlsx([["new1", "Clerk", "San Jose", None]]))
    upload = ImportUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:preview", args=[upload.pk])
    html = client.get(response["Location"]).content.decode()
    assert 'data-status="choose"' in html and 'name="choice-2"' in html
    assert not User.objects.filter(username="new1").exists()
    code = html.split('name="choice-2"', 1)[1].split('<option value="', 2)[2].split('"', 1)[0]
    rechecked = client.post(reverse("imports:preview", args=[upload.pk]), {"choice-2": code}).content.decode()
    assert 'data-status="create"' in rechecked and f'name="choice-2" value="{code}"' in rechecked
    response = client.post(reverse("imports:commit", args=[upload.pk]), {"choice-2": code})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert User.objects.get(username="new1").organization == code
    upload.refresh_from_db()
    assert upload.is_committed and upload.summary == {"created": 1, "updated": 0}
    again = client.post(reverse("imports:commit", args=[upload.pk]), {"choice-2": code})
    assert again.status_code == 302 and User.objects.filter(username="new1").count() == 1


def test_commit_with_errors_shows_them_and_writes_nothing(client, administrator):
    client.force_login(administrator)
    _upload(client, xlsx([["new1", "Clerk", "Nowhere Land", "Dapitan"]]))
    upload = ImportUpload.objects.get()
    response = client.post(reverse("imports:commit", args=[upload.pk]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in html and "No barangay matches &quot;Nowhere Land&quot; in Dapitan." in html
    assert not User.objects.filter(username="new1").exists() and not ImportUpload.objects.get().is_committed


def test_wrong_file_type_is_refused_at_upload(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("imports:start", args=["tests.users"]), {"file": SimpleUploadedFile("old.xls", b"x")}
    )
    assert response.status_code == 200 and "save it as .xlsx" in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_template_has_the_columns_and_a_guide(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("imports:template", args=["tests.users"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book["Data"][1]] == [col.name for col in SPEC.columns]
    assert book["Data"].freeze_panes == "A2"
    guide = {row[0]: row for row in book["Guide"].iter_rows(min_row=2, values_only=True)}
    assert guide["Username"][1] == "Yes" and guide["Kind"][3] == "Alpha (first); Beta"
    # a template filled in as is can be uploaded: its headings are the import's columns
    assert build_preview(SPEC, xlsx([["x"]], headers=("Username",)), "a.xlsx", user=None).file_errors == []


@pytest.mark.parametrize("persona", ["officer_ix", "executive", "partner_ix", "outsider"])
def test_users_without_the_permission_cannot_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("imports:start", args=["tests.users"])).status_code == 403
    assert client.get(reverse("imports:template", args=["tests.users"])).status_code == 403
    response = _upload(client, xlsx([["new1", "Clerk", None, None]]))
    assert response.status_code == 403 and not ImportUpload.objects.exists()


def test_someone_elses_upload_is_not_found(client, administrator, django_user_model):
    client.force_login(administrator)
    _upload(client, xlsx([["new1", "Clerk", None, None]]))
    upload = ImportUpload.objects.get()
    other = django_user_model.objects.create_superuser("other_admin", "o@example.org", "pw-long-enough-123")
    client.force_login(other)
    assert client.get(reverse("imports:preview", args=[upload.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[upload.pk])).status_code == 404
    assert not User.objects.filter(username="new1").exists()


def test_unknown_import_kind_is_not_found(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("imports:start", args=["nope.nothing"])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("imports:start", args=["tests.users"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_large_file_is_committed_by_a_job_with_a_message(client, administrator, monkeypatch,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    from common.models import Job

    monkeypatch.setattr("common.imports.views.DIRECT_COMMIT_MAX_ROWS", 1)
    client.force_login(administrator)
    _upload(client, xlsx([["new1", "Clerk", "San Jose", None], ["new2", "Clerk", None, None]]))
    upload = ImportUpload.objects.get()
    html = client.get(reverse("imports:preview", args=[upload.pk])).content.decode()
    code = html.split('name="choice-2"', 1)[1].split('<option value="', 2)[2].split('"', 1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:commit", args=[upload.pk]), {"choice-2": code})
    job = Job.objects.get(kind="imports.commit")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.params == {"upload": upload.pk, "choices": {"2": code}}
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (2, 2)
    assert job.message == "Imported users.xlsx: 2 created, 0 updated."
    assert User.objects.get(username="new1").organization == code
    assert "2 created" in client.get(response["Location"]).content.decode()


def test_job_that_fails_while_writing_writes_nothing_and_says_why(client, administrator, monkeypatch,
                                                                  django_capture_on_commit_callbacks):  # fmt: skip
    from common.models import Job

    monkeypatch.setattr("common.imports.views.DIRECT_COMMIT_MAX_ROWS", 1)
    client.force_login(administrator)
    _upload(client, xlsx([["new1", "Clerk", None, None], ["new2", "forbidden", None, None]]))
    upload = ImportUpload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[upload.pk]))
    job = Job.objects.get(kind="imports.commit")
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Nothing was imported: 1 row(s) have problems (row 3: Position: This position")
    assert not User.objects.filter(username__in=["new1", "new2"]).exists()
    upload.refresh_from_db()
    assert not upload.is_committed


def test_import_job_refuses_someone_elses_upload(administrator, django_capture_on_commit_callbacks):
    from common.models import Job
    from common.services.jobs import start_job

    upload = ImportUpload.objects.create(owner=administrator, kind="tests.users", filename="a.csv", file="x.csv")
    other = User.objects.create_superuser("admin2", "a2@example.org", "pw-long-enough-123")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=other, kind="imports.commit", params={"upload": upload.pk, "choices": {}})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "no longer available" in job.error
