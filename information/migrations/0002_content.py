"""The initial content, from the brochures in ../shared/seeds/ ([000] … [004]).

Kazakh is the brochures' own wording (lightly edited); Russian and English come from the
brochures' Russian and English parts where they exist ([003]) and are careful translations
elsewhere, with the official terms of DOMAIN.md's glossary. Figures are placeholders filled
from the rule tables when a page is shown ({{ self_payer_amount }} …): none is typed in.
Every text is (kk, ru, en).
"""

from django.db import migrations

from msqory.roles import FUND_STAFF, grant

FAQ_CATEGORIES = [
    ("payments", ("Жарналар мен төлемдер", "Взносы и платежи", "Contributions and payments")),
    ("status", ("Сақтандыру мәртебесі", "Статус застрахованности", "Insured status")),
    ("care", ("Медициналық көмек", "Медицинская помощь", "Medical care")),
    ("clinics", ("Емханаға тіркелу", "Прикрепление к поликлинике", "Attachment to a polyclinic")),
    ("foreigners", ("Шетелдіктер", "Иностранцы", "Foreigners")),
]

# slug, category, source, question (kk, ru, en), answer (kk, ru, en)
FAQS = [
    (
        "employer-late",
        "payments",
        "[001]",
        (
            "Жұмыс беруші мен үшін МӘМС-ке аударымдар мен жарналарды уақытында төлемеді. "
            "Мәртебемді жоғалтпау үшін өзім төлей аламын ба? Жұмыс беруші кейін төлесе, "
            "ақшамды қайтару керек пе, әлде келесі айға ауыстыру керек пе?",
            "Работодатель не перечислил за меня вовремя отчисления и взносы в ОСМС. Могу ли я "
            "заплатить сам, чтобы не потерять статус? А когда работодатель заплатит, нужно "
            "требовать возврат или перенести деньги на следующий месяц?",
            "My employer did not pay my MSHI deductions and contributions on time. Can I pay "
            "myself so as not to lose my status? And once the employer pays, should I ask for a "
            "refund or move the money to the next month?",
        ),
        (
            "МӘМС үшін уақтылы төлем жасау – жұмыс берушінің жауапкершілігі. Егер ол белгіленген "
            "мерзімдерді бұзса, оған өсімпұл салынады.\n\n"
            "Мәртебені жоғалтпау үшін сіз дербес төлеуші ретінде төлем жасай аласыз (айына "
            "{{ self_payer_amount }} теңге). Жұмыс берушіңіз аударымдар мен жарналарды төлегеннен "
            "кейін, өз қаражатыңызды «Азаматтарға арналған үкімет» мемлекеттік корпорациясы "
            "арқылы қайтара аласыз: қайтару туралы өтініш жазып, төлем туралы түбіртектерді "
            "немесе чектерді ұсыну қажет. Төлемдерді басқа айға ауыстыруға болмайды, тек "
            "қайтаруға болады.",
            "Своевременная оплата в ОСМС – обязанность работодателя. Если он нарушает сроки, ему "
            "начисляется пеня.\n\n"
            "Чтобы не потерять статус, вы можете заплатить как самостоятельный плательщик "
            "({{ self_payer_amount }} тенге в месяц). Когда работодатель перечислит отчисления и "
            "взносы, свои деньги вы можете вернуть через Госкорпорацию «Правительство для "
            "граждан»: нужно написать заявление на возврат и приложить квитанции или чеки об "
            "оплате. Перенести платежи на другой месяц нельзя, их можно только вернуть.",
            "Paying MSHI on time is the employer's duty. An employer who misses the deadlines "
            "is charged a penalty.\n\n"
            "So as not to lose your status, you may pay as a self-payer ({{ self_payer_amount }} "
            "tenge a month). Once your employer has paid the deductions and contributions, you "
            "can get your own money back through the State Corporation «Government for "
            "Citizens»: write an application for a refund and attach the receipts of your "
            "payments. Payments cannot be moved to another month, only refunded.",
        ),
    ),
    (
        "foreigner-pregnancy",
        "foreigners",
        "[001]",
        (
            "Шетел азаматы тұруға ықтиярхатсыз жүктілік бойынша есепке тұра ала ма?",
            "Может ли иностранный гражданин без вида на жительство встать на учёт по "
            "беременности?",
            "Can a foreign citizen without a residence permit register a pregnancy?",
        ),
        (
            "«Халықтың көші-қоны туралы» ҚР Заңының 35-бабына сәйкес Қазақстан аумағында уақытша "
            "болатын шетелдік азаматтардың ерікті медициналық сақтандыру (ЕМС) полисі болуы "
            "міндетті. Шетелдік азамат жүктілік бойынша есепке осы полис болған жағдайда немесе "
            "ақылы негізде тұра алады.",
            "Согласно статье 35 Закона РК «О миграции населения» иностранцы, временно "
            "пребывающие в Казахстане, обязаны иметь полис добровольного медицинского "
            "страхования (ДМС). Иностранная гражданка может встать на учёт по беременности при "
            "наличии такого полиса или на платной основе.",
            "Under Article 35 of the Law «On Migration of the Population», foreigners staying "
            "in Kazakhstan temporarily must have a voluntary medical insurance policy. A foreign "
            "woman can register her pregnancy if she has such a policy, or for a fee.",
        ),
    ),
    (
        "unemployed",
        "status",
        "[001]",
        (
            "Мен жұмыссызбын, мәртебем «сақтандырылмаған». Сақтандыру алу үшін жарналарды қай "
            "кезеңнен бастап төлеу керек?",
            "Я безработный, статус «не застрахован». С какого периода нужно платить взносы, "
            "чтобы получить страховку?",
            "I am unemployed and my status is «not insured». From which month must I pay "
            "contributions to become insured?",
        ),
        (
            "Егер сіз жұмыспен қамту орталығында жұмыссыз ретінде ресми тіркелген болсаңыз, сіз "
            "үшін жарналарды мемлекет төлейді. Егер жұмыссыздың ресми мәртебесі болмаса, МӘМС "
            "бойынша қызмет алу үшін жұмыстан айырылған сәттен бастап дербес төлеуші ретінде "
            "жарналарды тұрақты түрде төлеп отыруыңыз қажет: {{ year }} жылы айына "
            "{{ self_payer_amount }} теңге.",
            "Если вы официально зарегистрированы безработным в центре занятости, взносы за вас "
            "платит государство. Если официального статуса безработного нет, то для получения "
            "услуг в рамках ОСМС вам нужно регулярно платить взносы как самостоятельный "
            "плательщик с момента потери работы: в {{ year }} году – {{ self_payer_amount }} "
            "тенге в месяц.",
            "If you are officially registered as unemployed at an employment centre, the state "
            "pays your contributions. Without the official unemployed status, to get MSHI care "
            "you need to pay contributions regularly as a self-payer from the month you lost "
            "your job: {{ self_payer_amount }} tenge a month in {{ year }}.",
        ),
    ),
    (
        "several-clinics",
        "clinics",
        "[001]",
        (
            "Мен бір уақытта бірнеше емханаға тіркеле аламын ба?",
            "Могу ли я быть прикреплён одновременно к нескольким поликлиникам?",
            "Can I be attached to several polyclinics at the same time?",
        ),
        (
            "Жоқ. Жаңа медициналық ұйымға тіркелгеннен кейін бұрынғы емханадан шығу автоматты "
            "түрде жүреді. Себебі қарапайым: ӘМСҚ медициналық ұйымдарды жан басына шаққандағы "
            "қаржыландыруды жүргізеді және бір адам үшін бірнеше емханаға төлей алмайды.",
            "Нет. После прикрепления к новой медицинской организации открепление от прежней "
            "поликлиники происходит автоматически. Причина простая: ФСМС финансирует "
            "медицинские организации подушево и не может платить за одного человека нескольким "
            "поликлиникам.",
            "No. Once you attach to a new medical organisation, you are detached from the old "
            "polyclinic automatically. The reason is simple: the Fund pays polyclinics per "
            "attached person and cannot pay several polyclinics for one person.",
        ),
    ),
    (
        "teacher-with-farm",
        "payments",
        "[001]",
        (
            "Мұғалім болып жұмыс істеймін, шаруа қожалығым бар. МӘМС үшін жарнаны қалай төлеуге "
            "болады?",
            "Я работаю учителем, и у меня есть крестьянское хозяйство. Как платить взносы в "
            "ОСМС?",
            "I work as a teacher and also have a peasant farm. How do I pay MSHI contributions?",
        ),
        (
            "Жарналар табыстың барлық көздерінен төленуі тиіс. Бірінші жағдайда жұмыс беруші сіз "
            "үшін аударымдар мен жарналарды төлейді, екінші жағдайда сіз оны өзіңіз төлеуіңіз "
            "керек. Салық заңнамасына сәйкес шаруа қожалықтары {{ year }} жылы ай сайын "
            "{{ ie_amount }} теңге – ЕТЖ-ның {{ ie_base_mw }} еселенген мөлшерінің "
            "{{ ie_rate }} %-ын төлейді.",
            "Взносы платятся со всех источников дохода. В первом случае отчисления и взносы за "
            "вас платит работодатель, во втором – вы платите сами. По налоговому "
            "законодательству крестьянские хозяйства в {{ year }} году платят ежемесячно "
            "{{ ie_amount }} тенге – {{ ie_rate }} % от {{ ie_base_mw }}-кратного МЗП.",
            "Contributions are due on every source of income. For your job, your employer pays "
            "the deductions and contributions for you; for the farm, you pay yourself. Under "
            "the tax law, peasant farms pay {{ ie_amount }} tenge a month in {{ year }}: "
            "{{ ie_rate }} % of {{ ie_base_mw }} times the minimum monthly wage.",
        ),
    ),
    (
        "entrepreneur-maternity-leave",
        "payments",
        "[000]",
        (
            "Мен жеке кәсіпкермін және жүктілік және босану бойынша демалыстамын. Жарна төлеуім керек пе?",
            "Я индивидуальный предприниматель и нахожусь в отпуске по беременности и родам. Нужно ли мне "
            "платить взносы?",
            "I am an individual entrepreneur on maternity leave. Do I have to pay "
            "contributions?",
        ),
        (
            "Иә. Белсенді жеке кәсіпкерлікпен айналысатын жүктілік және босану бойынша демалыстағы әйелдер қызметін "
            "тоқтатпаған жағдайда жарналарды төлеуі керек: {{ year }} жылы айына "
            "{{ ie_amount }} теңге (ЕТЖ-ның {{ ie_base_mw }} еселенген мөлшерінің "
            "{{ ie_rate }} %-ы).\n\n"
            "Қызметі тоқтатылған жеке кәсіпкерлер жарналардан босатылады. Егер кәсіпкер "
            "қызметін тоқтатса, кәсіпкер ретінде төлеуді тоқтатып, жарналарды дербес төлеуші "
            "ретінде немесе жұмыс беруші арқылы төлейді. Жеке клиникаларда емделсеңіз де "
            "төлемнен бас тартуға болмайды: МӘМС мемлекеттік және жекеменшік медициналық "
            "ұйымдардың қызметтерін қамтиды.",
            "Да. Женщины в отпуске по беременности и родам, чьё ИП продолжает действовать, должны платить "
            "взносы, пока не приостановят деятельность: в {{ year }} году – {{ ie_amount }} "
            "тенге в месяц ({{ ie_rate }} % от {{ ie_base_mw }}-кратного МЗП).\n\n"
            "ИП, приостановившие деятельность, от взносов освобождены. Если предприниматель "
            "прекращает деятельность, он перестаёт платить как ИП и платит взносы как "
            "самостоятельный плательщик или через работодателя. Даже если вы лечитесь в частных "
            "клиниках, от платежей отказываться нельзя: ОСМС охватывает услуги и государственных, "
            "и частных медицинских организаций.",
            "Yes. A woman on maternity leave whose individual entrepreneurship is still active "
            "must keep paying contributions until she suspends the business: "
            "{{ ie_amount }} tenge a month in {{ year }} ({{ ie_rate }} % of {{ ie_base_mw }} "
            "times the minimum monthly wage).\n\n"
            "Entrepreneurs whose activity is suspended are exempt. An entrepreneur who stops "
            "the business stops paying as an IE and pays as a self-payer or through an "
            "employer. Even if you are treated in private clinics you cannot stop paying: MSHI "
            "covers the services of both public and private medical organisations.",
        ),
    ),
    (
        "back-from-abroad",
        "status",
        "[000]",
        (
            "Мен шетелде жүріп, бірнеше ай елде болмадым. Енді МӘМС бойынша емделуім керек. "
            "Мәртебемді қалай қалпына келтірсем болады?",
            "Я несколько месяцев был за границей. Теперь мне нужно лечиться по ОСМС. Как "
            "восстановить статус?",
            "I was abroad for several months. Now I need treatment under MSHI. How do I "
            "restore my status?",
        ),
        (
            "Егер сіз бұған дейін тұрақты түрде жарна төлеп, сақтандырылған болсаңыз, өткізіп "
            "алған айлар үшін берешекті өтесеңіз жеткілікті (дербес төлеуші ретінде әр ай үшін "
            "{{ self_payer_amount }} теңге). Өткен {{ status_window_months }} ай үшін төлем "
            "болған жағдайда мәртебе қайта беріледі.\n\n"
            "Өткен бір жылдағы төлемдердің бар-жоғын келесі жолдармен тексеруге болады:\n"
            "- msqory.kz ресми сайтында\n"
            "- Telegram-дағы @SaqtandyryBot арқылы\n"
            "- Qoldau 24/7 мобильді қосымшасында\n"
            "- egov.kz сайтындағы жеке кабинетте\n"
            "- Damumed-тегі жеке кабинетте\n"
            "- банктердің мобильді қосымшаларында",
            "Если до этого вы регулярно платили взносы и были застрахованы, достаточно погасить "
            "задолженность за пропущенные месяцы (как самостоятельный плательщик – "
            "{{ self_payer_amount }} тенге за каждый месяц). Статус вернётся, когда будут "
            "оплачены последние {{ status_window_months }} месяцев.\n\n"
            "Проверить платежи за последний год можно:\n"
            "- на официальном сайте msqory.kz\n"
            "- через @SaqtandyryBot в Telegram\n"
            "- в мобильном приложении Qoldau 24/7\n"
            "- в личном кабинете на egov.kz\n"
            "- в личном кабинете Damumed\n"
            "- в мобильных приложениях банков",
            "If you paid contributions regularly and were insured before, it is enough to pay "
            "the debt for the months you missed (as a self-payer, {{ self_payer_amount }} tenge "
            "for each month). The status returns once the past {{ status_window_months }} "
            "months are paid.\n\n"
            "You can check your payments of the past year:\n"
            "- on the official website msqory.kz\n"
            "- through @SaqtandyryBot in Telegram\n"
            "- in the Qoldau 24/7 mobile app\n"
            "- in your personal account on egov.kz\n"
            "- in your personal account on Damumed\n"
            "- in banks' mobile apps",
        ),
    ),
    (
        "new-employee",
        "status",
        "[000]",
        (
            "Мен жақында ресми жұмысқа орналастым. Маған сақтандыру мәртебесі қашан беріледі?",
            "Я недавно официально устроился на работу. Когда мне присвоят статус "
            "застрахованного?",
            "I have recently started an official job. When will I get the insured status?",
        ),
        (
            "«Сақтандырылған» мәртебесі қатарынан {{ status_window_months }} ай (өткен немесе "
            "алдағы) үшін тұрақты төлем жасалған жағдайда беріледі. Егер сіз бұған дейін ресми "
            "жұмыс істемесеңіз, жұмыссыз ретінде жеңілдік санатына кірмесеңіз және дербес "
            "төлеуші ретінде төлемеген болсаңыз, сақтандыру мәртебесі жұмысқа орналасқан күннен "
            "бастап бір жыл өткен соң беріледі.\n\n"
            "Егер осы уақытқа дейін МӘМС аясында медициналық көмек қажет болса, өткен "
            "{{ status_window_months }} ай үшін өзіңіз төлеп, мәртебені ертерек алуға болады.",
            "Статус «застрахован» присваивается при регулярных платежах за "
            "{{ status_window_months }} месяцев подряд (прошедших или предстоящих). Если раньше "
            "вы официально не работали, не входили в льготную категорию как безработный и не "
            "платили как самостоятельный плательщик, статус будет присвоен через год после "
            "трудоустройства.\n\n"
            "Если помощь в рамках ОСМС нужна раньше, можно самому оплатить прошедшие "
            "{{ status_window_months }} месяцев и получить статус быстрее.",
            "The «insured» status is granted for regular payments for "
            "{{ status_window_months }} consecutive months, past or upcoming. If you did not "
            "work officially before, were not in the state-paid category of the unemployed and "
            "did not pay as a self-payer, you become insured a year after starting work.\n\n"
            "If you need MSHI care before then, you can pay the past "
            "{{ status_window_months }} months yourself and get the status sooner.",
        ),
    ),
    (
        "pregnant-screenings",
        "care",
        "[000]",
        (
            "Мен жүкті әйелмін, жеке клиникадағы гинекологқа қаралып жүрмін. Скринингтерді "
            "МӘМС арқылы тегін өте аламын ба?",
            "Я беременна, наблюдаюсь у гинеколога в частной клинике. Могу ли я бесплатно "
            "пройти скрининги по ОСМС?",
            "I am pregnant and see a gynaecologist at a private clinic. Can I have the "
            "screenings free under MSHI?",
        ),
        (
            "Иә, скринингтік тексерулер, соның ішінде пренаталдық скрининг те МӘМС пакетіне "
            "кіреді. Сондай-ақ жүкті әйелге зертханалық талдаулар, құралдық диагностика, бейінді "
            "мамандардың кеңесі де қолжетімді.\n\n"
            "Медициналық бақылаудан дер кезінде өту үшін тіркелген емханаңызда жүктілік бойынша "
            "есепке (12 аптаға дейін) тұру қажет.",
            "Да, скрининговые обследования, в том числе пренатальный скрининг, входят в пакет "
            "ОСМС. Беременной также доступны лабораторные анализы, инструментальная диагностика "
            "и консультации профильных специалистов.\n\n"
            "Чтобы вовремя проходить медицинское наблюдение, нужно встать на учёт по "
            "беременности (до 12 недель) в поликлинике, к которой вы прикреплены.",
            "Yes, screenings, including prenatal screening, are part of the MSHI package. A "
            "pregnant woman also gets laboratory tests, instrumental diagnostics and "
            "consultations of specialists.\n\n"
            "To be monitored in time, register your pregnancy (before 12 weeks) at the "
            "polyclinic you are attached to.",
        ),
    ),
    (
        "change-of-address",
        "clinics",
        "[000]",
        (
            "Жаңа мекенжай бойынша емханаға қалай тіркелуге болады?",
            "Как прикрепиться к поликлинике по новому адресу?",
            "How do I attach to a polyclinic at my new address?",
        ),
        (
            "Емханаға тіркелу электрондық үкімет порталы арқылы тиісті мемлекеттік қызмет "
            "шеңберінде жүзеге асырылады. Алдымен тұратын аумағыңыз қай емханаға қарайтынын "
            "анықтаңыз. Мұны аймақтық анықтама қызметі арқылы білуге болады (мысалы, Астанада – "
            "109 нөмірі).\n\n"
            "Содан кейін порталда авторизациядан өтіп, «Қызметке онлайн тапсырыс беру» "
            "батырмасын басыңыз. Ашылған терезеде өтінімді толтырып, оған ЭЦҚ көмегімен қол "
            "қойыңыз. Өтініміңіздің қаралуы туралы хабарламаны жеке кабинеттегі «Қызметтер алу "
            "тарихы» бөлімінен көруге болады.\n\n"
            "Қызмет көрсету мерзімі өтіп кетсе, тіркелуге сұраныс жіберген медициналық ұйымға "
            "тікелей жүгіне аласыз. Тіркеуден бас тартпас үшін алдын ала емханада бос орындардың "
            "бар-жоғын нақтылап алған жөн.",
            "Прикрепление к поликлинике оформляется через портал электронного правительства в "
            "рамках соответствующей государственной услуги. Сначала узнайте, к какой поликлинике "
            "относится ваш адрес. Это можно сделать через региональную справочную службу "
            "(например, в Астане – 109).\n\n"
            "Затем авторизуйтесь на портале и нажмите кнопку «Заказать услугу онлайн». В "
            "открывшемся окне заполните заявку и подпишите её ЭЦП. Уведомление о рассмотрении "
            "заявки появится в личном кабинете, в разделе «История получения услуг».\n\n"
            "Если срок оказания услуги истёк, вы можете обратиться напрямую в медицинскую "
            "организацию, куда подавали заявку. Чтобы не получить отказ, заранее уточните, есть "
            "ли в поликлинике свободные места.",
            "Attachment to a polyclinic is done on the e-government portal, through the "
            "corresponding public service. First find out which polyclinic serves your address: "
            "the regional help line can tell you (in Astana, 109).\n\n"
            "Then sign in on the portal and press «Order the service online». Fill in the "
            "application in the window that opens and sign it with your EDS. The notice about "
            "your application appears in your personal account, under «History of services».\n\n"
            "If the deadline for the service has passed, you may go directly to the medical "
            "organisation you applied to. To avoid a refusal, check beforehand that the "
            "polyclinic has free places.",
        ),
    ),
]

# slug, position, source, title, summary, body
PAGES = [
    (
        "what-is-mshi",
        1,
        "[002][003][004]",
        (
            "МӘМС дегеніміз не?",
            "Что такое ОСМС?",
            "What is MSHI?",
        ),
        (
            "Міндетті әлеуметтік медициналық сақтандыру: кім не алады және неге ол жинақтаушы "
            "жүйе емес.",
            "Обязательное социальное медицинское страхование: кто что получает и почему это не "
            "накопительная система.",
            "Compulsory social health insurance: who gets what, and why it is not a savings "
            "scheme.",
        ),
        (
            "Міндетті әлеуметтік медициналық сақтандыру (МӘМС) – Әлеуметтік медициналық "
            "сақтандыру қорының активтері есебінен медициналық қызметтерді тұтынушыларға "
            "медициналық көмек көрсету жөніндегі құқықтық, экономикалық және ұйымдастырушылық "
            "шаралар кешені.\n\n"
            "## МӘМС жүйесі жинақтаушы болып табылмайды\n"
            "Бұл – әлеуметтік жүйе: пациенттер жарналар мен аударымдардың мөлшеріне қарамастан "
            "МӘМС медициналық қызметтеріне тең қол жеткізеді.\n\n"
            "## Сақтандырылған және сақтандырылмаған\n"
            "- Сақтандыру мәртебесі бар адамдар тегін медициналық көмектің кепілдік берілген "
            "көлемін (ТМККК) және МӘМС пакетін алады.\n"
            "- Сақтандыру мәртебесі жоқ пациенттер ТМККК тізбесіне кіретін көмекті ала алады, "
            "бірақ МӘМС пакетіндегі қызметтерді ала алмайды.\n\n"
            "МӘМС мемлекеттік және жекеменшік медициналық ұйымдардың қызметтерін қамтиды: "
            "көрсетілген көмек үшін ұйымдарға Қор төлейді.\n\n"
            "«Міндетті әлеуметтік медициналық сақтандыру туралы» Қазақстан Республикасының 2015 "
            "жылғы 16 қарашадағы № 405-V Заңы.",
            "Обязательное социальное медицинское страхование (ОСМС) – комплекс правовых, "
            "экономических и организационных мер по оказанию медицинской помощи потребителям "
            "медицинских услуг за счёт активов Фонда социального медицинского страхования.\n\n"
            "## ОСМС – не накопительная система\n"
            "Это социальная система: пациенты получают равный доступ к медицинским услугам ОСМС "
            "независимо от размера взносов и отчислений.\n\n"
            "## Застрахованные и незастрахованные\n"
            "- Люди со статусом застрахованности получают гарантированный объём бесплатной "
            "медицинской помощи (ГОБМП) и пакет ОСМС.\n"
            "- Пациенты без статуса застрахованности могут получать помощь из перечня ГОБМП, но "
            "не услуги пакета ОСМС.\n\n"
            "ОСМС охватывает услуги государственных и частных медицинских организаций: за "
            "оказанную помощь им платит Фонд.\n\n"
            "Закон Республики Казахстан от 16 ноября 2015 года № 405-V «Об обязательном "
            "социальном медицинском страховании».",
            "Compulsory social health insurance (MSHI) is a set of legal, economic and "
            "organisational measures to provide medical care to consumers of medical services "
            "at the expense of the assets of the Social Health Insurance Fund.\n\n"
            "## MSHI is not a savings scheme\n"
            "It is a social system: patients have equal access to MSHI medical services "
            "whatever the amount of their contributions and deductions.\n\n"
            "## Insured and uninsured\n"
            "- People with the insured status get the guaranteed volume of free medical care "
            "(GVFMC) and the MSHI package.\n"
            "- Patients without the insured status get the care on the GVFMC list, but not the "
            "services of the MSHI package.\n\n"
            "MSHI covers the services of both public and private medical organisations: the "
            "Fund pays them for the care given.\n\n"
            "Law of the Republic of Kazakhstan No. 405-V of 16 November 2015 «On compulsory "
            "social health insurance».",
        ),
    ),
    (
        "who-pays",
        2,
        "[000][001][002][003]",
        (
            "Кім қанша төлейді?",
            "Кто и сколько платит?",
            "Who pays how much?",
        ),
        (
            "{{ year }} жылғы аударымдар мен жарналар: жұмыс берушілер, қызметкерлер, жеке "
            "кәсіпкерлер, дербес төлеушілер.",
            "Отчисления и взносы в {{ year }} году: работодатели, работники, ИП, "
            "самостоятельные плательщики.",
            "Deductions and contributions in {{ year }}: employers, employees, entrepreneurs, "
            "self-payers.",
        ),
        (
            "## {{ year }} жылы МӘМС төлемдерінің сомасы\n"
            "- Жұмыс беруші қызметкердің табысынан {{ employer_rate }} % аударым төлейді, бірақ "
            "айына {{ employer_max }} теңгеден аспайды ({{ employer_cap_mw }} ЕТЖ-дан).\n"
            "- Қызметкердің жарнасы – табысының {{ employee_rate }} %-ы, бірақ айына "
            "{{ employee_max }} теңгеден аспайды; оны жұмыс беруші ұстап, төлейді.\n"
            "- АҚС шарты бойынша табыс алушылар табысының {{ civil_contract_rate }} %-ын "
            "төлейді.\n"
            "- ЖК және жеке практикамен айналысатындар, шаруа қожалықтары – ЕТЖ-ның "
            "{{ ie_base_mw }} еселенген мөлшерінің {{ ie_rate }} %-ы, яғни айына {{ ie_amount }} "
            "теңге.\n"
            "- Дербес төлеушілер – ЕТЖ-ның {{ self_payer_rate }} %-ы, яғни айына "
            "{{ self_payer_amount }} теңге.\n"
            "- Платформалық жұмысқа қатысушылар – платформадан түскен табыстың "
            "{{ platform_worker_rate }} %-ы (платформа ұстап қалады) немесе жеке кәсіпкер "
            "ретінде.\n"
            "- Бірыңғай төлем төлеушілер (оңайлатылған декларация бойынша жұмыс істейтін "
            "микро және шағын кәсіпкерлік субъектілері, ауыл шаруашылығы өнімдерін өндірушілер) "
            "үшін аударымдар мен жарналар бірыңғай төлемнің құрамында төленеді.\n\n"
            "{{ year }} жылғы ЕТЖ – {{ minimum_wage }} теңге.\n\n"
            "## Табыстың бірнеше көзі\n"
            "Жарналар табыстың барлық көздерінен төленеді: жалдамалы жұмыс істейтін жеке "
            "кәсіпкер жарналарды жеке кәсіпкер ретінде де, қызметкер ретінде де төлейді.\n\n"
            "## Кім төлемейді\n"
            "Жұмыс берушілер балалар, зейнетақы төлемдерін алушылар, мүгедектігі бар адамдар, "
            "күндізгі оқу нысаны бойынша білім алушылар және «Алтын алқа», «Күміс алқа» "
            "алқаларымен, бұрын «Батыр ана» атағымен, I және II дәрежелі «Ана даңқы» "
            "орденімен марапатталған көпбалалы аналар үшін аударым төлемейді.\n\n"
            "Өзі үшін жарна төлеуден қызметі тоқтатылған жеке кәсіпкерлер, мүгедектігі бар "
            "адамдар, зейнеткерлер, көпбалалы аналар және күндізгі оқу бөлімінің студенттері "
            "босатылған. Жүктілік және босану бойынша демалыстағы әйелдің жеке кәсіпкерлігі белсенді болса, ол төлеуді "
            "жалғастырады.\n\n"
            "## Табыссыз айлар және демалыс\n"
            "Табыс болмаған айларда (жалақысы сақталмайтын демалыс, ұзақ емделу, вахталық әдіс) "
            "қызметкер жарнаны өзі дербес төлеуші ретінде төлейді: {{ self_payer_amount }} "
            "теңге. Демалыс ақысынан аударымдар мен жарналар демалыс күндеріне қарай "
            "күнтізбелік айларға бөлініп төленеді.\n\n"
            "## Мерзімдер және өткен кезеңдер\n"
            "Жарналарды ай сайын немесе бірнеше айға алдын ала төлеуге болады: әр ай келесі "
            "айдың 25-інен кешіктірілмей төленеді. Өткен кезеңдер үшін төлемдер сол кезеңде "
            "қолданылған сомалармен төленеді. Төлемдерді басқа кезеңге ауыстыруға болмайды, "
            "тек қайтаруға болады.\n\n"
            "## Қайда төлеуге болады\n"
            "- екінші деңгейдегі банктер, олардың интернет-сервистері мен мобильді қосымшалары\n"
            "- «Қазпошта» АҚ бөлімшелері\n"
            "- төлем терминалдары (Qiwi, Kassa24 және т. б.)",
            "## Платежи ОСМС в {{ year }} году\n"
            "- Работодатель платит отчисления – {{ employer_rate }} % от дохода работника, но не "
            "более {{ employer_max }} тенге в месяц (с {{ employer_cap_mw }} МЗП).\n"
            "- Взносы работника – {{ employee_rate }} % от его дохода, но не более "
            "{{ employee_max }} тенге в месяц; их удерживает и перечисляет работодатель.\n"
            "- Получатели дохода по договорам ГПХ платят {{ civil_contract_rate }} % от "
            "дохода.\n"
            "- ИП и лица, занимающиеся частной практикой, крестьянские хозяйства – "
            "{{ ie_rate }} % от {{ ie_base_mw }}-кратного МЗП, то есть {{ ie_amount }} тенге в "
            "месяц.\n"
            "- Самостоятельные плательщики – {{ self_payer_rate }} % от МЗП, то есть "
            "{{ self_payer_amount }} тенге в месяц.\n"
            "- Участники платформенной занятости – {{ platform_worker_rate }} % от дохода, "
            "полученного через платформу (удерживает платформа), или как ИП.\n"
            "- Плательщики единого платежа (субъекты микро- и малого предпринимательства на "
            "упрощённой декларации, производители сельхозпродукции) платят отчисления и взносы "
            "в составе единого платежа.\n\n"
            "МЗП в {{ year }} году – {{ minimum_wage }} тенге.\n\n"
            "## Несколько источников дохода\n"
            "Взносы платятся со всех источников дохода: ИП, который работает по найму, платит и "
            "как ИП, и как работник.\n\n"
            "## Кто не платит\n"
            "Работодатели не платят отчисления за детей, получателей пенсионных выплат, лиц с "
            "инвалидностью, обучающихся очной формы и многодетных матерей, награждённых "
            "подвесками «Алтын алқа», «Күміс алқа», ранее званием «Мать-героиня», орденом "
            "«Материнская слава» I и II степени.\n\n"
            "От уплаты взносов за себя освобождены ИП с приостановленной деятельностью, лица с "
            "инвалидностью, пенсионеры, многодетные матери и студенты очной формы. Женщина в "
            "отпуске по беременности и родам, чьё ИП действует, продолжает платить.\n\n"
            "## Месяцы без дохода и отпуск\n"
            "В месяцы без дохода (отпуск без сохранения заработной платы, длительное лечение, "
            "вахтовый метод) работник платит взносы сам как самостоятельный плательщик: "
            "{{ self_payer_amount }} тенге. Отчисления и взносы с отпускных распределяются по "
            "календарным месяцам пропорционально дням отпуска.\n\n"
            "## Сроки и прошлые периоды\n"
            "Взносы можно платить ежемесячно или авансом за несколько месяцев: каждый месяц "
            "оплачивается не позднее 25-го числа следующего месяца. Платежи за прошлые периоды "
            "вносятся по суммам, действовавшим в том периоде. Перенести платежи на другой "
            "период нельзя, их можно только вернуть.\n\n"
            "## Где платить\n"
            "- банки второго уровня, их интернет-сервисы и мобильные приложения\n"
            "- отделения АО «Казпочта»\n"
            "- платёжные терминалы (Qiwi, Kassa24 и др.)",
            "## MSHI payments in {{ year }}\n"
            "- Employers pay deductions of {{ employer_rate }} % of the employee's income, at "
            "most {{ employer_max }} tenge a month (on up to {{ employer_cap_mw }} MW).\n"
            "- Employees' contributions are {{ employee_rate }} % of their income, at most "
            "{{ employee_max }} tenge a month; the employer withholds and pays them.\n"
            "- People with income under civil-law contracts pay {{ civil_contract_rate }} % of "
            "that income.\n"
            "- Individual entrepreneurs, private practice and peasant farms pay "
            "{{ ie_rate }} % of {{ ie_base_mw }} times the MW: {{ ie_amount }} tenge a month.\n"
            "- Self-payers pay {{ self_payer_rate }} % of the MW: {{ self_payer_amount }} tenge "
            "a month.\n"
            "- Platform workers pay {{ platform_worker_rate }} % of their platform income "
            "(withheld by the platform), or pay as individual entrepreneurs.\n"
            "- Payers of the unified payment (micro and small businesses on the simplified "
            "declaration, agricultural producers) pay deductions and contributions as part of "
            "the unified payment.\n\n"
            "The minimum monthly wage (MW) in {{ year }}: {{ minimum_wage }} tenge.\n\n"
            "## Several sources of income\n"
            "Contributions are due on every source of income: an entrepreneur who also works "
            "for an employer pays both as an entrepreneur and as an employee.\n\n"
            "## Who does not pay\n"
            "Employers pay no deductions for children, pension recipients, persons with "
            "disabilities, full-time students, and mothers of many children awarded «Алтын "
            "алқа», «Күміс алқа», formerly «Батыр ана», or the order «Ана даңқы» I or II.\n\n"
            "Exempt from paying contributions for themselves: entrepreneurs whose activity is "
            "suspended, persons with disabilities, pensioners, mothers of many children and "
            "full-time students. A woman on maternity leave whose business is still active "
            "keeps paying.\n\n"
            "## Months without income, and vacation\n"
            "In months without income (unpaid leave, a long hospital stay, rotational work) the "
            "employee pays as a self-payer: {{ self_payer_amount }} tenge. Deductions and "
            "contributions on vacation pay are spread over the calendar months in proportion "
            "to the vacation days in each.\n\n"
            "## Deadlines and past months\n"
            "You may pay every month or several months in advance; each month is due by the "
            "25th of the next month. A past month is paid at the amounts in force in that "
            "month. Payments cannot be moved to another month, only refunded.\n\n"
            "## Where to pay\n"
            "- banks, their online services and mobile apps\n"
            "- branches of Kazpost JSC\n"
            "- payment terminals (Qiwi, Kassa24 and others)",
        ),
    ),
    (
        "insured-status",
        3,
        "[000][001][002]",
        (
            "Сақтандыру мәртебесін қалай алуға және сақтауға болады?",
            "Как получить и сохранить статус застрахованности?",
            "How to get and keep the insured status",
        ),
        (
            "Қатарынан {{ status_window_months }} ай төлем – мәртебе; төлем тоқтаса, мәртебе "
            "{{ status_grace_months }} айдан кейін жоғалады.",
            "{{ status_window_months }} месяцев платежей подряд – статус; если платежи "
            "прекратились, статус теряется через {{ status_grace_months }} мес.",
            "{{ status_window_months }} months of payments in a row give the status; when "
            "payments stop, it is lost after {{ status_grace_months }} months.",
        ),
        (
            "## Мәртебе қалай беріледі\n"
            "«Сақтандырылған» мәртебесі қатарынан {{ status_window_months }} ай (өткен немесе "
            "алдағы) үшін тұрақты төлем жасалған жағдайда беріледі. Алдағы "
            "{{ status_window_months }} айға алдын ала төлеу де мәртебе береді. Мемлекет "
            "төлейтін санаттағы адамдар өздігінен сақтандырылған.\n\n"
            "## Мәртебе қашан жоғалады\n"
            "Соңғы төленген айдан кейін мәртебе тағы {{ status_grace_months }} ай сақталады, "
            "бірақ берешек өседі. {{ status_extended_after_months }} ай үздіксіз төлеген адамдар "
            "үшін бұл мерзім – {{ status_extended_grace_months }} ай (мемлекет төлеген айлар "
            "есептелмейді). Төлем кешіктірілсе, берешек пайда болады және мәртебе жоғалады.\n\n"
            "## Жұмыс беруші төлемесе\n"
            "Мәртебені сақтау үшін дербес төлеуші ретінде өзіңіз төлей аласыз, ал жұмыс беруші "
            "төлегеннен кейін өз төлеміңізді қайтаруға болады.",
            "## Как присваивается статус\n"
            "Статус «застрахован» присваивается при регулярных платежах за "
            "{{ status_window_months }} месяцев подряд (прошедших или предстоящих). Оплата "
            "вперёд за {{ status_window_months }} месяцев тоже даёт статус. Лица из категорий, "
            "за которых платит государство, застрахованы автоматически.\n\n"
            "## Когда статус теряется\n"
            "После последнего оплаченного месяца статус сохраняется ещё "
            "{{ status_grace_months }} мес., но растёт задолженность. Для тех, кто платил без "
            "перерыва {{ status_extended_after_months }} месяцев, этот срок – "
            "{{ status_extended_grace_months }} мес. (месяцы, оплаченные государством, не "
            "считаются). При просрочке появляется задолженность, и статус теряется.\n\n"
            "## Если не платит работодатель\n"
            "Чтобы сохранить статус, можно заплатить самому как самостоятельный плательщик, а "
            "когда работодатель заплатит – вернуть свой платёж.",
            "## How the status is granted\n"
            "The «insured» status is granted for regular payments for "
            "{{ status_window_months }} consecutive months, past or upcoming. Paying the next "
            "{{ status_window_months }} months in advance also gives the status. People in a "
            "state-paid category are insured automatically.\n\n"
            "## When the status is lost\n"
            "After the last paid month the status lasts {{ status_grace_months }} more months "
            "while debt grows. For people who paid without a break for "
            "{{ status_extended_after_months }} months, it lasts "
            "{{ status_extended_grace_months }} months (months paid by the state do not count). "
            "Late payment creates debt and the status is lost.\n\n"
            "## If your employer does not pay\n"
            "To keep the status you may pay yourself as a self-payer, and get your payment "
            "refunded once your employer has paid.",
        ),
    ),
    (
        "restore-status",
        4,
        "[000][002]",
        (
            "Мәртебені қалай қалпына келтіруге болады?",
            "Как восстановить статус?",
            "How to restore the status",
        ),
        (
            "Берешекті өтеу, алдын ала төлеу және шетелдіктердің берешегін есептен шығару.",
            "Погашение задолженности, оплата вперёд и списание задолженности иностранцев.",
            "Paying the debt, paying in advance, and cancelling foreigners' debt.",
        ),
        (
            "## Берешекті өтеу\n"
            "Өткізіп алған айлар үшін берешекті өтеңіз: дербес төлеуші ретінде әр ай үшін сол "
            "айдағы сома төленеді ({{ year }} жылы – {{ self_payer_amount }} теңге). Өткен "
            "{{ status_window_months }} айдың бәрі төленгенде мәртебе қайта беріледі.\n\n"
            "## Алдын ала төлеу\n"
            "Алдағы {{ status_window_months }} айға ай сайынғы төлемдермен алдын ала төлесеңіз, "
            "мәртебе бұрынғы берешекті өтемей-ақ беріледі; берешек тізімде қала береді.\n\n"
            "## Берешекті тексеру\n"
            "Қай айлар төленбегенін осы порталда, Qoldau 24/7 қосымшасында немесе "
            "@SaqtandyryBot арқылы көруге болады.\n\n"
            "## Шетелдіктер мен еңбек мигранттарының берешегін есептен шығару\n"
            "Тұруға ықтиярхат алғанға дейін немесе еңбек мигранты Қазақстан аумағына кіргенге "
            "дейін пайда болған берешекті есептен шығару үшін Қорға өтініш жазу керек. Өтініш eOtinish "
            "сервисі арқылы немесе Қордың филиалдарына жеке жүгінгенде беріледі. Өтінішке "
            "еңбек шартының көшірмесі мен уақытша тұруға рұқсаттың көшірмесі қоса беріледі.",
            "## Погасить задолженность\n"
            "Погасите задолженность за пропущенные месяцы: как самостоятельный плательщик за "
            "каждый месяц платится сумма того месяца (в {{ year }} году – "
            "{{ self_payer_amount }} тенге). Статус вернётся, когда будут оплачены все "
            "последние {{ status_window_months }} месяцев.\n\n"
            "## Оплатить вперёд\n"
            "Если оплатить вперёд {{ status_window_months }} месяцев ежемесячными платежами, "
            "статус присваивается без предварительного погашения долга; долг остаётся в "
            "списке.\n\n"
            "## Проверить задолженность\n"
            "Какие месяцы не оплачены, видно на этом портале, в приложении Qoldau 24/7 и через "
            "@SaqtandyryBot.\n\n"
            "## Списание задолженности иностранцев и трудовых мигрантов\n"
            "Чтобы списать задолженность, образовавшуюся до получения вида на жительство "
            "или до въезда трудового мигранта в Казахстан, нужно написать заявление в Фонд. "
            "Заявление подаётся через сервис eOtinish или лично в филиалах Фонда. К нему "
            "прилагаются копия трудового договора и копия разрешения на временное проживание "
            "(РВП).",
            "## Pay the debt\n"
            "Pay the debt for the months you missed: as a self-payer, each month is paid at "
            "that month's amount ({{ self_payer_amount }} tenge in {{ year }}). The status "
            "returns once all of the past {{ status_window_months }} months are paid.\n\n"
            "## Pay in advance\n"
            "If you pay the next {{ status_window_months }} months in advance, as monthly "
            "payments, you get the status without paying the debt first; the debt stays "
            "listed.\n\n"
            "## Check your debt\n"
            "Which months are unpaid is shown on this portal, in the Qoldau 24/7 app and by "
            "@SaqtandyryBot.\n\n"
            "## Cancelling the debt of foreigners and labour migrants\n"
            "To cancel debt that arose before you received a residence permit, or before you "
            "entered Kazakhstan as a labour migrant, write an application to the Fund. File it "
            "through the eOtinish service or in person at the Fund's branches, with a copy of "
            "your labour contract and a copy of your temporary residence permit.",
        ),
    ),
]

# DOMAIN.md §8, from [002] (lists), [003] (MSHI package in kk/ru/en) and [004].
GVFMC = [
    (
        "Жедел медициналық көмек және санитариялық авиация",
        "Скорая медицинская помощь и санитарная авиация",
        "Emergency medical care and air ambulance",
    ),
    (
        "Алғашқы медициналық-санитарлық көмек (МСАК)",
        "Первичная медико-санитарная помощь (ПМСП)",
        "Primary health care (PHC)",
    ),
    (
        "АИТВ инфекциясы мен туберкулездің диагностикасы",
        "Диагностика ВИЧ-инфекции и туберкулёза",
        "Diagnostics of HIV infection and tuberculosis",
    ),
    (
        "Жарақаттар, уланулар және шұғыл жағдайлар кезіндегі көмек (жарақат пункті)",
        "Помощь при травмах, отравлениях и неотложных состояниях (травмпункт)",
        "Care for injuries, poisonings and urgent conditions (trauma centre)",
    ),
    (
        "Сақтандырылмағандарға қабылдау бөлмесінде және тәулік бойғы стационарда шұғыл "
        "медициналық көмек",
        "Экстренная медицинская помощь незастрахованным в приёмном покое и круглосуточном "
        "стационаре",
        "Emergency care for the uninsured in the admission room and the 24-hour hospital",
    ),
    (
        "Созылмалы және әлеуметтік маңызы бар аурулар кезінде тәулік бойғы, күндізгі және "
        "үйдегі стационарда жоспарлы медициналық көмек",
        "Плановая помощь в круглосуточном, дневном стационаре и стационаре на дому при "
        "хронических и социально значимых заболеваниях",
        "Planned inpatient, day-hospital and home-hospital care for chronic and socially "
        "significant diseases",
    ),
    (
        "1-кезеңдегі және туберкулез кезіндегі медициналық оңалту",
        "Медицинская реабилитация первого этапа и при туберкулёзе",
        "Stage-one medical rehabilitation and rehabilitation for tuberculosis",
    ),
    ("Паллиативтік медициналық көмек", "Паллиативная медицинская помощь", "Palliative care"),
    ("Донорлық", "Донорство", "Donation"),
    (
        "ҚР азаматтарын шетелде емдеу және шетелдік мамандарды тарту",
        "Лечение граждан РК за рубежом и привлечение зарубежных специалистов",
        "Treatment of citizens abroad and inviting foreign specialists",
    ),
    ("Дәрілік қамтамасыз ету", "Лекарственное обеспечение", "Drug provision"),
    ("Профилактикалық егулер", "Профилактические прививки", "Vaccinations"),
]
MSHI = [
    (
        "Аурулардың алдын алу және ерте анықтау: профилактикалық тексерулер мен скринингтер, "
        "соның ішінде пренаталдық скрининг",
        "Профилактика и раннее выявление заболеваний: профилактические осмотры и скрининги, в "
        "том числе пренатальный",
        "Prevention and early detection: preventive examinations and screenings, including "
        "prenatal screening",
    ),
    (
        "Учаскелік дәрігердің жолдамасы бойынша бейінді мамандардың қабылдауы мен кеңесі",
        "Приём и консультации профильных специалистов по направлению участкового врача",
        "Specialist consultations on referral by the district doctor",
    ),
    (
        "Созылмалы аурулары бар адамдарды бейінді мамандардың динамикалық бақылауы",
        "Динамическое наблюдение профильными специалистами лиц с хроническими заболеваниями",
        "Dynamic monitoring of people with chronic diseases by specialists",
    ),
    (
        "Уәкілетті орган бекіткен тізбе бойынша халықтың жекелеген санаттарына шұғыл және "
        "жоспарлы стоматологиялық көмек",
        "Стоматологическая помощь в экстренной и плановой форме отдельным категориям населения "
        "по перечню уполномоченного органа",
        "Emergency and planned dental care for certain categories of people, on the list "
        "approved by the authorised body",
    ),
    (
        "Диагностикалық қызметтер, соның ішінде зертханалық диагностика, УДЗ, рентген, КТ, МРТ",
        "Диагностические услуги, в том числе лабораторная диагностика, УЗИ, рентген, КТ, МРТ",
        "Diagnostic services, including laboratory tests, ultrasound, X-ray, CT and MRI",
    ),
    (
        "Мамандандырылған, соның ішінде жоғары технологиялық, стационарлық медициналық көмек",
        "Специализированная, в том числе высокотехнологичная, стационарная медицинская помощь",
        "Specialised, including high-tech, inpatient care",
    ),
    ("Медициналық оңалту", "Медицинская реабилитация", "Medical rehabilitation"),
    ("Патологиялық диагностика", "Патологоанатомическая диагностика", "Pathology"),
    ("Донорлық", "Донорство", "Donation"),
    (
        "Стационарда мамандандырылған көмек көрсету кезінде дәрілік қамтамасыз ету",
        "Лекарственное обеспечение при оказании специализированной помощи в стационаре",
        "Medicines during specialised inpatient care",
    ),
]

# DOMAIN.md §7 and the table of [002]. residency: (gvfmc, mshi, state_paid, attachment,
# documents, care), texts (kk, ru, en).
_PERMIT_ATTACH = (
    "eGov порталы арқылы онлайн, ЭЦҚ қажет. Алдымен мекенжайыңызға қызмет көрсететін емхананы "
    "және онда бос орын бар-жоғын анықтаңыз.",
    "Онлайн через портал eGov, нужна ЭЦП. Сначала узнайте, какая поликлиника обслуживает ваш "
    "адрес и есть ли в ней свободные места.",
    "Online through the eGov portal, with an EDS. First find the polyclinic that serves your "
    "address and check it has free places.",
)
RESIDENCY_RULES = {
    "citizen": (
        1,
        "full",
        True,
        True,
        _PERMIT_ATTACH,
        ("Жеке куәлік", "Удостоверение личности", "Identity card"),
        ("", "", ""),
    ),
    "kandas": (
        2,
        "full",
        True,
        True,
        _PERMIT_ATTACH,
        ("Қандас куәлігі", "Удостоверение кандаса", "Kandas certificate"),
        ("", "", ""),
    ),
    "refugee": (
        3,
        "full",
        False,
        False,
        _PERMIT_ATTACH,
        ("Босқын куәлігі", "Удостоверение беженца", "Refugee certificate"),
        (
            "Босқындар ТМККК-ны толық көлемде алады. МӘМС пакетін алушылардың тізбесінде "
            "босқындар аталмаған: нақтылау үшін 1406 нөміріне хабарласыңыз.",
            "Беженцы получают ГОБМП в полном объёме. В перечне получателей пакета ОСМС беженцы "
            "не названы: уточните по номеру 1406.",
            "Refugees get the GVFMC in full. The list of recipients of the MSHI package does "
            "not name refugees: call 1406 to check your case.",
        ),
    ),
    "residence_permit": (
        4,
        "full",
        True,
        True,
        _PERMIT_ATTACH,
        (
            "Шетелдіктің тұруға ықтиярхаты немесе азаматтығы жоқ адамның куәлігі",
            "Вид на жительство иностранца или удостоверение лица без гражданства",
            "A foreigner's residence permit, or a stateless person's certificate",
        ),
        (
            "ТМККК мен МӘМС толық көлемде; жеңілдікті санатқа кіруге болады.",
            "ГОБМП и ОСМС в полном объёме; возможно включение в льготную категорию.",
            "GVFMC and MSHI in full; you may be included in a state-paid category.",
        ),
    ),
    "eaeu_labour_migrant": (
        5,
        "limited",
        True,
        True,
        (
            "Емханаға жазбаша өтініш бойынша. Тіркеу сақтандыру шартымен бірге аяқталады. "
            "Отбасы мүшелері (бірге тұратын жұбайы мен балалары) да осылай тіркеледі.",
            "По письменному заявлению в поликлинику. Прикрепление заканчивается вместе с "
            "договором страхования. Члены семьи (совместно проживающие супруг и дети) "
            "прикрепляются так же.",
            "By a written application at the polyclinic. The attachment ends with the insurance "
            "contract. Family members (a spouse and children living with you) attach the same "
            "way.",
        ),
        (
            "Төлқұжат және ерікті немесе міндетті медициналық сақтандыру шарты",
            "Паспорт и договор добровольного или вменённого медицинского страхования",
            "Passport and a voluntary or imputed medical insurance contract",
        ),
        (
            "ЕАЭО елдерінің (Армения, Беларусь, Қырғызстан, Ресей) азаматтары: ТМККК – "
            "айналасындағыларға қауіп төндіретін аурулар мен шұғыл жағдайлар кезінде; МӘМС – "
            "сақтандырылған болсаңыз, толық көлемде.",
            "Граждане стран ЕАЭС (Армения, Беларусь, Кыргызстан, Россия): ГОБМП – при "
            "заболеваниях, представляющих опасность для окружающих, и в экстренных случаях; "
            "ОСМС – в полном объёме, если вы застрахованы.",
            "Citizens of EAEU countries (Armenia, Belarus, Kyrgyzstan, Russia): GVFMC for "
            "diseases dangerous to others and emergencies; MSHI in full when you are insured.",
        ),
    ),
    "cis_no_permit": (
        6,
        "limited",
        False,
        False,
        (
            "Емханаға төлқұжатпен жүгініңіз.",
            "Обратитесь в поликлинику с паспортом.",
            "Go to the polyclinic with your passport.",
        ),
        ("Төлқұжат", "Паспорт", "Passport"),
        (
            "ТМККК – айналасындағыларға қауіп төндіретін аурулар мен шұғыл жағдайлар кезінде; "
            "қалған қызметтер ақылы негізде көрсетіледі.",
            "ГОБМП – при заболеваниях, представляющих опасность для окружающих, и в экстренных "
            "случаях; остальные услуги – на платной основе.",
            "GVFMC for diseases dangerous to others and emergencies; everything else is paid "
            "for.",
        ),
    ),
    "foreigner_no_permit": (
        7,
        "agreement",
        False,
        False,
        (
            "Емханаға тіркеу жоқ.",
            "Прикрепление к поликлинике не предусмотрено.",
            "You cannot attach to a polyclinic.",
        ),
        ("Төлқұжат", "Паспорт", "Passport"),
        (
            "ТМККК – айналасындағыларға қауіп төндіретін аурулар кезінде; шұғыл көмек – "
            "Қазақстан мен сіздің еліңіз арасында келісім болса; қалған қызметтер ақылы "
            "негізде.",
            "ГОБМП – при заболеваниях, представляющих опасность для окружающих; экстренная "
            "помощь – если между Казахстаном и вашей страной есть соглашение; остальные услуги "
            "– на платной основе.",
            "GVFMC for diseases dangerous to others; emergency care if Kazakhstan and your "
            "country have an agreement; everything else is paid for.",
        ),
    ),
}

# kind, url, name, description ([001][002][003]).
CHANNELS = [
    (
        "check",
        "https://msqory.kz",
        ("Қордың ресми сайты msqory.kz", "Официальный сайт Фонда msqory.kz",
         "The Fund's official website msqory.kz"),
        (
            "Төменгі оң жақ бұрыштағы «Мәртебені анықтау» терезесін ашып, ЖСН енгізіңіз.",
            "Откройте окно «Определить статус» в правом нижнем углу и введите ИИН.",
            "Open the «Determine status» window in the lower right corner and enter your IIN.",
        ),
    ),
    (
        "check",
        "",
        ("Qoldau 24/7 мобильді қосымшасы", "Мобильное приложение Qoldau 24/7",
         "The Qoldau 24/7 mobile app"),
        (
            "Мәзірде «Сақтандырылу мәртебесін тексеру» бөлімін таңдап, ЖСН енгізіңіз: мәртебе, "
            "соңғы 12 айдағы төлемдер, төлем түрі және берешек кезеңдері көрсетіледі. Қосымшаны "
            "Google Play мен App Store-дан жүктеуге болады.",
            "В меню выберите «Проверить статус застрахованности» и введите ИИН: появятся статус, "
            "платежи за последние 12 месяцев, вид платежа и периоды задолженности. Приложение "
            "есть в Google Play и App Store.",
            "In the menu choose «Check insurance status» and enter your IIN: you see the status, "
            "the payments of the past 12 months, the payment type and the debt periods. The app "
            "is in Google Play and the App Store.",
        ),
    ),
    (
        "check",
        "https://t.me/SaqtandyryBot",
        ("Telegram-бот @SaqtandyryBot", "Telegram-бот @SaqtandyryBot",
         "Telegram bot @SaqtandyryBot"),
        (
            "«Start» батырмасын басып, «Сақтандырылу мәртебесін анықтау» бөлімін таңдаңыз да, "
            "ЖСН енгізіңіз.",
            "Нажмите «Start», выберите раздел «Определить статус застрахованности» и введите "
            "ИИН.",
            "Press «Start», choose «Determine the status of insurance» and enter your IIN.",
        ),
    ),
    (
        "check",
        "https://egov.kz",
        ("Электрондық үкімет порталы egov.kz", "Портал электронного правительства egov.kz",
         "The e-government portal egov.kz"),
        (
            "«Денсаулық сақтау» бөлімінде «Медициналық қызметтерді тұтынушы ретінде қатысу "
            "туралы және МӘМС жүйесінде аударылған аударымдар және (немесе) жарналар сомасы "
            "туралы ақпарат беру» қызметін тауып, «Қызметке онлайн тапсырыс беру» батырмасын "
            "басыңыз, өтінімге ЭЦҚ-мен қол қойыңыз. Анықтама 10 минут ішінде жеке кабинетте "
            "пайда болады.",
            "В разделе «Здравоохранение» найдите услугу «Выдача информации об участии в "
            "качестве потребителя медицинских услуг и о перечисленных суммах отчислений и (или) "
            "взносов в системе ОСМС», нажмите «Заказать услугу онлайн» и подпишите заявку ЭЦП. "
            "Справка появится в личном кабинете в течение 10 минут.",
            "In the «Health care» section find the service «Information about participation as "
            "a consumer of medical services and the amounts of deductions and (or) contributions "
            "paid in the MSHI system», press «Order the service online» and sign with your EDS. "
            "The certificate appears in your personal account within 10 minutes.",
        ),
    ),
    (
        "check",
        "",
        ("Damumed жеке кабинеті және банктердің қосымшалары",
         "Личный кабинет Damumed и приложения банков",
         "Damumed personal account and banks' apps"),
        ("", "", ""),
    ),
    (
        "pay",
        "",
        ("Екінші деңгейдегі банктер", "Банки второго уровня", "Banks"),
        (
            "Бөлімшелерде, интернет-банкингте және мобильді қосымшаларда.",
            "В отделениях, интернет-банкинге и мобильных приложениях.",
            "At branches, in online banking and in mobile apps.",
        ),
    ),
    ("pay", "", ("«Қазпошта» АҚ бөлімшелері", "Отделения АО «Казпочта»",
                 "Branches of Kazpost JSC"), ("", "", "")),
    (
        "pay",
        "",
        ("Төлем терминалдары", "Платёжные терминалы", "Payment terminals"),
        ("Qiwi, Kassa24 және т. б.", "Qiwi, Kassa24 и др.", "Qiwi, Kassa24 and others."),
    ),
    (
        "contact",
        "tel:1406",
        ("Байланыс орталығы 1406", "Контакт-центр 1406", "Call centre 1406"),
        (
            "Сондай-ақ 1414 – Мемлекеттік қызметтер бойынша бірыңғай байланыс орталығы.",
            "А также 1414 – единый контакт-центр по государственным услугам.",
            "Also 1414, the single call centre for public services.",
        ),
    ),
    (
        "contact",
        "https://t.me/SaqtandyryBot",
        ("Telegram-бот @SaqtandyryBot", "Telegram-бот @SaqtandyryBot",
         "Telegram bot @SaqtandyryBot"),
        ("", "", ""),
    ),
    (
        "contact",
        "",
        ("Qoldau 24/7 мобильді қосымшасы", "Мобильное приложение Qoldau 24/7",
         "The Qoldau 24/7 mobile app"),
        ("", "", ""),
    ),
    (
        "contact",
        "https://eotinish.kz",
        ("eOtinish: Қорға өтініш", "eOtinish: обращение в Фонд",
         "eOtinish: write to the Fund"),
        (
            "Өтініштер мен шағымдар, соның ішінде берешекті есептен шығару туралы өтініш.",
            "Обращения и жалобы, в том числе заявление о списании задолженности.",
            "Applications and complaints, including an application to cancel debt.",
        ),
    ),
]

LANGS = ("kk", "ru", "en")


def _texts(field, values):
    """{field: kk, field_kk: …, field_ru: …, field_en: …}"""
    data = {field: values[0]}
    data.update({f"{field}_{code}": value for code, value in zip(LANGS, values, strict=True)})
    return data


def load(apps, schema_editor):
    Page = apps.get_model("information", "Page")
    FaqCategory = apps.get_model("information", "FaqCategory")
    FaqEntry = apps.get_model("information", "FaqEntry")
    CareItem = apps.get_model("information", "CareItem")
    ResidencyRule = apps.get_model("information", "ResidencyRule")
    Channel = apps.get_model("information", "Channel")

    for slug, position, source, title, summary, body in PAGES:
        Page.objects.update_or_create(
            slug=slug,
            defaults={
                "position": position,
                "source": source,
                **_texts("title", title),
                **_texts("summary", summary),
                **_texts("body", body),
            },
        )
    categories = {}
    for position, (slug, name) in enumerate(FAQ_CATEGORIES, start=1):
        categories[slug], _created = FaqCategory.objects.update_or_create(
            slug=slug, defaults={"position": position, **_texts("name", name)}
        )
    for position, (slug, category, source, question, answer) in enumerate(FAQS, start=1):
        FaqEntry.objects.update_or_create(
            slug=slug,
            defaults={
                "category": categories[category],
                "position": position,
                "source": source,
                **_texts("question", question),
                **_texts("answer", answer),
            },
        )
    CareItem.objects.all().delete()
    for package, items in (("gvfmc", GVFMC), ("mshi", MSHI)):
        for position, text in enumerate(items, start=1):
            CareItem.objects.create(package=package, position=position, **_texts("text", text))
    for residency, (position, gvfmc, mshi, state_paid, attach, docs, care) in (
        RESIDENCY_RULES.items()
    ):
        ResidencyRule.objects.update_or_create(
            residency=residency,
            defaults={
                "position": position,
                "gvfmc": gvfmc,
                "mshi": mshi,
                "state_paid": state_paid,
                **_texts("attachment", attach),
                **_texts("documents", docs),
                **_texts("care", care),
            },
        )
    Channel.objects.all().delete()
    for position, (kind, url, name, description) in enumerate(CHANNELS, start=1):
        Channel.objects.create(
            kind=kind,
            url=url,
            position=position,
            **_texts("name", name),
            **_texts("description", description),
        )
    models = ["page", "faqcategory", "faqentry", "careitem", "residencyrule", "channel"]
    grant(
        apps,
        FUND_STAFF,
        "information",
        [f"{action}_{model}" for model in models for action in ("view", "add", "change")],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("information", "0001_initial"),
        ("status", "0002_roles"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
