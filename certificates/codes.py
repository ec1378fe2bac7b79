"""Verification codes: random, never derived from the IIN, easy to read aloud and to type.

A code is 12 symbols of Crockford's base 32 (digits and capital letters without I, L, O and U,
which are read or written like 1, 1, 0 and V), so 60 random bits, printed in groups of four:
K7Q2-9XDM-4HRA. Typed codes are forgiving as Crockford's are: any case, with or without the
hyphens and spaces, and I, L, O read as 1, 1, 0.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
EXAMPLE = "K7Q2-9XDM-4HRA"

_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A fresh random code as stored (no hyphens)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def parse_code(text: str | None) -> str | None:
    """A typed or scanned code as stored, or None when it cannot be a code."""
    compact = _SEPARATORS.sub("", text or "").upper().translate(_READ_AS)
    if len(compact) != LENGTH or not set(compact) <= set(ALPHABET):
        return None
    return compact


def format_code(code: str) -> str:
    """'K7Q29XDM4HRA' -> 'K7Q2-9XDM-4HRA'."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
