"""python manage.py clinic_api_key create|revoke --clinic CODE: keys for clinic systems.

`create` prints the new key once, alone on its last line (a script can take it with
`tail -n 1`); `revoke` revokes the clinic's keys (or only the one with --prefix).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clinics.models import Clinic

from ... import services
from ...errors import KeyRefused


class Command(BaseCommand):
    help = (
        "Issue (create) or revoke API keys of a clinic's system for the FHIR eligibility API. "
        "Keys are issued only to clinics with a Fund contract; create prints the key once, "
        "alone on its last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("--clinic", required=True, help="the clinic's code")
        parser.add_argument(
            "--name", default="", help="create: which system uses the key (default: the code)"
        )
        parser.add_argument(
            "--requests-per-minute",
            type=int,
            default=None,
            help="create: the key's rate limit (default: ELIGIBILITY_DEFAULT_REQUESTS_PER_MINUTE)",
        )
        parser.add_argument("--prefix", help="revoke: only the key with this prefix")

    def handle(self, *, action, clinic, name, requests_per_minute, prefix, **options):
        found = Clinic.objects.filter(code=clinic).first()
        if found is None:
            raise CommandError(_("There is no clinic with the code %(code)s.") % {"code": clinic})
        if action == "create":
            if requests_per_minute is not None and requests_per_minute < 1:
                raise CommandError(_("The rate limit must be at least 1 request a minute."))
            try:
                issued = services.issue_key(
                    clinic=found,
                    name=name or found.code,
                    requests_per_minute=requests_per_minute,
                )
            except KeyRefused as refusal:
                raise CommandError(refusal.message) from None
            self.stdout.write(
                _(
                    "Key %(prefix)s issued to %(clinic)s (requests per minute: %(limit)d). It "
                    "is shown only now: hand it to the clinic safely."
                )
                % {
                    "prefix": issued.key.prefix,
                    "clinic": found.name,
                    "limit": issued.key.requests_per_minute,
                }
            )
            self.stdout.write(issued.plaintext)
            return
        revoked = services.revoke_keys(clinic=found, prefixes=[prefix] if prefix else None)
        self.stdout.write(
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked)
            % {"count": revoked}
        )
