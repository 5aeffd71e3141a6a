//! The datasets, column by column: what each holds, in which unit, under which
//! publication rule, and the statement that reads it.

use super::*;

pub(super) const COLLECTIVITY_ID: Column = col!(
    "collectivity_id",
    "string",
    "Identifiant stable (uuid) de la collectivité",
    "المعرّف الثابت (uuid) للجماعة الترابية",
    "Stable identifier (uuid) of the collectivity"
);
pub(super) const TITLE_AR: Column = col!(
    "title_ar",
    "string",
    "Intitulé en arabe",
    "العنوان بالعربية",
    "Title in Arabic"
);
pub(super) const TITLE_FR: Column = col!(
    "title_fr",
    "string",
    "Intitulé en français",
    "العنوان بالفرنسية",
    "Title in French"
);
pub(super) const COLLECTIVITY_HCP: Column = col!(
    "collectivity_hcp_code",
    "string",
    "Code géographique HCP de la collectivité",
    "الرمز الجغرافي للمندوبية السامية للتخطيط للجماعة",
    "HCP geographic code of the collectivity"
);
pub(super) const ROW_ID: Column = col!(
    "id",
    "string",
    "Identifiant stable (uuid) de la ligne, jamais réattribué",
    "المعرّف الثابت (uuid) للسطر، لا يعاد استعماله",
    "Stable identifier (uuid) of the row, never reissued"
);
pub(super) const PROJECT_ID: Column = col!(
    "project_id",
    "string",
    "Identifiant du projet (jeu « projects »)",
    "معرّف المشروع (مجموعة « projects »)",
    "Identifier of the project (dataset \"projects\")"
);

pub static DATASETS: &[Dataset] = &[
    Dataset {
        name: "collectivities",
        fr: "Collectivités territoriales",
        ar: "الجماعات الترابية",
        en: "Collectivities",
        columns: &[
            col!(
                "id",
                "string",
                "Identifiant stable (uuid) de la collectivité",
                "المعرّف الثابت (uuid) للجماعة الترابية",
                "Stable identifier (uuid) of the collectivity"
            ),
            col!(
                "hcp_code",
                "string",
                "Code géographique HCP (région 04, province 04.281, commune 04.281.01.01)",
                "الرمز الجغرافي للمندوبية السامية للتخطيط",
                "HCP geographic code"
            ),
            col!(
                "slug",
                "string",
                "Nom court, dans l'adresse du site",
                "الاسم المختصر في عنوان الموقع",
                "Short name, in the site's address"
            ),
            col!(
                "kind",
                "string",
                "Type : region, province, prefecture, commune",
                "النوع: جهة، إقليم، عمالة، جماعة",
                "Kind: region, province, prefecture, commune"
            ),
            col!(
                "parent_id",
                "string",
                "Identifiant de la collectivité de rattachement",
                "معرّف الجماعة الترابية الأعلى",
                "Identifier of the collectivity above"
            ),
            col!(
                "parent_hcp_code",
                "string",
                "Code HCP de la collectivité de rattachement",
                "الرمز الجغرافي للجماعة الترابية الأعلى",
                "HCP code of the collectivity above"
            ),
            col!(
                "name_ar",
                "string",
                "Nom en arabe",
                "الاسم بالعربية",
                "Name in Arabic"
            ),
            col!(
                "name_fr",
                "string",
                "Nom en français",
                "الاسم بالفرنسية",
                "Name in French"
            ),
            col!(
                "name_en",
                "string",
                "Nom en anglais (facultatif)",
                "الاسم بالإنجليزية (اختياري)",
                "Name in English (optional)"
            ),
            col!(
                "population",
                "integer",
                "Population (recensement 2024)",
                "عدد السكان (إحصاء 2024)",
                "Population (2024 census)"
            ),
        ],
    },
    Dataset {
        name: "programmes",
        fr: "Programmes d'action d'ouverture publiés",
        ar: "برامج عمل الانفتاح المنشورة",
        en: "Published openness action programmes",
        columns: &[
            ROW_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "period_start",
                "integer",
                "Première année de la période",
                "السنة الأولى من الفترة",
                "First year of the period"
            ),
            col!(
                "period_end",
                "integer",
                "Dernière année de la période",
                "السنة الأخيرة من الفترة",
                "Last year of the period"
            ),
            TITLE_AR,
            TITLE_FR,
        ],
    },
    Dataset {
        name: "projects",
        fr: "Projets d'ouverture publiés",
        ar: "مشاريع الانفتاح المنشورة",
        en: "Published openness projects",
        columns: &[
            ROW_ID,
            col!(
                "programme_id",
                "string",
                "Identifiant du programme (jeu « programmes »)",
                "معرّف البرنامج",
                "Identifier of the programme"
            ),
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            TITLE_AR,
            TITLE_FR,
            col!(
                "problem_category",
                "string",
                "Catégorie de la problématique (code du catalogue national)",
                "فئة الإشكالية (رمز من الدليل الوطني)",
                "Problem category (national catalogue code)"
            ),
            col!(
                "pillars",
                "array",
                "Piliers concernés (codes du catalogue national ; séparés par « ; » en CSV)",
                "الركائز المعنية (رموز الدليل الوطني)",
                "Pillars (national catalogue codes; \";\"-separated in CSV)"
            ),
            col!(
                "outcomes",
                "array",
                "Résultats attendus standard cochés (codes du catalogue national)",
                "النتائج المنتظرة المعيارية (رموز الدليل الوطني)",
                "Standard expected results ticked (national catalogue codes)"
            ),
            col!(
                "budget_stated",
                "boolean",
                "Budget communal indiqué (false : « /// », non indiqué)",
                "هل الميزانية الجماعية مذكورة (false: « /// »)",
                "Communal budget stated (false: \"///\", not stated)"
            ),
            col!(
                "budget_mad",
                "number",
                "Budget communal en dirhams, quand il est indiqué",
                "الميزانية الجماعية بالدرهم عند ذكرها",
                "Communal budget in dirhams, when stated"
            ),
            col!(
                "progress",
                "integer",
                "Avancement en % : moyenne des activités pondérée par leur durée en mois",
                "نسبة التقدم: متوسط إنجاز الأنشطة مرجحا بمدتها بالأشهر",
                "Progress in %: activities' completion weighted by their length in months"
            ),
            col!(
                "published_at",
                "datetime",
                "Date de publication",
                "تاريخ النشر",
                "When it was published"
            ),
        ],
    },
    Dataset {
        name: "project_items",
        fr: "Problématiques, solutions proposées et résultats attendus des projets publiés",
        ar: "الإشكاليات والحلول المقترحة والنتائج المنتظرة للمشاريع المنشورة",
        en: "Problems, proposed solutions and expected results of published projects",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "kind",
                "string",
                "Rubrique de la fiche : problem (problématique), solution (solution proposée), result (résultat attendu)",
                "خانة البطاقة: problem (إشكالية)، solution (حل مقترح)، result (نتيجة منتظرة)",
                "Card section: problem, solution (proposed), result (expected)"
            ),
            col!(
                "position",
                "integer",
                "Rang dans la rubrique",
                "الترتيب داخل الخانة",
                "Order within the section"
            ),
            col!(
                "text_ar",
                "string",
                "Texte en arabe",
                "النص بالعربية",
                "Text in Arabic"
            ),
            col!(
                "text_fr",
                "string",
                "Texte en français",
                "النص بالفرنسية",
                "Text in French"
            ),
        ],
    },
    Dataset {
        name: "activities",
        fr: "Activités des projets publiés",
        ar: "أنشطة المشاريع المنشورة",
        en: "Activities of published projects",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "position",
                "integer",
                "Rang dans le planning du projet",
                "الترتيب في برمجة المشروع",
                "Order in the project's plan"
            ),
            TITLE_AR,
            TITLE_FR,
            col!(
                "start_month",
                "yearmonth",
                "Mois de début (AAAA-MM)",
                "شهر البداية",
                "Start month (YYYY-MM)"
            ),
            col!(
                "end_month",
                "yearmonth",
                "Mois de fin (AAAA-MM)",
                "شهر النهاية",
                "End month (YYYY-MM)"
            ),
            col!(
                "completion",
                "integer",
                "Taux de réalisation en %",
                "النسبة المئوية للإنجاز",
                "Completion in %"
            ),
        ],
    },
    Dataset {
        name: "indicators",
        fr: "Indicateurs des projets publiés",
        ar: "مؤشرات المشاريع المنشورة",
        en: "Indicators of published projects",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "position",
                "integer",
                "Rang dans la liste",
                "الترتيب في اللائحة",
                "Order in the list"
            ),
            col!(
                "name_ar",
                "string",
                "Intitulé en arabe",
                "الاسم بالعربية",
                "Name in Arabic"
            ),
            col!(
                "name_fr",
                "string",
                "Intitulé en français",
                "الاسم بالفرنسية",
                "Name in French"
            ),
            col!("unit", "string", "Unité", "الوحدة", "Unit"),
            col!(
                "baseline",
                "number",
                "Valeur de référence",
                "القيمة المرجعية",
                "Baseline"
            ),
            col!(
                "target",
                "number",
                "Valeur cible",
                "القيمة المستهدفة",
                "Target"
            ),
        ],
    },
    Dataset {
        name: "indicator_measurements",
        fr: "Mesures des indicateurs",
        ar: "قياسات المؤشرات",
        en: "Indicator measurements",
        columns: &[
            ROW_ID,
            col!(
                "indicator_id",
                "string",
                "Identifiant de l'indicateur (jeu « indicators »)",
                "معرّف المؤشر",
                "Identifier of the indicator"
            ),
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "measured_on",
                "date",
                "Date de la mesure",
                "تاريخ القياس",
                "Date measured"
            ),
            col!(
                "value",
                "number",
                "Valeur mesurée",
                "القيمة المقيسة",
                "Value measured"
            ),
            col!(
                "note",
                "string",
                "Note de la collectivité",
                "ملاحظة الجماعة",
                "The collectivity's note"
            ),
        ],
    },
    Dataset {
        name: "progress_history",
        fr: "Historique public de l'avancement",
        ar: "السجل العمومي لنسبة التقدم",
        en: "Public history of progress",
        columns: &[
            ROW_ID,
            col!(
                "activity_id",
                "string",
                "Identifiant de l'activité (jeu « activities »)",
                "معرّف النشاط",
                "Identifier of the activity"
            ),
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "at",
                "datetime",
                "Date et heure du changement (l'auteur n'est pas publié : donnée personnelle)",
                "تاريخ التغيير (لا يُنشر اسم صاحبه: معطى شخصي)",
                "When it changed (who is not published: personal data)"
            ),
            col!(
                "old_value",
                "integer",
                "Taux de réalisation avant, en %",
                "نسبة الإنجاز قبل التغيير",
                "Completion before, in %"
            ),
            col!(
                "new_value",
                "integer",
                "Taux de réalisation après, en %",
                "نسبة الإنجاز بعد التغيير",
                "Completion after, in %"
            ),
            col!(
                "note",
                "string",
                "Note de la collectivité",
                "ملاحظة الجماعة",
                "The collectivity's note"
            ),
            col!(
                "evidence_url",
                "string",
                "Lien vers une preuve",
                "رابط الإثبات",
                "Link to evidence"
            ),
        ],
    },
    Dataset {
        name: "evaluations",
        fr: "Évaluations du comité de suivi",
        ar: "تقييمات لجنة التتبع",
        en: "Co-monitoring committee evaluations",
        columns: &[
            ROW_ID,
            PROJECT_ID,
            COLLECTIVITY_ID,
            COLLECTIVITY_HCP,
            col!(
                "period",
                "string",
                "Semestre évalué : AAAA-H1 (janvier–juin) ou AAAA-H2",
                "نصف السنة المُقيَّم: AAAA-H1 أو AAAA-H2",
                "Half-year evaluated: YYYY-H1 (January–June) or YYYY-H2"
            ),
            col!(
                "level",
                "string",
                "Niveau (échelle du MRI du PGO) : no_evidence, not_started, limited, substantial, complete",
                "المستوى: no_evidence، not_started، limited، substantial، complete",
                "Level (OGP IRM scale): no_evidence, not_started, limited, substantial, complete"
            ),
            col!(
                "percent",
                "integer",
                "Niveau en % : not_started 0, limited 33, substantial 67, complete 100 ; vide pour no_evidence",
                "المستوى بالنسبة المئوية؛ فارغ عند غياب الإثبات",
                "Level as %: not_started 0, limited 33, substantial 67, complete 100; empty for no_evidence"
            ),
            col!(
                "justification",
                "string",
                "Justification du comité",
                "تعليل اللجنة",
                "The committee's justification"
            ),
            col!(
                "evidence_urls",
                "array",
                "Liens vers les preuves (séparés par « ; » en CSV)",
                "روابط الإثباتات",
                "Links to evidence (\";\"-separated in CSV)"
            ),
            col!(
                "recorded_at",
                "datetime",
                "Date d'enregistrement ; pour un même projet et un même semestre, la plus récente remplace les précédentes",
                "تاريخ التسجيل؛ الأحدث يعوّض السابق لنفس المشروع ونفس نصف السنة",
                "When recorded; for one project and half-year the latest supersedes the earlier ones"
            ),
        ],
    },
];
