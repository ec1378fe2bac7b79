"""Sending SMS: one small interface, its backend chosen by settings.SMS_BACKEND.

- ConsoleBackend (the default): writes each SMS to the console, for development;
- RecordingBackend: keeps them in RecordingBackend.outbox, for the tests;
- MobizonBackend: Mobizon's HTTP API, a provider that serves Kazakhstan (configuration only:
  SMS_PROVIDER_URL, SMS_PROVIDER_API_KEY, SMS_SENDER, SMS_PROVIDER_TIMEOUT).

A backend raises SmsError when the SMS did not leave; the delivery tries again later.
Also here: how many characters an SMS holds. One segment is 160 characters of the GSM 03.38
alphabet (its extension characters count twice), or 70 of any other (UCS-2: all Cyrillic).
"""

import json
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "^{}\\[~]|€\f"
GSM_LIMIT = 160
UCS2_LIMIT = 70


def sms_units(text: str) -> tuple[int, int]:
    """(length as the network counts it, the limit of one segment) for this text."""
    if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text):
        return len(text) + sum(c in GSM_EXTENSION for c in text), GSM_LIMIT
    # UCS-2 counts UTF-16 code units: a character outside the BMP takes two.
    return len(text.encode("utf-16-le")) // 2, UCS2_LIMIT


def fits_one_sms(text: str) -> bool:
    length, limit = sms_units(text)
    return length <= limit


class SmsError(Exception):
    """The SMS did not leave (provider unreachable, refused, misconfigured)."""


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


class ConsoleBackend:
    def send(self, *, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()


class RecordingBackend:
    """Keeps every SMS in `outbox` (a class attribute, like Django's locmem mail.outbox)."""

    outbox: ClassVar[list[Sms]] = []

    def send(self, *, to: str, text: str) -> None:
        self.outbox.append(Sms(to=to, text=text))


class MobizonBackend:
    """Mobizon's API: POST {SMS_PROVIDER_URL}?output=json&api=v1&apiKey=… with recipient, text
    and from; the answer's "code" is 0 when the message was accepted."""

    def send(self, *, to: str, text: str) -> None:
        url, api_key = settings.SMS_PROVIDER_URL, settings.SMS_PROVIDER_API_KEY
        if not (url and api_key):
            raise SmsError("SMS_PROVIDER_URL and SMS_PROVIDER_API_KEY are not set")
        query = urllib.parse.urlencode({"output": "json", "api": "v1", "apiKey": api_key})
        form = {"recipient": to.removeprefix("+"), "text": text}
        if settings.SMS_SENDER:
            form["from"] = settings.SMS_SENDER
        request = urllib.request.Request(  # noqa: S310 (the URL is our setting, https in production)
            f"{url}?{query}",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.SMS_PROVIDER_TIMEOUT
            ) as response:
                answer = json.loads(response.read() or b"{}")
        except (OSError, ValueError) as error:  # unreachable, timed out, HTTP error, not JSON
            # the message names neither the URL nor the key: it ends up in logs and the admin
            raise SmsError(f"provider not reached: {type(error).__name__}") from None
        if not isinstance(answer, dict) or answer.get("code") != 0:
            code = answer.get("code") if isinstance(answer, dict) else None
            raise SmsError(f"provider refused the message (code {code})")


def backend():
    return import_string(settings.SMS_BACKEND)()
