"""Payments import in the admin: upload a CSV, preview what it would do, confirm.

The preview runs the real import and rolls it back, so it lists every bad line or says exactly
how many payments and persons the file will add. The file waits between the two steps in
PRIVATE_MEDIA_ROOT (never under a public URL), named by a random token that only the session
that uploaded it knows. Confirming runs the import again, all or nothing.
"""

import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .imports import PAYMENT_COLUMNS, PAYMENT_OPTIONAL_COLUMNS, import_payments

SESSION_KEY = "status_payment_imports"
# Uploads nobody confirmed are removed after this many seconds.
UPLOAD_LIFETIME = 24 * 3600
# The preview lists at most this many problems (the command lists them all).
PROBLEMS_SHOWN = 1000
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


class PaymentFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the language of the request.
        self.fields["file"].help_text = _(
            "UTF-8, comma-separated, with the header %(columns)s (and optionally %(optional)s); "
            "period as YYYY-MM or MMYYYY, dates as YYYY-MM-DD."
        ) % {"columns": ",".join(PAYMENT_COLUMNS), "optional": ",".join(PAYMENT_OPTIONAL_COLUMNS)}


def _upload_dir() -> Path:
    directory = Path(settings.PRIVATE_MEDIA_ROOT) / "payment-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _forget_old_uploads(directory: Path) -> None:
    cutoff = time.time() - UPLOAD_LIFETIME
    for old in directory.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


class PaymentImportMixin:
    """Adds "Import payments" (upload → preview → confirm) to the Payment admin."""

    change_list_template = "admin/status/payment/change_list.html"

    def has_import_permission(self, request) -> bool:
        """Importing adds payments: the add permission, even where the admin form has no add."""
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="status_payment_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, request.POST["token"])
        if request.method != "POST":
            return self._render(request, form=PaymentFileForm())
        form = PaymentFileForm(request.POST, request.FILES)
        if form.is_valid():
            return self._preview(request, form.cleaned_data["file"])
        return self._render(request, form=form)

    def _render(self, request, **context):
        return TemplateResponse(
            request,
            "admin/status/payment/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Import payments"),
                "problems_shown": PROBLEMS_SHOWN,
                **context,
            },
        )

    def _preview(self, request, upload):
        directory = _upload_dir()
        _forget_old_uploads(directory)
        token = secrets.token_urlsafe(16)
        stored = directory / f"{token}.csv"
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        with stored.open("rb") as file:
            result = import_payments(file=file, dry_run=True, user=request.user)
        if result.problems:
            stored.unlink(missing_ok=True)
            return self._render(
                request,
                form=PaymentFileForm(),
                result=result,
                file_name=upload.name,
                problems=result.problems[:PROBLEMS_SHOWN],
                more_problems=max(0, len(result.problems) - PROBLEMS_SHOWN),
            )
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = upload.name
        request.session[SESSION_KEY] = uploads
        return self._render(request, result=result, file_name=upload.name, token=token)

    def _confirm(self, request, token: str):
        uploads = request.session.get(SESSION_KEY, {})
        stored = _upload_dir() / f"{token}.csv"
        if not _TOKEN.fullmatch(token) or token not in uploads or not stored.exists():
            messages.error(request, _("This upload has expired: please upload the file again."))
            return HttpResponseRedirect(reverse("admin:status_payment_import"))
        file_name = uploads.pop(token)
        request.session[SESSION_KEY] = uploads
        try:
            with stored.open("rb") as file:
                result = import_payments(file=file, user=request.user)
        finally:
            stored.unlink(missing_ok=True)
        if result.problems:
            return self._render(
                request,
                form=PaymentFileForm(),
                result=result,
                file_name=file_name,
                problems=result.problems[:PROBLEMS_SHOWN],
                more_problems=max(0, len(result.problems) - PROBLEMS_SHOWN),
            )
        messages.success(
            request,
            _(
                "%(file)s imported: %(added)d payments added, %(skipped)d already in the ledger, "
                "%(persons)d new persons."
            )
            % {
                "file": file_name,
                "added": result.added,
                "skipped": result.already_there,
                "persons": result.persons_created,
            },
        )
        return HttpResponseRedirect(reverse("admin:status_payment_changelist"))
