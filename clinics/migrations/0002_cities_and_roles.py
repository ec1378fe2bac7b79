from django.db import migrations

from msqory.roles import CLINIC_REGISTRAR, FUND_STAFF, grant

# The cities of republican significance and the regional centres, with their regions
# (kk, ru, en). Fund staff add district towns in the admin.
CITIES = [
    # (name kk, ru, en), (region kk, ru, en)
    (("Астана", "Астана", "Astana"), ("Астана қаласы", "город Астана", "Astana city")),
    (("Алматы", "Алматы", "Almaty"), ("Алматы қаласы", "город Алматы", "Almaty city")),
    (("Шымкент", "Шымкент", "Shymkent"), ("Шымкент қаласы", "город Шымкент", "Shymkent city")),
    (("Семей", "Семей", "Semey"), ("Абай облысы", "Абайская область", "Abai Region")),
    (("Көкшетау", "Кокшетау", "Kokshetau"), ("Ақмола облысы", "Акмолинская область", "Akmola Region")),
    (("Ақтөбе", "Актобе", "Aktobe"), ("Ақтөбе облысы", "Актюбинская область", "Aktobe Region")),
    (("Қонаев", "Конаев", "Konaev"), ("Алматы облысы", "Алматинская область", "Almaty Region")),
    (("Атырау", "Атырау", "Atyrau"), ("Атырау облысы", "Атырауская область", "Atyrau Region")),
    (
        ("Өскемен", "Усть-Каменогорск", "Oskemen"),
        ("Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
    ),
    (("Тараз", "Тараз", "Taraz"), ("Жамбыл облысы", "Жамбылская область", "Zhambyl Region")),
    (
        ("Талдықорған", "Талдыкорган", "Taldykorgan"),
        ("Жетісу облысы", "Жетысуская область", "Zhetisu Region"),
    ),
    (
        ("Орал", "Уральск", "Oral"),
        ("Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    ),
    (
        ("Қарағанды", "Караганда", "Karaganda"),
        ("Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    ),
    (("Қостанай", "Костанай", "Kostanay"), ("Қостанай облысы", "Костанайская область", "Kostanay Region")),
    (
        ("Қызылорда", "Кызылорда", "Kyzylorda"),
        ("Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    ),
    (("Ақтау", "Актау", "Aktau"), ("Маңғыстау облысы", "Мангистауская область", "Mangystau Region")),
    (("Павлодар", "Павлодар", "Pavlodar"), ("Павлодар облысы", "Павлодарская область", "Pavlodar Region")),
    (
        ("Петропавл", "Петропавловск", "Petropavl"),
        ("Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"),
    ),
    (
        ("Түркістан", "Туркестан", "Turkistan"),
        ("Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    ),
    (("Жезқазған", "Жезказган", "Zhezkazgan"), ("Ұлытау облысы", "Улытауская область", "Ulytau Region")),
]


def load_cities(apps, schema_editor):
    City = apps.get_model("clinics", "City")
    for (name_kk, name_ru, name_en), (region_kk, region_ru, region_en) in CITIES:
        City.objects.update_or_create(
            name_kk=name_kk,
            defaults={
                "name": name_kk,
                "name_ru": name_ru,
                "name_en": name_en,
                "region": region_kk,
                "region_kk": region_kk,
                "region_ru": region_ru,
                "region_en": region_en,
            },
        )


def unload_cities(apps, schema_editor):
    City = apps.get_model("clinics", "City")
    City.objects.filter(name_kk__in=[names[0] for names, _region in CITIES]).delete()


def create_roles(apps, schema_editor):
    models = ["city", "clinic", "servicearea", "registrar"]
    grant(
        apps,
        FUND_STAFF,
        "clinics",
        [f"{action}_{model}" for model in models for action in ("view", "add", "change")]
        + ["delete_servicearea", "delete_registrar", "view_attachment", "change_attachment"]
        + [f"view_historical{model}" for model in [*models, "attachment"]],
    )
    # Registrars attach and detach at their own clinic's desk (the portal checks which clinic).
    grant(
        apps,
        CLINIC_REGISTRAR,
        "clinics",
        ["view_clinic", "view_attachment", "add_attachment", "change_attachment"],
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[FUND_STAFF, CLINIC_REGISTRAR]):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="clinics"))


class Migration(migrations.Migration):
    dependencies = [
        ("clinics", "0001_initial"),
        ("status", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(load_cities, unload_cities),
        migrations.RunPython(create_roles, remove_roles),
    ]
