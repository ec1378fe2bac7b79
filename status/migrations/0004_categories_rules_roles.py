"""Categories of DOMAIN.md §4 and the numbers of the status rule of §3, as data."""

import datetime

from django.db import migrations

from msqory.roles import CLINIC_REGISTRAR, FUND_STAFF, grant

# code: (kind, en, kk, ru)
CATEGORIES = {
    "war_veteran": (
        "state_paid",
        "Participants and persons with disabilities of the Great Patriotic War",
        "Ұлы Отан соғысының қатысушылары мен мүгедектігі бар адамдары",
        "Участники и лица с инвалидностью Великой Отечественной войны",
    ),
    "disabled_nonworking": (
        "state_paid",
        "Non-working persons with disabilities",
        "Жұмыс істемейтін мүгедектігі бар адамдар",
        "Неработающие лица с инвалидностью",
    ),
    "pensioner": ("state_paid", "Pension recipients", "Зейнетақы алушылар", "Получатели пенсий"),
    "mother_many_children": (
        "state_paid",
        "Mothers of many children awarded «Алтын алқа», «Күміс алқа», formerly «Батыр ана», "
        "or the order «Ана даңқы» I/II",
        "«Алтын алқа», «Күміс алқа» алқаларымен, бұрын «Батыр ана» атағымен немесе I/II дәрежелі "
        "«Ана даңқы» орденімен марапатталған көпбалалы аналар",
        "Многодетные матери, награждённые подвесками «Алтын алқа», «Күміс алқа», ранее званием "
        "«Мать-героиня» или орденом «Материнская слава» I/II степени",
    ),
    "pregnant_nonworking": (
        "state_paid",
        "Non-working pregnant women",
        "Жұмыс істемейтін жүкті әйелдер",
        "Неработающие беременные женщины",
    ),
    "parent_child_under_3": (
        "state_paid",
        "A non-working person raising a child under 3",
        "Үш жасқа дейінгі баланы тәрбиелеп отырған жұмыс істемейтін адам",
        "Неработающее лицо, воспитывающее ребёнка до 3 лет",
    ),
    "childcare_leave": (
        "state_paid",
        "A person on childcare leave until the child is 3",
        "Бала үш жасқа толғанға дейін бала күтімі бойынша демалыстағы адам",
        "Лицо в отпуске по уходу за ребёнком до достижения им 3 лет",
    ),
    "child": ("state_paid", "Children", "Балалар", "Дети"),
    "boarding_pupil": (
        "state_paid",
        "Pupils of boarding institutions",
        "Интернат ұйымдарының тәрбиеленушілері",
        "Воспитанники интернатных организаций",
    ),
    "fulltime_student": (
        "state_paid",
        "Full-time students (vocational, post-secondary, higher, residency)",
        "Күндізгі оқу нысанындағы білім алушылар (техникалық және кәсіптік, орта білімнен кейінгі, "
        "жоғары білім, резидентура)",
        "Обучающиеся очной формы (ТиПО, послесреднее, высшее образование, резидентура)",
    ),
    "registered_unemployed": (
        "state_paid",
        "Unemployed registered at an employment centre",
        "Жұмыспен қамту орталығында тіркелген жұмыссыздар",
        "Безработные, зарегистрированные в центре занятости",
    ),
    "convict": (
        "state_paid",
        "Convicts serving in penitentiary institutions (except minimum security)",
        "Қылмыстық-атқару жүйесінің мекемелерінде жазасын өтеп жүрген адамдар "
        "(ең төменгі қауіпсіздік мекемелерінен басқа)",
        "Лица, отбывающие наказание в учреждениях уголовно-исполнительной системы "
        "(кроме учреждений минимальной безопасности)",
    ),
    "detainee": (
        "state_paid",
        "Detainees in temporary or pre-trial detention",
        "Уақытша ұстау изоляторларында және тергеу изоляторларында ұсталатын адамдар",
        "Лица, содержащиеся в изоляторах временного содержания и следственных изоляторах",
    ),
    "welfare_d_e": (
        "state_paid",
        "People on crisis or emergency welfare levels D and E (paid by local authorities)",
        "Әл-ауқаттың D және E (дағдарыстық және төтенше) деңгейіндегі адамдар (жергілікті "
        "атқарушы органдар төлейді)",
        "Лица с кризисным и экстренным уровнями благополучия D и E (оплачивают местные "
        "исполнительные органы)",
    ),
    "military": ("exempt", "Military servicemen", "Әскери қызметшілер", "Военнослужащие"),
    "special_state_body": (
        "exempt",
        "Employees of special state bodies",
        "Арнаулы мемлекеттік органдардың қызметкерлері",
        "Сотрудники специальных государственных органов",
    ),
    "law_enforcement": (
        "exempt",
        "Law-enforcement officers",
        "Құқық қорғау органдарының қызметкерлері",
        "Сотрудники правоохранительных органов",
    ),
}

RULES = [
    {
        "valid_from": datetime.date(2020, 1, 1),
        "valid_to": datetime.date(2025, 12, 31),
        "window_months": 12,
        "grace_months": 3,
        "note": "DOMAIN.md §3: 12 consecutive months give the status, it lasts 3 more months "
        "after the last paid month. Months before 2020-01 are not owed.",
    },
    {
        "valid_from": datetime.date(2026, 1, 1),
        "valid_to": None,
        "window_months": 12,
        "grace_months": 3,
        "extended_grace_months": 6,
        "extended_grace_after_months": 60,
        "note": "DOMAIN.md §3: from 2026 the grace is 6 months after 60 months of continuous "
        "payment, not counting state-paid months.",
    },
]


def load(apps, schema_editor):
    Category = apps.get_model("status", "Category")
    for code, (kind, en, kk, ru) in CATEGORIES.items():
        Category.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "name": kk, "name_kk": kk, "name_ru": ru, "name_en": en},
        )
    StatusRule = apps.get_model("status", "StatusRule")
    for rule in RULES:
        StatusRule.objects.update_or_create(valid_from=rule["valid_from"], defaults=rule)
    grant(
        apps,
        FUND_STAFF,
        "status",
        [
            "view_payment",
            "change_payment",
            "view_category",
            "change_category",
            "view_categorymembership",
            "add_categorymembership",
            "change_categorymembership",
            "delete_categorymembership",
            "view_debtcancellation",
            "add_debtcancellation",
            "view_statusrule",
            "change_statusrule",
            "add_statusrule",
            "view_statussnapshot",
            "view_recomputerun",
        ],
    )
    grant(apps, CLINIC_REGISTRAR, "status", ["view_statussnapshot"])


def unload(apps, schema_editor):
    apps.get_model("status", "Category").objects.filter(code__in=CATEGORIES).delete()
    apps.get_model("status", "StatusRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("status", "0003_ledger")]

    operations = [migrations.RunPython(load, unload)]
