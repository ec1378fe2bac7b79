"""DOMAIN.md §2.1–2.4 as data: payer types, MW 2017–2026, rules 2017–2026, exemptions, penalty.

Sources are cited as in DOMAIN.md: [000] … [004] are the brochures in shared/seeds, [pub] the
Fund's pages, Ministry of Health statements and the accounting press. The data is frozen here
(a migration never imports app code); later changes are made by Fund staff in the admin or by
new migrations.
"""

import datetime
from decimal import Decimal

from django.db import migrations

LAW = "Law of the RK No. 405-V of 16.11.2015 «On compulsory social health insurance»"
LAW_DEDUCTIONS = LAW
LAW_CONTRIBUTIONS = LAW
TAX_CODE_UP = "Tax Code of the RK, special tax regime with the unified payment"

# code: (position, (en, kk, ru) name, (en, kk, ru) description)
PAYER_TYPES = {
    "employer": (
        1,
        ("Employer deductions", "Жұмыс берушінің аударымдары", "Отчисления работодателя"),
        (
            "Paid by the employer for each employee, on the employee's gross income.",
            "Жұмыс беруші әр қызметкер үшін оның жалпы табысынан төлейді.",
            "Работодатель платит за каждого работника с его начисленного дохода.",
        ),
    ),
    "employee": (
        2,
        ("Employee contributions", "Қызметкердің жарналары", "Взносы работника"),
        (
            "Withheld by the employer from the employee's gross income.",
            "Жұмыс беруші қызметкердің жалпы табысынан ұстап қалады.",
            "Работодатель удерживает из начисленного дохода работника.",
        ),
    ),
    "civil_contract": (
        3,
        (
            "Income under a civil-law contract",
            "Азаматтық-құқықтық сипаттағы шарт (АҚС) бойынша табыс",
            "Доход по договору гражданско-правового характера (ГПХ)",
        ),
        (
            "Contributions on income received under civil-law contracts.",
            "Азаматтық-құқықтық сипаттағы шарттар бойынша алынған табыстан жарналар.",
            "Взносы с дохода по договорам гражданско-правового характера.",
        ),
    ),
    "individual_entrepreneur": (
        4,
        (
            "Individual entrepreneur or private practice",
            "Жеке кәсіпкер (ЖК) немесе жеке практика",
            "Индивидуальный предприниматель (ИП) или частная практика",
        ),
        (
            "Individual entrepreneurs, notaries, lawyers and other private practice, and peasant "
            "farms, for themselves: a fixed amount.",
            "Жеке кәсіпкерлер, нотариустар, адвокаттар және басқа да жеке практикамен "
            "айналысатындар, шаруа қожалықтары өздері үшін: тіркелген сома.",
            "ИП, нотариусы, адвокаты и другие лица частной практики, крестьянские хозяйства "
            "за себя: фиксированная сумма.",
        ),
    ),
    "self_payer": (
        5,
        ("Self-payer", "Дербес төлеуші", "Самостоятельный плательщик"),
        (
            "People for whom nobody else pays, and months without income: a fixed amount.",
            "Олар үшін ешкім төлемейтін адамдар және табыссыз айлар: тіркелген сома.",
            "Люди, за которых никто не платит, и месяцы без дохода: фиксированная сумма.",
        ),
    ),
    "platform_worker": (
        6,
        ("Platform worker", "Платформалық жұмысқа қатысушы", "Участник платформенной занятости"),
        (
            "Income through digital platforms (taxi apps and others), withheld by the platform.",
            "Цифрлық платформалар (такси қосымшалары және т. б.) арқылы табыс, платформа ұстап "
            "қалады.",
            "Доход через цифровые платформы (приложения такси и др.), удерживает платформа.",
        ),
    ),
    "unified_payment": (
        7,
        ("Unified payment", "Бірыңғай төлем", "Единый платёж"),
        (
            "Small-business employers on the unified payment regime; MSHI receives fixed shares "
            "of the payment.",
            "Бірыңғай төлем режиміндегі шағын бизнес жұмыс берушілері; МӘМС төлемнің белгіленген "
            "үлестерін алады.",
            "Работодатели малого бизнеса на режиме единого платежа; ОСМС получает установленные "
            "доли платежа.",
        ),
    ),
    "state": (
        8,
        ("The state", "Мемлекет", "Государство"),
        (
            "Contributions the state pays for state-paid categories of people.",
            "Мемлекет төлейтін санаттағы адамдар үшін мемлекеттің жарналары.",
            "Взносы государства за категории граждан, за которых платит государство.",
        ),
    ),
}

# year: (amount, source)
MINIMUM_WAGES = {
    2017: ("24459", "[pub] Law on the republican budget for 2017"),
    2018: ("28284", "[pub] Law on the republican budget for 2018"),
    2019: ("42500", "[pub] Law on the republican budget for 2019"),
    2020: ("42500", "[pub] Law on the republican budget for 2020"),
    2021: ("42500", "[001]; [pub] Law on the republican budget for 2021"),
    2022: ("60000", "[pub] Law on the republican budget for 2022"),
    2023: ("70000", "[pub] Law on the republican budget for 2023"),
    2024: ("85000", "[002]; [pub] Law on the republican budget for 2024"),
    2025: ("85000", "[002]; [pub] Law on the republican budget for 2025"),
    2026: ("85000", "[pub] Law on the republican budget for 2026"),
}

NO_CAP_2017_2019 = (
    "No cap on the base for 2017–2019 was found in the sources, so none is stored (DOMAIN.md "
    "§2.3)."
)
CIVIL_CAP = (
    "The base is capped at 10 MW as for employees (the Law's cap on the contributions base); "
    "DOMAIN.md §2.3 lists the rate only."
)


def year_rows(payer_type, years, **fields):
    return [
        dict(payer_type=payer_type, valid_from=f"{year}-01", valid_to=f"{year}-12", **fields)
        for year in years
    ]


# Each row: payer_type, valid_from/valid_to ("YYYY-MM", both inclusive), rate (%), base_kind,
# base_mw_multiple, base_amount, cap_mw_multiple, employer_share/employee_share (% of the
# unified payment), legal_reference, source, note. One row per year, so that next year's rule is
# a new row and a rule in force is never edited.
RULES = [
    # --- employer deductions -------------------------------------------------------------
    dict(
        payer_type="employer", valid_from="2017-07", valid_to="2017-12", rate="1",
        base_kind="income", legal_reference=LAW_DEDUCTIONS, source="[004][pub]",
        note="Deductions started in July 2017. " + NO_CAP_2017_2019,
    ),
    *year_rows(
        "employer", [2018, 2019], rate="1.5", base_kind="income",
        legal_reference=LAW_DEDUCTIONS, source="[pub]", note=NO_CAP_2017_2019,
    ),
    *year_rows(
        "employer", [2020, 2021], rate="2", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_DEDUCTIONS, source="[004][pub]",
    ),
    *year_rows(
        "employer", [2022], rate="3", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_DEDUCTIONS, source="[pub]", note="Maximum 18 000 a month.",
    ),
    *year_rows(
        "employer", [2023], rate="3", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_DEDUCTIONS, source="[pub]", note="Maximum 21 000 a month.",
    ),
    *year_rows(
        "employer", [2024], rate="3", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_DEDUCTIONS, source="[pub]", note="Maximum 25 500 a month.",
    ),
    *year_rows(
        "employer", [2025], rate="3", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_DEDUCTIONS, source="[000][002]",
        note="3 % of 10 MW = 25 500 at most ([002]).",
    ),
    *year_rows(
        "employer", [2026], rate="3", base_kind="income", cap_mw_multiple="40",
        legal_reference=LAW_DEDUCTIONS, source="[pub]", note="From 2026 the cap is 40 MW.",
    ),
    # --- employee contributions ------------------------------------------------------------
    *year_rows(
        "employee", [2020], rate="1", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_CONTRIBUTIONS, source="[004][pub]",
    ),
    *year_rows(
        "employee", [2021], rate="2", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_CONTRIBUTIONS, source="[004][pub]",
    ),
    *year_rows(
        "employee", [2022, 2023], rate="2", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
    ),
    *year_rows(
        "employee", [2024], rate="2", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_CONTRIBUTIONS, source="[003]",
        note="Maximum 17 000 «because the base must not exceed 10 MW» ([003]).",
    ),
    *year_rows(
        "employee", [2025], rate="2", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_CONTRIBUTIONS, source="[000]", note="Maximum 17 000 a month.",
    ),
    *year_rows(
        "employee", [2026], rate="2", base_kind="income", cap_mw_multiple="20",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]", note="From 2026 the cap is 20 MW.",
    ),
    # --- civil-law contracts -----------------------------------------------------------------
    *year_rows(
        "civil_contract", [2020], rate="1", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]", note=CIVIL_CAP,
    ),
    *year_rows(
        "civil_contract", [2021, 2022, 2023], rate="2", base_kind="income",
        cap_mw_multiple="10", legal_reference=LAW_CONTRIBUTIONS, source="[pub]", note=CIVIL_CAP,
    ),
    *year_rows(
        "civil_contract", [2024, 2025], rate="2", base_kind="income", cap_mw_multiple="10",
        legal_reference=LAW_CONTRIBUTIONS, source="[002][pub]", note=CIVIL_CAP,
    ),
    *year_rows(
        "civil_contract", [2026], rate="2", base_kind="income", cap_mw_multiple="20",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]", note="From 2026 the cap is 20 MW.",
    ),
    # --- individual entrepreneurs (also private practice and peasant farms) --------------------
    dict(
        payer_type="individual_entrepreneur", valid_from="2017-07", valid_to="2017-12",
        rate="5", base_kind="mw_multiple", base_mw_multiple="2",
        legal_reference=LAW_CONTRIBUTIONS, source="[004][pub]",
        note="5 % of 2 MW for July–December 2017; no contributions were due in 2018–2019.",
    ),
    *year_rows(
        "individual_entrepreneur", [2020], rate="5", base_kind="mw_multiple",
        base_mw_multiple="1.4", legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
        note="5 % × 1.4 MW = 2 975.",
    ),
    *year_rows(
        "individual_entrepreneur", [2021], rate="5", base_kind="mw_multiple",
        base_mw_multiple="1.4", legal_reference=LAW_CONTRIBUTIONS, source="[001]",
        note="2 975 a month, also for peasant farms ([001]).",
    ),
    *year_rows(
        "individual_entrepreneur", [2022, 2023], rate="5", base_kind="mw_multiple",
        base_mw_multiple="1.4", legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
    ),
    *year_rows(
        "individual_entrepreneur", [2024, 2025], rate="5", base_kind="mw_multiple",
        base_mw_multiple="1.4", legal_reference=LAW_CONTRIBUTIONS, source="[000][002]",
        note="(85 000 × 1.4) × 5 % = 5 950 ([002]).",
    ),
    *year_rows(
        "individual_entrepreneur", [2026], rate="5", base_kind="mw_multiple",
        base_mw_multiple="1.4", legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
        note="Assumed unchanged from 2025 (DOMAIN.md §2.3).",
    ),
    # --- self-payers -------------------------------------------------------------------------
    *year_rows(
        "self_payer", [2020, 2021, 2022, 2023], rate="5", base_kind="mw_multiple",
        base_mw_multiple="1", legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
    ),
    *year_rows(
        "self_payer", [2024], rate="5", base_kind="mw_multiple", base_mw_multiple="1",
        legal_reference=LAW_CONTRIBUTIONS, source="[002]", note="4 250 a month in 2024 ([002]).",
    ),
    *year_rows(
        "self_payer", [2025, 2026], rate="5", base_kind="mw_multiple", base_mw_multiple="1",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
    ),
    # --- platform workers --------------------------------------------------------------------
    *year_rows(
        "platform_worker", [2024, 2025], rate="1", base_kind="income",
        legal_reference=LAW_CONTRIBUTIONS, source="[002][pub]",
        note="1 % of platform income ([002]); from September 2024 part of a combined 4 % "
        "regime [pub]. A platform worker may pay as an IE instead. No cap in the sources.",
    ),
    *year_rows(
        "platform_worker", [2026], rate="1", base_kind="income",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
        note="From 2026 the 1 % is withheld by the platform operator. No cap in the sources.",
    ),
    # --- unified payment ---------------------------------------------------------------------
    *year_rows(
        "unified_payment", [2023], rate="20", base_kind="income", cap_mw_multiple="10",
        employer_share="15", employee_share="10", legal_reference=TAX_CODE_UP, source="[pub]",
    ),
    *year_rows(
        "unified_payment", [2024], rate="21.5", base_kind="income", cap_mw_multiple="10",
        employer_share="13.95", employee_share="9.3", legal_reference=TAX_CODE_UP,
        source="[002]",
    ),
    *year_rows(
        "unified_payment", [2025], rate="23.8", base_kind="income", cap_mw_multiple="10",
        legal_reference=TAX_CODE_UP, source="[pub]",
        note="The MSHI shares of the 2025 unified payment are not published: no amount is "
        "calculated until they are entered.",
    ),
    # --- the state ---------------------------------------------------------------------------
    *year_rows(
        "state", [2022], rate="1.7", base_kind="fixed_amount", base_amount="212600",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
        note="3 614.20 per person per month [pub]; rate and base (average monthly wage of "
        "2020) derived from that amount.",
    ),
    *year_rows(
        "state", [2023], rate="1.8", base_kind="fixed_amount", base_amount="250311",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
        note="4 505.60 per person per month; base = average monthly wage of 2021.",
    ),
    *year_rows(
        "state", [2024], rate="1.9", base_kind="fixed_amount", base_amount="308000",
        legal_reference=LAW_CONTRIBUTIONS, source="[pub]",
        note="5 852.00 per person per month; base = average monthly wage of 2022. The rate is "
        "2.0 % for 2025–2026, but the average wages of 2023–2024 are not in the sources, so "
        "those years have no rule yet.",
    ),
]

# code: (position, (en, kk, ru), payer types that pay nothing, source)
CONTRIBUTORS = ["employee", "civil_contract", "individual_entrepreneur", "self_payer"]
EXEMPTIONS = {
    "pensioner": (
        1,
        (
            "Pension recipient",
            "Зейнетақы төлемдерін алушы",
            "Получатель пенсионных выплат",
        ),
        ["employer", *CONTRIBUTORS],
        "[000][002]",
    ),
    "child": (
        2,
        ("Child", "Бала", "Ребёнок"),
        ["employer"],
        "[002]",
    ),
    "disability": (
        3,
        ("Person with a disability", "Мүгедектігі бар адам", "Лицо с инвалидностью"),
        ["employer", *CONTRIBUTORS],
        "[000][002]",
    ),
    "fulltime_student": (
        4,
        (
            "Full-time student",
            "Күндізгі оқу нысаны бойынша білім алушы",
            "Обучающийся по очной форме",
        ),
        ["employer", *CONTRIBUTORS],
        "[000][002]",
    ),
    "mother_many_children": (
        5,
        (
            "Mother of many children awarded «Алтын алқа», «Күміс алқа», formerly «Батыр ана», "
            "or the order «Ана даңқы» I/II",
            "«Алтын алқа», «Күміс алқа» алқаларымен, бұрын «Батыр ана» атағымен немесе I және II "
            "дәрежелі «Ана даңқы» орденімен марапатталған көп балалы ана",
            "Многодетная мать, награждённая подвесками «Алтын алқа», «Күміс алқа», ранее "
            "званием «Мать-героиня» или орденом «Ана даңқы» I и II степени",
        ),
        ["employer", *CONTRIBUTORS],
        "[000][002]",
    ),
}

# National Bank of Kazakhstan base rate decisions [pub] (nationalbank.kz), from the date on.
# Earlier decisions are not loaded: a penalty estimate for days before the first row says so.
BASE_RATES = [
    ("2019-09-09", "9.25"),
    ("2020-03-10", "12"),
    ("2020-04-06", "9.5"),
    ("2020-07-20", "9"),
    ("2021-07-26", "9.25"),
    ("2021-09-13", "9.5"),
    ("2021-10-25", "9.75"),
    ("2022-01-24", "10.25"),
    ("2022-02-24", "13.5"),
    ("2022-04-25", "14"),
    ("2022-07-26", "14.5"),
    ("2022-10-24", "16"),
    ("2022-12-05", "16.75"),
    ("2023-08-25", "16.5"),
    ("2023-10-06", "16"),
    ("2023-11-24", "15.75"),
    ("2024-01-19", "15.25"),
    ("2024-03-01", "14.75"),
    ("2024-04-12", "14.5"),
    ("2024-08-30", "14.25"),
    ("2024-11-29", "15.25"),
    ("2025-03-07", "16.5"),
    ("2025-10-10", "18"),
]
BASE_RATE_SOURCE = "[pub] National Bank of Kazakhstan, base rate decisions"


def month(value: str) -> datetime.date:
    year, month_number = value.split("-")
    return datetime.date(int(year), int(month_number), 1)


def decimal(value):
    return None if value is None else Decimal(value)


def load(apps, schema_editor):
    PayerType = apps.get_model("contributions", "PayerType")
    MinimumWage = apps.get_model("contributions", "MinimumWage")
    ContributionRule = apps.get_model("contributions", "ContributionRule")
    Exemption = apps.get_model("contributions", "Exemption")
    BaseRate = apps.get_model("contributions", "BaseRate")
    PenaltyRule = apps.get_model("contributions", "PenaltyRule")

    for code, (position, (en, kk, ru), (d_en, d_kk, d_ru)) in PAYER_TYPES.items():
        PayerType.objects.update_or_create(
            code=code,
            defaults=dict(
                position=position, name=kk, name_kk=kk, name_ru=ru, name_en=en,
                description=d_kk, description_kk=d_kk, description_ru=d_ru, description_en=d_en,
            ),
        )
    for year, (amount, source) in MINIMUM_WAGES.items():
        MinimumWage.objects.update_or_create(
            year=year, defaults=dict(amount=Decimal(amount), source=source)
        )
    for row in RULES:
        ContributionRule.objects.create(
            payer_type_id=row["payer_type"],
            valid_from=month(row["valid_from"]),
            valid_to=month(row["valid_to"]),
            rate=Decimal(row["rate"]),
            base_kind=row["base_kind"],
            base_mw_multiple=decimal(row.get("base_mw_multiple")),
            base_amount=decimal(row.get("base_amount")),
            cap_mw_multiple=decimal(row.get("cap_mw_multiple")),
            employer_share=decimal(row.get("employer_share")),
            employee_share=decimal(row.get("employee_share")),
            legal_reference=row.get("legal_reference", ""),
            source=row.get("source", ""),
            note=row.get("note", ""),
        )
    for code, (position, (en, kk, ru), payer_types, source) in EXEMPTIONS.items():
        exemption, _ = Exemption.objects.update_or_create(
            code=code,
            defaults=dict(
                position=position, name=kk, name_kk=kk, name_ru=ru, name_en=en, source=source
            ),
        )
        exemption.payer_types.set(payer_types)
    for valid_from, rate in BASE_RATES:
        BaseRate.objects.update_or_create(
            valid_from=datetime.date.fromisoformat(valid_from),
            defaults=dict(rate=Decimal(rate), source=BASE_RATE_SOURCE),
        )
    penalty, _ = PenaltyRule.objects.update_or_create(
        valid_from=datetime.date(2017, 7, 1),
        defaults=dict(
            due_day=25,
            base_rate_multiple=Decimal("1.25"),
            days_in_year=365,
            source="[pub]",
            note="Arrears × 1.25 × base rate / 365 per calendar day from the 26th of the next "
            "month; charged to employers only, for their deductions and the contributions they "
            "withhold (medium confidence, DOMAIN.md §2.4).",
        ),
    )
    penalty.payer_types.set(["employer", "employee"])


def unload(apps, schema_editor):
    for model in ("PenaltyRule", "BaseRate", "Exemption", "ContributionRule", "MinimumWage"):
        apps.get_model("contributions", model).objects.all().delete()
    apps.get_model("contributions", "PayerType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("contributions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
