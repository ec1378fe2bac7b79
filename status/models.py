from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .iin import FEMALE, MALE, parse_iin, validate_iin


class Residency(models.TextChoices):
    """Residency categories of DOMAIN.md §4 and §7: they decide care and clinic attachment."""

    CITIZEN = "citizen", _("Citizen of Kazakhstan")
    KANDAS = "kandas", _("Kandas")
    REFUGEE = "refugee", _("Refugee")
    RESIDENCE_PERMIT = (
        "residence_permit",
        _("Foreigner or stateless person with a residence permit"),
    )
    EAEU_LABOUR_MIGRANT = "eaeu_labour_migrant", _("EAEU labour migrant")
    CIS_NO_PERMIT = "cis_no_permit", _("Citizen of another CIS country without a residence permit")
    FOREIGNER_NO_PERMIT = "foreigner_no_permit", _("Other foreigner without a residence permit")


class Sex(models.TextChoices):
    MALE = MALE, _("Male")
    FEMALE = FEMALE, _("Female")


class Person(models.Model):
    """Someone the Fund knows by IIN. Birth date and sex are read from the IIN, never typed."""

    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex, editable=False)
    residency = models.CharField(
        _("residency"), max_length=32, choices=Residency, default=Residency.CITIZEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Bumped by every change that can move the person's status (payments, categories, …), so a
    # stored status snapshot older than this is known to be stale.
    changed_at = models.DateTimeField(_("last change"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "iin"]

    def __str__(self) -> str:
        name = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return f"{name} ({self.iin})" if name else self.iin

    def save(self, *args, **kwargs):
        facts = parse_iin(self.iin)
        self.birth_date, self.sex = facts.birth_date, facts.sex
        super().save(*args, **kwargs)
