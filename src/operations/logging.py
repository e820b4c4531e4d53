"""Log formatting: plain text by default, one JSON object per line with LOG_FORMAT=json.

Both include the request id (see ``operations.request_id``). This module must not import Django models:
it is loaded while logging is configured, before apps are ready.
"""

import json
import logging
from datetime import UTC, datetime

TEXT_FORMAT = "{asctime} {levelname} [{request_id}] {name} {process:d} {message}"

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "request_id_token"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "process": record.process,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def build_logging(*, level: str, log_format: str, log_file: str, max_bytes: int, backup_count: int) -> dict:
    """The LOGGING dict: console always (stdout, for `docker logs`/Coolify), a rotating file when asked."""
    formatter = "json" if log_format == "json" else "text"
    handlers = {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": formatter,
            "filters": ["request_id"],
        }
    }
    if log_file:
        handlers["file"] = {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": log_file,
            "maxBytes": max_bytes,
            "backupCount": backup_count,
            "encoding": "utf-8",
            "formatter": formatter,
            "filters": ["request_id"],
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "operations.request_id.RequestIdFilter"}},
        "formatters": {
            "text": {"format": TEXT_FORMAT, "style": "{"},
            "json": {"()": "operations.logging.JsonFormatter"},
        },
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "psgc": {"level": "WARNING"},
            "axes": {"level": "WARNING"},
        },
    }
