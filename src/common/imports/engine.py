"""The import engine: ``ImportSpec`` (one per importable thing), preview and all-or-nothing commit.

A spec declares ``columns`` and implements two methods:

* ``plan_row(values, *, user, context, choice)`` decides what a row will do without writing
  anything: returns a ``RowPlan`` with ``action`` create/update, a one-line ``summary``, and
  either ``errors`` (plain words) or, when the row is ambiguous, ``options`` for the user to pick
  from (the pick comes back as ``choice`` on the next preview or the commit);
* ``apply_row(plan, *, user, context)`` writes it through the app's service and raises
  ``django.core.exceptions.ValidationError`` for anything the service refuses.

For large files a spec may also plan and write the whole file at once: ``prefetch(values, ...)``
sees every row's values before any is planned (one query for all the records the file names),
``after_planning(plans, ...)`` completes the plans together, and ``apply_rows(plans, ...)`` writes
them through a batch service (raising ``RowErrors`` by line) instead of ``apply_row`` per row.

``preview_table`` checks the headings of a table already read (``common.imports.files``) and plans
every row; ``commit_table`` does the same inside one transaction, applies every row, and rolls
everything back if the preview had any error or unresolved choice, or if any row fails while being
written. ``build_preview``/``commit`` do the same from a file (tests, commands); the pages read an
upload once, in a job, and plan from the stored table (``common.imports.services``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from common.imports.columns import CellError, Column, header_key
from common.imports.files import ImportFileError, Table, read_table

CREATE, UPDATE, ERROR, CHOOSE = "create", "update", "error", "choose"


class RowErrors(Exception):
    """Raised by ``ImportSpec.apply_rows``: messages by row line (``None`` for the whole file)."""

    def __init__(self, errors: dict):
        super().__init__(f"{len(errors)} row(s) were refused.")
        self.errors = errors


@dataclass
class RowPlan:
    line: int
    action: str = CREATE
    summary: str = ""
    errors: list[str] = field(default_factory=list)
    #: For an ambiguous row: [(value, label)] to choose from, and the question to ask.
    options: list[tuple[str, str]] = field(default_factory=list)
    question: str = ""
    choice: str = ""
    notes: list[str] = field(default_factory=list)
    #: Whatever ``apply_row`` needs (parsed values, the target object...). Not shown.
    data: dict = field(default_factory=dict)
    #: Rows with the same identity in one file are an error (they would overwrite each other).
    identity: object = None

    @property
    def status(self) -> str:
        if self.errors:
            return ERROR
        if self.options and not self.choice:
            return CHOOSE
        return self.action

    @property
    def is_ready(self) -> bool:
        return self.status in (CREATE, UPDATE)


@dataclass
class Preview:
    rows: list[RowPlan] = field(default_factory=list)
    #: Errors about the whole file (unreadable, wrong columns); when present there are no rows.
    file_errors: list[str] = field(default_factory=list)
    #: Things the user should know that do not stop the import (e.g. columns read past).
    notices: list[str] = field(default_factory=list)
    committed: bool = False

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (CREATE, UPDATE, CHOOSE, ERROR)}

    @property
    def can_commit(self) -> bool:
        return not self.file_errors and bool(self.rows) and all(row.is_ready for row in self.rows)

    @property
    def attention_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if not row.is_ready]

    @property
    def ready_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.is_ready]


class ImportSpec:
    kind: str = ""
    title: str = ""
    columns: list[Column] = []
    max_rows: int = 5000
    sheet_name: str = "Data"
    #: Headings that are recognised but not imported (e.g. system columns of an export): {heading: reason}.
    ignored_columns: dict[str, str] = {}
    #: Where to go after a successful import (a URL name or path).
    success_url: str = "/"
    #: Shown on the upload page, above the form.
    instructions: str = ""

    def get_columns(self) -> list[Column]:
        return self.columns

    def has_permission(self, user) -> bool:
        raise NotImplementedError

    def prepare(self, *, user) -> dict:
        """Per-import context shared by every row (caches, matchers)."""
        return {}

    def plan_row(self, values: dict, *, line: int, user, context: dict, choice: str, invalid: frozenset) -> RowPlan:
        """``values`` by column target (None for empty cells); ``invalid`` names the targets whose
        cells could not be read (their errors are already on the row), so as not to report them twice."""
        raise NotImplementedError

    def apply_row(self, plan: RowPlan, *, user, context: dict) -> None:
        raise NotImplementedError

    def prefetch(self, rows: list[dict], *, user, context: dict) -> None:
        """Optional: see every row's values (by column target) before any row is planned."""

    def after_planning(self, plans: list[RowPlan], *, user, context: dict) -> None:
        """Optional: complete the plans together (e.g. load every record they update in one query)."""

    #: Optional ``apply_rows(plans, *, user, context, progress)``: write every row at once.
    apply_rows = None

    def example_rows(self) -> list[dict]:
        """Rows for the template, keyed by column name."""
        return [{c.name: c.example for c in self.get_columns() if c.example not in ("", None)}]


# --- registry -------------------------------------------------------------------------------

_specs: dict[str, ImportSpec] = {}
_discovered = False


def register_import(spec: ImportSpec) -> ImportSpec:
    existing = _specs.get(spec.kind)
    if existing is not None and type(existing) is not type(spec):
        raise ValueError(f"Import kind {spec.kind!r} is already registered by {type(existing).__name__}.")
    _specs[spec.kind] = spec
    return spec


def get_spec(kind: str) -> ImportSpec:
    global _discovered
    if not _discovered:
        autodiscover_modules("imports")
        _discovered = True
    try:
        return _specs[kind]
    except KeyError:
        raise LookupError(f"No import is registered for {kind!r}.") from None


# --- reading and planning -------------------------------------------------------------------


def map_headers(
    columns: list[Column], headers: list[str], ignored: dict[str, str] | None = None
) -> tuple[dict[int, Column], list[str], list[str]]:
    """Header index → Column, errors (unknown, duplicate, missing or blank headings) and notices
    about recognised headings that are not imported."""
    ignored_keys = {header_key(name): reason for name, reason in (ignored or {}).items()}
    notices = []
    by_key = {}
    for column in columns:
        for k in column.header_keys:
            by_key.setdefault(k, column)
    mapping: dict[int, Column] = {}
    errors, unknown, seen = [], [], {}
    for index, header in enumerate(headers):
        if not header.strip():
            errors.append(f"Column {index + 1} has no heading. Copy the headings from the template.")
            continue
        column = by_key.get(header_key(header))
        if column is None and header_key(header) in ignored_keys:
            notices.append(f'Column "{header}" is not imported: {ignored_keys[header_key(header)]}.')
            continue
        if column is None:
            unknown.append(header)
            continue
        if column.name in seen:
            errors.append(f'The column "{column.name}" appears twice (as "{seen[column.name]}" and "{header}").')
            continue
        seen[column.name] = header
        mapping[index] = column
    if unknown:
        errors.append(
            f"Unknown column(s): {', '.join(repr(u) for u in unknown)}. Use the headings of the template; "
            "download it again if in doubt."
        )
    missing = [c.name for c in columns if c.required and c.name not in seen]
    if missing:
        errors.append(f"Missing required column(s): {', '.join(repr(m) for m in missing)}.")
    return mapping, errors, notices


def _plan_table(spec: ImportSpec, table: Table, *, user, choices: dict[int, str], context: dict) -> Preview:
    mapping, errors, notices = map_headers(spec.get_columns(), table.headers, spec.ignored_columns)
    if errors:
        return Preview(file_errors=errors)
    preview = Preview(notices=[*table.notices, *notices])
    identities: dict[object, int] = {}
    read = []
    for line, cells in table.rows:
        values, cell_errors, invalid = {}, [], set()
        for index, column in mapping.items():
            try:
                values[column.target] = column.read(cells[index])
            except CellError as exc:
                cell_errors.append(str(exc))
                invalid.add(column.target)
                values[column.target] = None
        read.append((line, values, cell_errors, invalid))
    spec.prefetch([values for _, values, _, _ in read], user=user, context=context)
    for line, values, cell_errors, invalid in read:
        plan = spec.plan_row(
            values, line=line, user=user, context=context, choice=choices.get(line, ""), invalid=frozenset(invalid)
        )
        plan.line = line
        plan.errors = cell_errors + plan.errors
        if plan.identity is not None:
            if plan.identity in identities:
                plan.errors.append(
                    f"Row {identities[plan.identity]} already describes this record; merge the two rows."
                )
            else:
                identities[plan.identity] = line
        preview.rows.append(plan)
    spec.after_planning(preview.rows, user=user, context=context)
    return preview


def read_file(spec: ImportSpec, fileobj, filename: str) -> Table:
    """The file's table, read within the bounds of ``common.imports.files``; ``ImportFileError`` otherwise."""
    return read_table(fileobj, filename, max_rows=spec.max_rows, sheet_name=spec.sheet_name)


def _plan(spec: ImportSpec, table: Table, *, user, choices, committing: bool = False) -> tuple[Preview, dict]:
    context = spec.prepare(user=user)
    context["committing"] = committing
    return _plan_table(spec, table, user=user, choices=choices or {}, context=context), context


def preview_table(spec: ImportSpec, table: Table, *, user, choices: dict[int, str] | None = None) -> Preview:
    """Dry run over a table already read: plan every row; writes nothing."""
    return _plan(spec, table, user=user, choices=choices)[0]


def build_preview(spec: ImportSpec, fileobj, filename: str, *, user, choices: dict[int, str] | None = None) -> Preview:
    """Dry run from a file: read and plan every row; writes nothing."""
    try:
        table = read_file(spec, fileobj, filename)
    except ImportFileError as exc:
        return Preview(file_errors=[str(exc)])
    return preview_table(spec, table, user=user, choices=choices)


class _Rollback(Exception):
    pass


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        out = []
        for name, errors in exc.message_dict.items():
            prefix = "" if name == "__all__" else f"{name.replace('_', ' ').capitalize()}: "
            out.extend(prefix + message for message in errors)
        return out
    return list(exc.messages)


def commit(
    spec: ImportSpec, fileobj, filename: str, *, user, choices: dict[int, str] | None = None, progress=None
) -> Preview:
    """Read the file, then ``commit_table``."""
    try:
        table = read_file(spec, fileobj, filename)
    except ImportFileError as exc:
        return Preview(file_errors=[str(exc)])
    return commit_table(spec, table, user=user, choices=choices, progress=progress)


def commit_table(
    spec: ImportSpec, table: Table, *, user, choices: dict[int, str] | None = None, progress=None
) -> Preview:
    """Plan and write every row in one transaction; any problem → nothing is written.

    Returns the preview; ``preview.committed`` tells whether the rows were written. When it is
    False the preview carries the errors (including those the service raised while writing).
    """
    try:
        with transaction.atomic():
            # Planning inside the transaction: what was checked is what gets written.
            preview, context = _plan(spec, table, user=user, choices=choices, committing=True)
            if not preview.can_commit:
                # Planning for a commit may leave checks to the write (``context["committing"]``);
                # a file that cannot be written is planned again in full, so every error is listed.
                return _plan(spec, table, user=user, choices=choices)[0]
            failed = False
            if progress:
                progress(0, len(preview.rows))
            if spec.apply_rows is not None:
                try:
                    spec.apply_rows(preview.rows, user=user, context=context, progress=progress)
                except RowErrors as exc:
                    by_line = {row.line: row for row in preview.rows}
                    for line, messages in exc.errors.items():
                        target = by_line.get(line)
                        if target is None:
                            preview.file_errors.extend(messages)
                        else:
                            target.errors.extend(messages)
                    raise _Rollback from exc
                preview.committed = True
                return preview
            for index, row in enumerate(preview.rows, start=1):
                if progress:
                    progress(index)
                try:
                    with transaction.atomic():
                        spec.apply_row(row, user=user, context=context)
                except ValidationError as exc:
                    row.errors.extend(_messages(exc))
                    failed = True
            if failed:
                raise _Rollback
    except _Rollback:
        return preview
    preview.committed = True
    return preview
