"""Reads about clinics and attachments: places, address search, who is attached where."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from status.snapshots import current_status

from .models import Attachment, City, Clinic, Registrar, ServiceArea

# Words that name the kind of street rather than the street (kk, ru, en), dropped before matching.
_STREET_KIND_WORDS = {
    "көшесі", "көше", "даңғылы", "даңғыл", "шағын", "ауданы", "ықшамауданы", "ықшам", "тұйығы",
    "бульвары", "улица", "ул", "проспект", "пр", "пр-т", "переулок", "пер", "микрорайон", "мкр",
    "бульвар", "б-р", "шоссе", "street", "st", "avenue", "ave", "lane", "microdistrict",
    "boulevard", "blvd", "district",
}  # fmt: skip


@dataclass(frozen=True)
class ClinicPlaces:
    clinic: Clinic
    capacity: int
    attached: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.attached, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.attached / self.capacity) if self.capacity else 100


def open_attachment(*, person) -> Attachment | None:
    return Attachment.objects.open().filter(person=person).select_related("clinic").first()


def registrar_clinic(*, user) -> Clinic | None:
    """The clinic this user registers for, or None if they are not a registrar."""
    if not user.is_authenticated or not user.has_perm("clinics.add_attachment"):
        return None
    membership = Registrar.objects.filter(user=user).select_related("clinic").first()
    return membership.clinic if membership else None


def clinic_places(*, clinic: Clinic) -> ClinicPlaces:
    attached = Attachment.objects.open().filter(clinic=clinic).count()
    return ClinicPlaces(clinic=clinic, capacity=clinic.capacity, attached=attached)


def _with_places(clinics: QuerySet) -> QuerySet:
    return clinics.annotate(
        attached=Count("attachments", filter=Q(attachments__end__isnull=True))
    ).annotate(free=F("capacity") - F("attached"))


def taking_clinics(*, city: City | None = None) -> QuerySet:
    """Clinics that take new attachments (Fund contract, accepting), with `attached`, `free`."""
    clinics = Clinic.objects.filter(fund_contract=True, accepts_new_patients=True)
    if city is not None:
        clinics = clinics.filter(city=city)
    return _with_places(clinics.select_related("city"))


def clinics_with_free_places(*, city: City | None = None) -> list[ClinicPlaces]:
    clinics = taking_clinics(city=city).filter(free__gt=0).order_by("city__name", "-free", "name")
    return [ClinicPlaces(clinic=c, capacity=c.capacity, attached=c.attached) for c in clinics]


def street_needle(street: str) -> str:
    """The distinctive part of a typed street name: kind words, punctuation, house number gone."""
    words = [w for w in re.split(r"[\s,.;]+", street.casefold()) if w]
    words = [w for w in words if w not in _STREET_KIND_WORDS]
    named = [w for w in words if not w.isdigit()]
    # "ул. Абая 12": 12 is the house; "5 мкр": 5 is the name of the microdistrict.
    return " ".join(named if named else words)


def clinics_for_address(*, city: City, street: str = "", district: str = "") -> list[ClinicPlaces]:
    """Clinics serving this address, each with its places (full ones too: the person should
    know their clinic is full). Matches the street in any language; a whole-district area
    matches when the district is given."""
    needle = street_needle(street)
    district_needle = district.strip().casefold()
    areas = Q(pk__in=[])
    if needle:
        areas |= Q(street_key__contains=needle)
    if district_needle:
        areas |= Q(street="", district_key__contains=district_needle)
    served = ServiceArea.objects.filter(areas, city=city).values("clinic_id")
    clinics = _with_places(Clinic.objects.filter(pk__in=served).select_related("city"))
    return [
        ClinicPlaces(clinic=c, capacity=c.capacity, attached=c.attached)
        for c in clinics.order_by("name")
    ]


def attached_persons(
    *,
    clinic: Clinic,
    name: str = "",
    reason: str = "",
    residency: str = "",
    started_from: datetime.date | None = None,
    started_to: datetime.date | None = None,
) -> QuerySet:
    """The clinic's open attachments, filtered; only ever this clinic's."""
    attachments = (
        Attachment.objects.open().filter(clinic=clinic).select_related("person", "created_by")
    )
    for word in name.split():
        attachments = attachments.filter(
            Q(person__last_name__icontains=word)
            | Q(person__first_name__icontains=word)
            | Q(person__patronymic__icontains=word)
        )
    if reason:
        attachments = attachments.filter(reason=reason)
    if residency:
        attachments = attachments.filter(person__residency=residency)
    if started_from:
        attachments = attachments.filter(start__gte=started_from)
    if started_to:
        attachments = attachments.filter(start__lte=started_to)
    return attachments.order_by("person__last_name", "person__first_name", "person__iin")


def insurance_status(*, person):
    """The person's insured status from the status app (fresh if its snapshot is stale)."""
    return current_status(person=person)
