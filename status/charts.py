"""A small server-rendered SVG chart (no scripts, no inline styles): insured share per run."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 600, 180, 30


def insured_share(counts: dict) -> float | None:
    total = sum(n for reasons in counts.values() for n in reasons.values())
    if not total:
        return None
    covered = sum(counts.get("insured", {}).values()) + sum(counts.get("exempt", {}).values())
    return covered / total


def insured_share_svg(runs) -> SafeString:
    """Bars of the insured (and exempt) share of persons, oldest run on the left."""
    points = [(run, insured_share(run.counts)) for run in runs]
    points = [(run, share) for run, share in points if share is not None]
    title = _("Share of persons insured, by recompute run")
    if not points:
        return format_html("<p>{}</p>", _("No finished runs yet."))
    step = (WIDTH - 2 * PAD) / len(points)
    bars = []
    for i, (run, share) in enumerate(points):
        height = share * (HEIGHT - 2 * PAD)
        label = f"{date_format(run.as_of, 'SHORT_DATE_FORMAT')}: {share:.1%}"
        bars.append(
            (
                f"{PAD + i * step + step * 0.1:.1f}",
                f"{HEIGHT - PAD - height:.1f}",
                f"{step * 0.8:.1f}",
                f"{height:.1f}",
                label,
            )
        )
    last = points[-1][1]
    return format_html(
        '<svg class="status-chart" role="img" aria-label="{title}" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{title}</title>"
        '<line x1="{pad}" y1="{base}" x2="{right}" y2="{base}" stroke="#0b0c0c"/>'
        '<line x1="{pad}" y1="{pad}" x2="{right}" y2="{pad}" stroke="#b1b4b6" '
        'stroke-dasharray="4"/>'
        '<text x="2" y="{pad}" font-size="11" dominant-baseline="middle">100%</text>'
        '<text x="2" y="{base}" font-size="11" dominant-baseline="middle">0%</text>'
        "{bars}"
        '<text x="{right}" y="16" font-size="13" text-anchor="end">{latest}</text>'
        "</svg>",
        title=title,
        w=WIDTH,
        h=HEIGHT,
        pad=PAD,
        base=HEIGHT - PAD,
        right=WIDTH - PAD,
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#00703c"><title>{}</title></rect>',
            bars,
        ),
        latest=_("Latest: %(share)s insured") % {"share": f"{last:.1%}"},
    )
