"""How a log line looks: plain text, or one JSON object a line (LOG_FORMAT=json).

Both carry the request id (django-guid: a request's X-Request-ID if it is a valid UUID, else a
new one; Celery tasks carry it from the request that caused them), so one citizen's request can
be followed from the web server into the worker. IINs are masked in both: the handlers' filter
(msqory.logmasking) masks the message and traceback, and the JSON formatter masks every other
field too (values passed with `extra=`, such as a request's path with its query string).
"""

import logging

from django_guid import get_guid
from pythonjsonlogger.json import JsonFormatter

from .logmasking import mask_iins


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the current request's or task's id, or '-'."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_guid() or "-"
        return True


class MaskedJsonFormatter(JsonFormatter):
    """python-json-logger's formatter with every field but the request id masked."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level"})
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_data):
        return {
            key: value if key == "request_id" else _masked(value)
            for key, value in super().process_log_record(log_data).items()
        }


def _masked(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return mask_iins(str(value))
