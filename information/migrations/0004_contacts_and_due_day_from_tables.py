"""Numbers that texts named now come from their tables.

- The public-services call centre 1414, which the footer typed next to the Fund's 1406, becomes a
  contact channel of its own (the footer lists the contact channels); the Fund's call-centre
  channel no longer repeats it in its description.
- The "who pays" page names the payment due day through {{ payment_due_day }} (the penalty
  rule's due day) instead of "25".
Texts staff have already changed are left as they are.
"""

from django.db import migrations

CALL_CENTRE = "tel:1406"
PUBLIC_SERVICES = "tel:1414"
OLD_DESCRIPTION = {
    "kk": "Сондай-ақ 1414 – Мемлекеттік қызметтер бойынша бірыңғай байланыс орталығы.",
    "ru": "А также 1414 – единый контакт-центр по государственным услугам.",
    "en": "Also 1414, the single call centre for public services.",
}
PUBLIC_SERVICES_NAME = {
    "kk": "Мемлекеттік қызметтер бойынша бірыңғай байланыс орталығы 1414",
    "ru": "Единый контакт-центр по государственным услугам 1414",
    "en": "Public services call centre 1414",
}
DUE_DAY = {
    "kk": ("айдың 25-інен кешіктірілмей", "айдың {{ payment_due_day }}-күнінен кешіктірілмей"),
    "ru": ("не позднее 25-го числа", "не позднее {{ payment_due_day }}-го числа"),
    "en": ("due by the 25th of the next month", "due by day {{ payment_due_day }} of the next month"),
}


def forwards(apps, schema_editor):
    Channel = apps.get_model("information", "Channel")
    Page = apps.get_model("information", "Page")
    centre = Channel.objects.filter(kind="contact", url=CALL_CENTRE).first()
    if centre is not None and not Channel.objects.filter(url=PUBLIC_SERVICES).exists():
        Channel.objects.create(
            kind="contact",
            url=PUBLIC_SERVICES,
            position=centre.position,  # right after the Fund's own (same position, later row)
            name=PUBLIC_SERVICES_NAME["kk"],
            **{f"name_{code}": name for code, name in PUBLIC_SERVICES_NAME.items()},
        )
        if all(getattr(centre, f"description_{code}") == text for code, text in OLD_DESCRIPTION.items()):
            centre.description = ""
            for code in OLD_DESCRIPTION:
                setattr(centre, f"description_{code}", "")
            centre.save()
    page = Page.objects.filter(slug="who-pays").first()
    if page is not None:
        for code, (old, new) in DUE_DAY.items():
            setattr(page, f"body_{code}", getattr(page, f"body_{code}").replace(old, new))
        page.body = page.body_kk
        page.save()


def backwards(apps, schema_editor):
    Channel = apps.get_model("information", "Channel")
    Page = apps.get_model("information", "Page")
    Channel.objects.filter(kind="contact", url=PUBLIC_SERVICES).delete()
    page = Page.objects.filter(slug="who-pays").first()
    if page is not None:
        for code, (old, new) in DUE_DAY.items():
            setattr(page, f"body_{code}", getattr(page, f"body_{code}").replace(new, old))
        page.body = page.body_kk
        page.save()


class Migration(migrations.Migration):
    dependencies = [("information", "0003_mshi_in_status")]

    operations = [migrations.RunPython(forwards, backwards)]
