"""What applicants type and upload is checked before anything is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from refunds.validators import (
    max_attachment_bytes,
    validate_document,
    validate_kz_bic,
    validate_kz_iban,
)

from .conftest import EXE, JPEG, PDF, PNG


@pytest.mark.parametrize("iban", ["KZ86125KZT5004100100", "kz86 125k zt50 0410 0100"])
def test_a_kazakh_iban_with_right_check_digits_passes(iban):
    validate_kz_iban(iban)


@pytest.mark.parametrize(
    ("iban", "code"),
    [
        ("DE89370400440532013000", "iban_country"),
        ("KZ86125KZT500410010", "iban_length"),
        ("KZ86125KZT50041001000", "iban_length"),
        ("KZ87125KZT5004100100", "iban_checksum"),
        ("KZ86125KZT50041001-0", "iban_characters"),
    ],
)
def test_a_wrong_iban_says_what_is_wrong(iban, code):
    with pytest.raises(ValidationError) as error:
        validate_kz_iban(iban)
    assert error.value.code == code


@pytest.mark.parametrize("bic", ["HSBKKZKX", "KCJBKZKX", "CASPKZKAXXX"])
def test_kazakh_bics_pass(bic):
    validate_kz_bic(bic)


@pytest.mark.parametrize("bic", ["HSBKRUMM", "HSBK", "12345678", "HSBKKZKX1"])
def test_other_bics_are_refused(bic):
    with pytest.raises(ValidationError):
        validate_kz_bic(bic)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")],
)
def test_pdf_jpeg_and_png_are_recognised_by_content(content, content_type):
    upload = SimpleUploadedFile("scan.bin", content)
    assert validate_document(upload)[0] == content_type


def test_a_renamed_executable_is_refused():
    upload = SimpleUploadedFile("receipt.pdf", EXE, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_document(upload)
    assert error.value.code == "file_type"
    assert "receipt.pdf" in error.value.messages[0]


def test_a_file_over_ten_megabytes_is_refused():
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * max_attachment_bytes())
    with pytest.raises(ValidationError) as error:
        validate_document(upload)
    assert error.value.code == "file_too_large"
