"""No full IIN ever reaches a log: every handler masks any run of 12 digits.

A record is rendered once (message, arguments and traceback), masked as `87********23` — the first
two and last two digits stay, enough to tell two lookups apart, not enough to find a person —
and handed on with no arguments left to re-render. Installed on every handler in
settings.LOGGING, so SQL debug logs, tracebacks and third-party messages are masked too.
"""

import logging
import re

# A run of 12 or more digits (BINs and IINs are both 12; a longer run may hide one), but not
# the fraction of a decimal number such as a task's run time ("0.0123456789012s").
_LONG_DIGIT_RUN = re.compile(r"(?<![\d.])(\d{2})(\d{8,})(\d{2})(?!\d)")


def _mask(match: re.Match) -> str:
    return match[1] + "*" * len(match[2]) + match[3]


def mask_iins(text: str) -> str:
    """'IIN 870412300123' -> 'IIN 87********23'."""
    return _LONG_DIGIT_RUN.sub(_mask, text)


def mask_value(value: str) -> str:
    """A value that should have been an IIN, whatever its shape: '87041230' -> '87****30'."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


class MaskIINFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format string: keep it, masked
            message = f"{record.msg} {record.args}"
        record.msg = mask_iins(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_iins(record.exc_text)
            # The formatter uses exc_text when set; the raw exception would be rendered again.
            record.exc_info = None
        if record.stack_info:
            record.stack_info = mask_iins(record.stack_info)
        return True
