import io
import random

import pytest
from django.db.models import Count, Q

from clinics import demo
from clinics.models import Attachment, Clinic
from status import demo as status_demo

pytestmark = pytest.mark.django_db


def seed_all():
    out = io.StringIO()
    status_demo.seed(rng=random.Random("1:status"), persons=120, stdout=out)
    demo.seed(rng=random.Random("1:clinics"), persons=120, stdout=out)


def test_the_demo_has_nearly_full_clinics_with_history_and_runs_once():
    seed_all()
    counts = (Clinic.objects.count(), Attachment.objects.count(), Attachment.objects.open().count())
    clinics = Clinic.objects.annotate(
        attached=Count("attachments", filter=Q(attachments__end__isnull=True))
    )
    assert {c.city.name_en for c in clinics} >= {"Astana", "Almaty", "Shymkent", "Taraz"}
    assert all(c.attached <= c.capacity for c in clinics)
    assert any(c.attached == c.capacity for c in clinics), "one clinic is full"
    assert Attachment.objects.filter(end__isnull=False).exists(), "people moved clinics"
    assert Clinic.objects.filter(areas__isnull=False).distinct().count() == len(demo.CLINICS)
    seed_all()
    assert counts == (
        Clinic.objects.count(),
        Attachment.objects.count(),
        Attachment.objects.open().count(),
    )
