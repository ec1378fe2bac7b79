"""The light markup of content texts, rendered safely (staff text is never a template).

Blank line: new paragraph · "- " at the start of a line: list item · "## ": heading ·
addresses (https://…, www.…) become links · {{ name }}: a figure from the rules (placeholders.py).
"""

import re

from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe

from .placeholders import Figures

_BLANK = re.compile(r"\n\s*\n")


def _inline(line: str) -> str:
    return urlize(line.strip(), nofollow=True, autoescape=True)


def _flush(html: list[str], paragraph: list[str], items: list[str]) -> None:
    if paragraph:
        html.append("<p>" + "<br>".join(paragraph) + "</p>")
        paragraph.clear()
    if items:
        html.append('<ul class="information-list">' + "".join(items) + "</ul>")
        items.clear()


def render(text: str, *, figures: Figures | None = None) -> SafeString:
    if figures is not None:
        text = figures.fill(text)
    html: list[str] = []
    for block in _BLANK.split((text or "").replace("\r\n", "\n").strip()):
        paragraph: list[str] = []
        items: list[str] = []
        for line in block.split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("## "):
                _flush(html, paragraph, items)
                html.append(f'<h2 class="heading-m">{escape(stripped[3:].strip())}</h2>')
            elif stripped[:2] in ("- ", "· ", "• "):
                _flush(html, paragraph, [])
                items.append(f"<li>{_inline(stripped[2:])}</li>")
            else:
                _flush(html, [], items)
                paragraph.append(_inline(stripped))
        _flush(html, paragraph, items)
    # Every piece above went through escape() or urlize(autoescape=True).
    return mark_safe("\n".join(html))  # noqa: S308


def plain(text: str, *, figures: Figures | None = None) -> str:
    """The text without markup, for summaries and search snippets."""
    if figures is not None:
        text = figures.fill(text)
    text = re.sub(r"^\s*(## |- |· |• )", "", text or "", flags=re.MULTILINE)
    return re.sub(r"\s+", " ", text).strip()
