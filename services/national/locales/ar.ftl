# The national space (infitah-national). Every id starts with nat-.
nat-title = انفتاح الجماعات الترابية، بالمقارنة
nat-lead = أين تقف كل جهة وعمالة وإقليم وجماعة في المغرب في تنفيذ برنامج عمل الانفتاح: نسبة التقدم، ومراحل المسلسل، والمحاور، والأنشطة المنجزة والمتأخرة. لا تُحتسب إلا المعطيات المنشورة.
nat-crumbs = أنت هنا
nat-as-of = الأرقام إلى غاية { $name }
nat-rule-title = كيف تُقرأ هذه الأرقام
nat-rule-progress = نسبة تقدم المشروع هي متوسط نسب إنجاز أنشطته مرجحة بمدتها بالأشهر؛ ونسبة تقدم البرنامج هي متوسط مشاريعه المنشورة. المشروع الذي لا نشاط له يُحتسب 0 %.
nat-rule-median = يُحسب الوسيط والربيعيات على الجماعات الترابية التي نشرت برنامجها؛ أما التي لم تنشره بعد فتُعدّ على حدة («بدون برنامج») ولا تُسقط أبدا. يعدّ كل مجال ترابي جميع الجماعات التي يضمها، بما فيها مجلسه، مرة واحدة لكل منها.
nat-rule-late = يكون النشاط متأخرا إذا انقضى شهر نهايته ولم تبلغ نسبة إنجازه 100 %.
nat-fig-collectivities = الجماعات الترابية
nat-fig-with-programme = لها برنامج منشور
nat-fig-without-programme = بدون برنامج إلى حد الآن
nat-fig-median = وسيط نسبة التقدم
nat-fig-mean = متوسط نسبة التقدم
nat-fig-quartiles = النصف الأوسط بين
nat-fig-projects = المشاريع المنشورة
nat-fig-activities-done = الأنشطة المنجزة
nat-fig-activities-late = الأنشطة المتأخرة
nat-between = { $name }
nat-n-collectivities = { $n ->
    [zero] لا جماعة ترابية
    [one] جماعة ترابية واحدة
    [two] جماعتان ترابيتان
    [few] { $n } جماعات ترابية
    [many] { $n } جماعة ترابية
   *[other] { $n } جماعة ترابية
}
nat-n-without = { $n ->
    [zero] لكلها برنامج
    [one] جماعة واحدة بدون برنامج
    [two] جماعتان بدون برنامج
    [few] { $n } جماعات بدون برنامج
    [many] { $n } جماعة بدون برنامج
   *[other] { $n } جماعة بدون برنامج
}
nat-n-projects = { $n ->
    [zero] لا مشروع
    [one] مشروع واحد
    [two] مشروعان
    [few] { $n } مشاريع
    [many] { $n } مشروعًا
   *[other] { $n } مشروع
}
nat-n-activities = { $n ->
    [zero] لا نشاط
    [one] نشاط واحد
    [two] نشاطان
    [few] { $n } أنشطة
    [many] { $n } نشاطًا
   *[other] { $n } نشاط
}
nat-n-late = { $n ->
    [zero] لا شيء متأخر
    [one] واحد متأخر
    [two] اثنان متأخران
    [few] { $n } متأخرة
    [many] { $n } متأخرًا
   *[other] { $n } متأخر
}
nat-n-days = { $n ->
    [zero] 0 يوم
    [one] يوم واحد
    [two] يومان
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}
nat-h-regions = الجهات
nat-h-compare-regions = نسبة التقدم حسب الجهة
nat-h-compare-provinces = نسبة التقدم حسب العمالة والإقليم
nat-h-compare-communes = نسبة تقدم الجماعات
nat-h-process = أين تقف في مسلسل الانفتاح
nat-h-pillars = المشاريع حسب المحور
nat-h-activities = الأنشطة
nat-h-months = نسبة التقدم شهرا بشهر
nat-h-directory = جميع الجماعات الترابية للجهة
nat-h-council = برنامج المجلس نفسه
nat-h-standing = أين تقف { $name }
nat-h-projects = المشاريع المنشورة
nat-h-stages = مراحل المسلسل
nat-compare-hint = يبين كل سطر تفاوت نسب التقدم: يمتد المستطيل من الربيع الأول إلى الربيع الثالث، ويشير الخط السميك إلى الوسيط، والطرفان إلى الأدنى والأعلى؛ والخط المنقط هو الوسيط الوطني.
nat-strip-hint = كل نقطة جماعة ترابية؛ يغطي الشريط النصف الأوسط، ويشير الخط إلى الوسيط.
nat-col-name = الاسم
nat-col-code = رمز المندوبية السامية للتخطيط
nat-col-area = الإقليم · الجهة
nat-col-kind = الصنف
nat-col-collectivities = الجماعات الترابية
nat-col-with = لها برنامج
nat-col-without = بدون برنامج
nat-col-median = الوسيط
nat-col-q1 = الربيع الأول
nat-col-q3 = الربيع الثالث
nat-col-mean = المتوسط
nat-col-spread = التفاوت
nat-col-progress = نسبة التقدم
nat-col-stage = المرحلة
nat-col-since = منذ
nat-col-since-median = منذ (الوسيط)
nat-col-projects = المشاريع
nat-col-activities = الأنشطة
nat-col-done = منجزة
nat-col-late = متأخرة
nat-col-last-update = آخر تحيين
nat-col-idle = بدون تحيين منذ
nat-col-month = الشهر
nat-col-count = العدد
nat-col-share = النسبة
nat-col-pillar = المحور
nat-col-status = الحالة
nat-sort-by = الترتيب حسب { $name }
nat-sorted-asc = ترتيب تصاعدي
nat-sorted-desc = ترتيب تنازلي
nat-stage-axes = لائحة المحاور
nat-stage-workshops = ورشات الإعداد المشترك
nat-stage-consultation = التشاور حول المشروع
nat-stage-approval = مصادقة المجلس
nat-stage-implementation = التنفيذ المشترك
nat-stage-monitoring = التتبع والتقييم المشترك
nat-stage-none = لم تنطلق أي مرحلة
nat-no-programme = بدون برنامج إلى حد الآن
nat-legend-median = الوسيط
nat-legend-mean = المتوسط
nat-legend-iqr = النصف الأوسط (من الربيع الأول إلى الثالث)
nat-legend-here = هذه الجماعة
nat-legend-reference = الوسيط الوطني
nat-legend-progress = نسبة تقدم البرنامج
nat-chart-box = تفاوت نسب التقدم، { $name }
nat-chart-strip = نسبة تقدم كل جماعة ترابية في { $name }
nat-chart-months = نسبة التقدم شهرا بشهر، { $name }
nat-chart-stages = الجماعات الترابية حسب مرحلة المسلسل، { $name }
nat-chart-pillars = المشاريع المنشورة حسب المحور، { $name }
nat-data-table = أرقام هذا المبيان
nat-months-rule = يبين كل شهر البرامج المنشورة اليوم كما كانت حسب سجلها العلني في نهاية الشهر؛ وتُحتسب كل جماعة في أشهر فترة برنامجها.
nat-open-area = التفاصيل
nat-own-space = زيارة فضاء { $name }
nat-card-link = البطاقة الوطنية
nat-no-programme-card = لم تنشر هذه الجماعة الترابية برنامج عمل الانفتاح بعد: تُحتسب «بدون برنامج» في جميع الأرقام.
nat-rank = تتقدم على { $ahead } من أصل { $total } جماعة لها برنامج في { $name }
nat-in-area = في { $name }
nat-evaluated = نسبة التقدم حسب تقييم لجنة التتبع
nat-not-evaluated = لم يُقيَّم بعد
nat-period = الفترة
nat-never = أبدا
nat-manage-title = فضاء المسيرين على المستوى الوطني
nat-manage-lead = لوائح عمل لمواكبة الجماعات الترابية. تبقى الأرقام العمومية في الصفحات الوطنية.
nat-manage-reports = التقارير
nat-stale-title = نسبة تقدم لم تُحيَّن منذ 90 يوما
nat-stale-lead = الجماعات الترابية التي نشرت برنامجها ولم تتغير نسبة تقدمه منذ 90 يوما أو أكثر (أو لم تتغير أبدا منذ إحداث البرنامج)، الأقدم أولا.
nat-stale-count = { $n ->
    [zero] لا توجد أي جماعة في هذه الحالة.
    [one] جماعة واحدة في هذه الحالة.
    [two] جماعتان في هذه الحالة.
    [few] { $n } جماعات في هذه الحالة.
    [many] { $n } جماعة في هذه الحالة.
   *[other] { $n } جماعة في هذه الحالة.
}
nat-stale-without = لا تظهر في هذه اللائحة الجماعات التي ليس لها برنامج منشور: { $name }.
nat-report-participation = المشاركة في التشاور حسب الصفة والفئة العمرية
nat-report-gap = الفرق بين نسبة التقدم المصرح بها والمقيَّمة
nat-participation-lead = مساهمات المواطنات والمواطنين في استشارات جميع الجماعات الترابية، عبر الإنترنت وعلى الورق، حسب الصفة والفئة العمرية. لا تُحتسب إلا المساهمات الظاهرة في استشارات البرنامج أو مشروع منشور.
nat-n-consultations = { $n ->
    [zero] لا استشارة مفتوحة
    [one] استشارة واحدة مفتوحة
    [two] استشارتان مفتوحتان
    [few] { $n } استشارات مفتوحة
    [many] { $n } استشارة مفتوحة
   *[other] { $n } استشارة مفتوحة
}
nat-by-region = حسب الجهة
nat-by-province = حسب الإقليم والعمالة
nat-by-collectivity = حسب الجماعة الترابية
nat-col-consultations = الاستشارات
nat-col-evaluated-projects = المشاريع المقيَّمة
nat-col-reported = التقدم المُصرَّح به
nat-col-evaluated = التقدم المقيَّم
nat-col-gap = الفارق
nat-points = { $name } نقطة
nat-gap-lead = لكل جماعة ترابية، على مشاريعها المنشورة التي قيّمتها لجنة التتبع المشترك، التقدم الذي تصرّح به مقارنة بما تقيّمه لجنتها. فارق موجب: تصرّح الجماعة بأكثر مما تعاينه لجنتها.
nat-gap-rule = سلم التقييم (الشراكة من أجل الحكومة المنفتحة): لم ينطلق 0٪، محدود 33٪، مهم 67٪، مكتمل 100٪؛ «لا دليل» ليس قياسا ويُستبعد المشروع حينها. يُعتدّ بآخر تقييم لكل مشروع. المتوسطات مرجّحة بعدد المشاريع المقيَّمة.
nat-gap-evaluated-count = { $n } من أصل { $of } جماعة ترابية لها برنامج منشور لديها مشروع واحد مقيَّم على الأقل.
nat-gap-by-region = حسب الجهة
nat-gap-by-collectivity = حسب الجماعة الترابية
nat-gap-none = لم تقيّم أي لجنة تتبع مشروعا بعد.
nat-gap-csv = تحميل الفارق لكل جماعة ترابية (CSV)
nat-gap-range = الجماعات من { $from } إلى { $to } من أصل { $total }
nat-gap-pages = صفحات جدول الجماعات
nat-chart-time = الزمن ←
