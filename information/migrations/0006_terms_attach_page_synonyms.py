"""Content fixes: the brochures' terms in texts already loaded, a page on how to attach to a
polyclinic, and the search synonyms.

- Terms (docs/domain.md "Words", the brochures): берешек and есептен шығару (not қарыз, қарызды
  жою), списание (not аннулирование), «жүктілік және босану бойынша демалыс» (not декреттік);
  the same pairs were corrected in 0002's texts, for new databases.
- The page "how-to-attach" (docs/domain.md §7, [000][001][002][pub]).
- Search synonyms: words people type that the texts of a language say otherwise.
"""

from django.db import migrations

PAIRS = [
    ("шетелдіктердің қарызын жою", "шетелдіктердің берешегін есептен шығару"),
    ("еңбек мигранттарының қарызын жою", "еңбек мигранттарының берешегін есептен шығару"),
    ("қарызды жою", "берешекті есептен шығару"),
    ("Қарызды өтеу", "Берешекті өтеу"),
    ("Қарызды тексеру", "Берешекті тексеру"),
    ("қарызды өтесеңіз", "берешекті өтесеңіз"),
    ("қарызды өтеңіз", "берешекті өтеңіз"),
    ("қарызды өтемей", "берешекті өтемей"),
    ("қарыз өседі", "берешек өседі"),
    ("қарыз пайда болады", "берешек пайда болады"),
    ("қарыз тізімде", "берешек тізімде"),
    ("қарыз кезеңдері", "берешек кезеңдері"),
    ("декреттік демалыстамын", "жүктілік және босану бойынша демалыстамын"),
    ("декреттегі әйелдер", "жүктілік және босану бойынша демалыстағы әйелдер"),
    ("Декреттегі әйелдің", "Жүктілік және босану бойынша демалыстағы әйелдің"),
    ("аннулирование задолженности иностранцев", "списание задолженности иностранцев"),
    ("## Аннулирование задолженности", "## Списание задолженности"),
    ("Чтобы аннулировать задолженность", "Чтобы списать задолженность"),
    ("заявление об аннулировании задолженности", "заявление о списании задолженности"),
    ("декретном отпуске", "отпуске по беременности и родам"),
]

TRANSLATED = {
    "Page": ("title", "summary", "body"),
    "FaqCategory": ("name",),
    "FaqEntry": ("question", "answer"),
    "CareItem": ("text",),
    "ResidencyRule": ("attachment", "documents", "care"),
    "Channel": ("name", "description"),
}

ATTACH_PAGE = {
    "title": (
        "Емханаға қалай тіркелуге болады",
        "Как прикрепиться к поликлинике",
        "How to attach to a polyclinic",
    ),
    "summary": (
        "Мекенжайыңызға қызмет көрсететін емхананы таңдап, онлайн немесе емханада өтініш "
        "беріңіз.",
        "Выберите поликлинику, обслуживающую ваш адрес, и подайте заявку онлайн или в "
        "поликлинике.",
        "Choose the polyclinic serving your address, then apply online or at the polyclinic.",
    ),
    "body": (
        "Бір мезгілде тек бір емханаға (медициналық-санитариялық алғашқы көмек, МСАК) "
        "тіркелесіз: Қор емханаға тіркелген әр адам үшін төлейді. Жаңа емханаға тіркелгенде "
        "бұрынғы тіркелу автоматты түрде тоқтатылады.\n\n"
        "## 1. Емхананы табыңыз\n"
        "Тұрақты немесе уақытша тұратын, жұмыс істейтін не оқитын мекенжайыңыз бойынша "
        "тіркелесіз. Порталдағы «Емхананы табу» бетінде мекенжайыңызға қызмет көрсететін "
        "емхананы тауып, онда бос орын бар-жоғын тексеріңіз.\n\n"
        "## 2. Өтініш беріңіз\n"
        "- Онлайн: электрондық үкімет порталында (egov.kz) ЭЦҚ арқылы; өтініш 1 жұмыс күні "
        "ішінде қаралады.\n"
        "- Емханада: жеке басыңызды куәландыратын құжатпен (жаңа туған балаға – туу туралы "
        "куәлікпен).\n\n"
        "Қызмет көрсету мерзімі өтіп кетсе, емханаға тікелей жүгіне аласыз.\n\n"
        "## 3. Емхананы қашан ауыстыруға болады\n"
        "Жылына бір рет тіркелу науқаны кезінде емхананы еркін таңдауға болады (2025 жылы "
        "1 қыркүйектен 1 қарашаға дейін, жаңа емханада көмек 1 қаңтардан бастап). Тұрғылықты, "
        "жұмыс немесе оқу орны ауысса, емхананы кез келген уақытта ауыстыруға болады.\n\n"
        "## Шетелдіктер\n"
        "Тұруға ықтиярхаты барлар (сондай-ақ қандастар мен босқындар) – ЭЦҚ арқылы онлайн. "
        "ЕАЭО еңбек мигранттары және олардың отбасы мүшелері – емханада жазбаша өтініш "
        "бойынша, төлқұжатпен және сақтандыру шартымен; тіркелу шарт аяқталғанда тоқтайды. "
        "Ықтиярхаты жоқ басқа шетелдіктер туралы «Шетелдіктер» бетін қараңыз.",
        "Вы прикреплены только к одной поликлинике (первичная медико-санитарная помощь, ПМСП): "
        "Фонд платит ей за каждого прикреплённого. При прикреплении к новой поликлинике "
        "прежнее прикрепление прекращается автоматически.\n\n"
        "## 1. Найдите поликлинику\n"
        "Прикрепляются по адресу постоянного или временного проживания, работы или учёбы. На "
        "странице портала «Найти поликлинику» найдите поликлинику, обслуживающую ваш адрес, и "
        "проверьте, есть ли в ней свободные места.\n\n"
        "## 2. Подайте заявку\n"
        "- Онлайн: на портале электронного правительства egov.kz с ЭЦП; заявку рассматривают "
        "в течение 1 рабочего дня.\n"
        "- В поликлинике: с удостоверением личности (для новорождённого – со свидетельством о "
        "рождении).\n\n"
        "Если срок оказания услуги истёк, обратитесь в поликлинику напрямую.\n\n"
        "## 3. Когда можно сменить поликлинику\n"
        "Раз в год поликлинику можно свободно выбрать во время кампании прикрепления (в 2025 "
        "году – с 1 сентября по 1 ноября, помощь в новой поликлинике – с 1 января). При смене "
        "места жительства, работы или учёбы поликлинику можно сменить в любое время.\n\n"
        "## Иностранцы\n"
        "С видом на жительство (а также кандасы и беженцы) – онлайн с ЭЦП. Трудовые мигранты "
        "из стран ЕАЭС и члены их семей – по письменному заявлению в поликлинике, с паспортом "
        "и договором страхования; прикрепление заканчивается вместе с договором. Об "
        "иностранцах без вида на жительство – на странице «Иностранцы».",
        "You are attached to one polyclinic (primary health care, PHC) at a time: the Fund "
        "pays it for each person attached. Attaching to a new one ends the old attachment "
        "automatically.\n\n"
        "## 1. Find the polyclinic\n"
        "You attach by the address where you live (permanently or temporarily), work or "
        "study. On the portal's «Find a polyclinic» page, find the polyclinic serving your "
        "address and check that it has free places.\n\n"
        "## 2. Apply\n"
        "- Online: on the e-government portal egov.kz, with your electronic digital signature "
        "(EDS); the application is decided within 1 working day.\n"
        "- At the polyclinic: with your identity document (for a newborn, the birth "
        "certificate).\n\n"
        "If the deadline passes without an answer, go to the polyclinic directly.\n\n"
        "## 3. When you may change\n"
        "Once a year you may choose another polyclinic freely, during the attachment campaign "
        "(in 2025 from 1 September to 1 November; care at the new polyclinic from 1 January). "
        "After a change of residence, work or study you may change at any time.\n\n"
        "## Foreigners\n"
        "With a residence permit (and kandas and refugees): online with an EDS. EAEU labour "
        "migrants and their families: by a written application at the polyclinic, with the "
        "passport and an insurance contract; the attachment ends with the contract. For other "
        "foreigners without a residence permit, see the page for foreigners.",
    ),
}

# language, word people type, the words the texts use
SYNONYMS = [
    ("kk", "поликлиника", "емхана, МСАК"),
    ("kk", "клиника", "емхана"),
    ("kk", "больница", "аурухана, стационар"),
    ("kk", "осмс", "МӘМС"),
    ("kk", "статус", "мәртебе"),
    ("kk", "долг", "берешек"),
    ("kk", "қарыз", "берешек"),
    ("kk", "иин", "ЖСН"),
    ("kk", "взнос", "жарна"),
    ("kk", "страхование", "сақтандыру"),
    ("ru", "мәмс", "ОСМС"),
    ("ru", "емхана", "поликлиника"),
    ("ru", "жсн", "ИИН"),
    ("ru", "долг", "задолженность"),
    ("ru", "больница", "стационар"),
    ("ru", "клиника", "поликлиника"),
    ("en", "clinic", "polyclinic"),
    ("en", "osms", "MSHI"),
    ("en", "hospital", "inpatient"),
    ("en", "debt", "unpaid"),
]


def fix_terms(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("information", model_name)
        # The untranslated field holds the default language's (Kazakh) text as well.
        names = [*fields, *(f"{field}_{code}" for field in fields for code in ("kk", "ru"))]
        for row in model.objects.all():
            changed = []
            for name in names:
                text = getattr(row, name) or ""
                fixed = text
                for old, new in PAIRS:
                    fixed = fixed.replace(old, new)
                if fixed != text:
                    setattr(row, name, fixed)
                    changed.append(name)
            if changed:
                row.save(update_fields=changed)


def add_attach_page(apps, schema_editor):
    Page = apps.get_model("information", "Page")
    texts = {
        f"{field}_{code}": value
        for field, values in ATTACH_PAGE.items()
        for code, value in zip(("kk", "ru", "en"), values, strict=True)
    }
    # The default language's text is the untranslated field's too (modeltranslation).
    texts |= {field: values[0] for field, values in ATTACH_PAGE.items()}
    Page.objects.update_or_create(
        slug="how-to-attach",
        defaults={"position": 5, "source": "[000][001][002][pub]", **texts},
    )


def remove_attach_page(apps, schema_editor):
    apps.get_model("information", "Page").objects.filter(slug="how-to-attach").delete()


def add_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("information", "SearchSynonym")
    for language, word, synonyms in SYNONYMS:
        SearchSynonym.objects.update_or_create(
            language=language, word=word, defaults={"synonyms": synonyms}
        )


class Migration(migrations.Migration):
    dependencies = [("information", "0005_search_synonyms")]

    operations = [
        migrations.RunPython(fix_terms, migrations.RunPython.noop),
        migrations.RunPython(add_attach_page, remove_attach_page),
        migrations.RunPython(add_synonyms, migrations.RunPython.noop),
    ]
