"""What a person sees in a certificate PDF, read with poppler-utils and zbar-tools (Debian
packages, as .ci/run installs them): its text, its pages, its fonts and its QR code."""

import subprocess
import tempfile
from pathlib import Path


def _run(*command: str, data: bytes | None = None) -> str:
    return subprocess.run(  # noqa: S603 - fixed tools of the suite, our own arguments
        command, input=data, capture_output=True, check=True
    ).stdout.decode()


def pdf_text(pdf: bytes) -> str:
    """The text as pdftotext extracts it in the order it was laid out (-raw), any run of white
    space as one space."""
    return " ".join(_run("pdftotext", "-raw", "-", "-", data=pdf).split())


def pdf_pages(pdf: bytes) -> int:
    info = _run("pdfinfo", "-", data=pdf)
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(pdf: bytes) -> list[str]:
    """Embedded font names, without the subset prefix: ['DejaVuSans', 'DejaVuSans-Bold']."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        lines = _run("pdffonts", str(path)).splitlines()[2:]
    return sorted({line.split()[0].split("+")[-1] for line in lines if " yes " in line})


def qr_codes(pdf: bytes, *, dpi: int = 150) -> list[str]:
    """Every QR code zbarimg finds on the page rasterised by pdftoppm, as decoded text."""
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        _run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-", str(stem), data=pdf)
        result = subprocess.run(  # noqa: S603
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{stem}.png"],  # noqa: S607
            capture_output=True,
            check=False,
        )
    return [line for line in result.stdout.decode().splitlines() if line]
