"""Generic spreadsheet import: upload → dry-run preview → all-or-nothing commit.

* ``columns``: typed columns with plain-words parsers (numbers, dates, choices by code or label).
* ``files``: read an uploaded .xlsx or .csv into rows, rejecting malformed files with a message.
* ``engine``: ``ImportSpec`` (what a domain app writes), ``build_preview`` and ``commit``.
* ``template``: the downloadable Excel template (data sheet + guide sheet).
* ``views``/``urls``: the pages, shared by every import (``/imports/<kind>/``).

An app describes its import in ``<app>/imports.py`` with ``register_import(MySpec())``; rows are
written through the app's own service (the one its form uses), inside one transaction.
"""
