"""Philippine-English display formats ("2 Dec 2026", "2 Dec 2026, 14:05") for every page.

Loaded through settings.FORMAT_MODULE_PATH; what is not set here (input formats, separators)
falls back to Django's English formats, so forms still read ISO dates ("2026-12-02").
Python code (PDFs, messages) formats through common/formatting.py, which reads these.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
