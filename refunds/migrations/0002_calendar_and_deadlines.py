import datetime

from django.db import migrations

# Deadlines of DOMAIN.md §5: the State Corporation confirms the money arrived within 5 working
# days; the whole review takes at most 15 working days (MoH order No. 478 of 30 June 2017).
DEADLINES = [
    # kind, valid_from, review working days, confirmation working days
    ("refund", datetime.date(2017, 6, 30), 15, 5),
    ("cancellation", datetime.date(2017, 6, 30), 15, None),
]

# Days off the Government transferred (weekend days worked in exchange), from its decrees.
TRANSFERS = [
    (datetime.date(2023, 7, 1), True, "Worked Saturday; the day off moved to 7 July 2023"),
    (datetime.date(2023, 7, 7), False, "Day off transferred from Saturday 1 July 2023"),
    (datetime.date(2024, 5, 4), True, "Worked Saturday; the day off moved to 8 May 2024"),
    (datetime.date(2024, 5, 8), False, "Day off transferred from Saturday 4 May 2024"),
    (datetime.date(2025, 1, 5), True, "Worked Sunday; the day off moved to 3 January 2025"),
    (datetime.date(2025, 1, 3), False, "Day off transferred from Sunday 5 January 2025"),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("refunds", "DeadlineRule")
    CalendarDay = apps.get_model("refunds", "CalendarDay")
    for kind, valid_from, review, confirmation in DEADLINES:
        DeadlineRule.objects.get_or_create(
            kind=kind,
            valid_from=valid_from,
            defaults={"review_working_days": review, "confirmation_working_days": confirmation},
        )
    for date, working, description in TRANSFERS:
        CalendarDay.objects.get_or_create(
            date=date, defaults={"is_working_day": working, "description": description}
        )


def unload(apps, schema_editor):
    apps.get_model("refunds", "DeadlineRule").objects.all().delete()
    apps.get_model("refunds", "CalendarDay").objects.filter(
        date__in=[d for d, _w, _t in TRANSFERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("refunds", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
