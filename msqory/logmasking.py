"""No full IIN ever reaches a log: every handler masks any run of 12 digits, also when typed in
groups ("850302 300127").

A record is rendered once (message, arguments and traceback), masked as `87********23` — the first
two and last two digits stay, enough to tell two lookups apart, not enough to find a person —
and handed on with no arguments left to re-render. Installed on every handler in
settings.LOGGING, so SQL debug logs, tracebacks and third-party messages are masked too.
"""

import logging
import re

# Digits, possibly in groups split by one space, "+", "-" or "%20" (an IIN typed as
# "850302 300127" into the admin's search lands in a URL as 850302+300127 or 850302%20300127),
# but not the fraction of a decimal number such as a task's run time ("0.0123456789012s").
_DIGIT_RUN = re.compile(r"(?<![\d.])\d+(?:(?:[ +\-]|%20)\d+)*(?!\d)")
_SEPARATOR = re.compile(r"%20|[ +\-]")
# Runs of 12 or more digits are masked: BINs and IINs are both 12; a longer run may hide one.
_MASKED_DIGITS = 12


def _mask(match: re.Match) -> str:
    run = match[0]
    pieces = _SEPARATOR.split(run)
    separators = _SEPARATOR.findall(run)
    digits = "".join(pieces)
    if len(digits) < _MASKED_DIGITS:
        return run
    masked = iter(digits[:2] + "*" * (len(digits) - 4) + digits[-2:])
    out = []
    for index, piece in enumerate(pieces):
        out.append("".join(next(masked) for _digit in piece))
        if index < len(separators):
            out.append(separators[index])
    return "".join(out)


def mask_iins(text: str) -> str:
    """'IIN 870412300123' -> 'IIN 87********23'; 'q=870412+300123' -> 'q=87****+****23'."""
    return _DIGIT_RUN.sub(_mask, text)


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
