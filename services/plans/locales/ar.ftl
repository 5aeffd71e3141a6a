home-title = برنامج عمل الانفتاح
home-population = السكان (2024)
home-hcp-code = الرمز الجغرافي (المندوبية السامية للتخطيط)
home-languages = اللغات
home-no-programme = لم يُنشر برنامج عمل الانفتاح لهذه الجماعة بعد.
process-title = مسلسل الانفتاح
stage-axes = لائحة المحاور
stage-workshops = ورشات الإعداد المشترك / اطرح فكرتك
stage-consultation = طرح مشروع برنامج العمل للتشاور (ورشة تشاورية/تشاور رقمي)
stage-approval = المصادقة على برنامج عمل الانفتاح من طرف المجلس
stage-implementation = التنفيذ المشترك
stage-monitoring = التتبع والتقييم المشترك
stage-preparation = الإعداد المشترك
draft = مسودة
programme-progress = نسبة تقدم البرنامج
project-progress = نسبة تقدم المشروع
progress-rule = طريقة الحساب: نسبة تقدم المشروع هي متوسط نسب إنجاز أنشطته مرجحا بمدة كل نشاط بالأشهر؛ ونسبة تقدم البرنامج هي متوسط نسب تقدم مشاريعه المنشورة.
projects-count = { $n ->
    [zero] لا مشاريع
    [one] مشروع واحد
    [two] مشروعان
    [few] { $n } مشاريع
    [many] { $n } مشروعًا
   *[other] { $n } مشروع
}
comments-count = { $n ->
    [zero] لا تعليقات
    [one] تعليق واحد
    [two] تعليقان
    [few] { $n } تعليقات
    [many] { $n } تعليقًا
   *[other] { $n } تعليق
}
print-link = نسخة للطباعة
print-title = برنامج عمل الانفتاح — نسخة للطباعة
filter-pillar = الدعامة
filter-status = الحالة
filter-all = الكل
filter-apply = تصفية
no-projects-match = لا يوجد مشروع يطابق هذا الاختيار.
status-not_started = لم ينطلق بعد
status-in_progress = في طور الإنجاز
status-late = متأخر
status-done = منجز
card-title-label = عنوان مشروع الانفتاح
card-problem = الإشكالية المطروحة
card-solution = الحل المقترح
card-pillars = دعامات الانفتاح
card-budget = الميزانية الجماعية
budget-amount = { $name } درهم
budget-not-stated = لم تُحدد
card-results = ما هي النتيجة المنتظرة؟
card-indicators = المؤشرات
indicator-baseline = القيمة المرجعية
indicator-target = القيمة المستهدفة
card-activities = تخطيط الأنشطة
activity = النشاط
activity-start = تاريخ البداية
activity-end = تاريخ النهاية
activity-completion = النسبة المئوية للإنجاز
activity-late = متأخر
card-history = سجل التقدم
history-empty = لم يُسجل أي تغيير في نسب الإنجاز بعد.
history-unknown-actor = فريق الجماعة
history-evidence = الوثيقة المثبتة
card-consultation = التشاور
consultation-none = لا يوجد تشاور مفتوح حول هذا المشروع.
back-to-programme = العودة إلى البرنامج
yes = نعم
no = لا
admin-plan-title = إدارة البرنامج
admin-project-title = تعديل المشروع
admin-view-public = عرض الصفحة العمومية
admin-state = الحالة
admin-published = منشور
admin-publish = نشر
admin-unpublish = إلغاء النشر
admin-new-project = مشروع جديد
admin-create = إنشاء
admin-add = إضافة
admin-add-activity = إضافة نشاط
field-title-ar = العنوان بالعربية
field-title-fr = العنوان بالفرنسية
field-category = مجال الإشكالية
one-per-line = (عنصر واحد في كل سطر؛ السطر نفسه بالعربية والفرنسية)
free-results = نتائج أخرى منتظرة
budget-is-stated = الميزانية محددة
budget-amount-label = المبلغ بالدرهم
indicator-unit = الوحدة
progress-note = ملاحظة
progress-evidence = رابط الوثيقة المثبتة
progress-save = تسجيل التقدم
too-many-lines = عدد الأسطر كبير جدا: { $n } على الأكثر.
title-required = أدخلوا العنوان بالعربية أو بالفرنسية على الأقل.
unknown-category = مجال غير معروف.
unknown-pillar = دعامة غير معروفة.
unknown-outcome = نتيجة غير معروفة.
budget-invalid = أدخلوا مبلغا موجبا بالدرهم، مثل 1250000 أو 1250000,50.
number-invalid = أدخلوا عددا موجبا.
month-invalid = أدخلوا شهرا على شكل 2024-10.
end-before-start = شهر النهاية يسبق شهر البداية.
completion-invalid = النسبة المئوية يجب أن تكون عددا صحيحا بين 0 و100.
url-invalid = أدخلوا رابطا كاملا يبدأ بـ https://
stale-form = غيّر شخص آخر هذه المعطيات بعد فتحكم للاستمارة. أعيدوا تحميل الصفحة ثم أعيدوا التعديل.
adoption-title = منذ مصادقة المجلس
adoption-unchanged = لم يتغير هذا المشروع منذ مصادقة المجلس على البرنامج ({ $name }).
adoption-changed = تغيرت الأجزاء التالية منذ مصادقة المجلس على البرنامج ({ $name }):
adoption-added-later = أضيف هذا المشروع بعد مصادقة المجلس على البرنامج ({ $name }).
field-title = العنوان
admin-council-title = المراحل ومصادقة المجلس
admin-add-indicator = إضافة مؤشر
measured-on = تاريخ القياس
measured-value = القيمة المقيسة
measurement-save = تسجيل القياس
stage-planned-start = بداية مقررة
stage-planned-end = نهاية مقررة
stage-actual-start = بداية فعلية
stage-actual-end = نهاية فعلية
date-invalid = أدخلوا تاريخا صحيحا بين 2000 و2100.
votes-invalid = عدد الأصوات يجب أن يكون عددا صحيحا بين 0 و1000.
decision-exists = سبق تسجيل مصادقة المجلس، ولا يمكن تغييرها.
decision-date = تاريخ المصادقة
decision-session = الدورة
decision-votes = الأصوات (مع / ضد / امتناع)
decision-text = نص المقرر
decision-record = تسجيل المصادقة
decision-help = يجمّد تسجيل المصادقة البرنامج كما صادق عليه المجلس؛ ستبين كل صفحة مشروع بعد ذلك ما تغير منذ المصادقة.
decision-frozen = البرنامج كما صادق عليه المجلس محفوظ ولا يمكن تغييره.
decision-admins-only = يسجل مسير الجماعة مصادقة المجلس.
votes-for = مع
votes-against = ضد
votes-abstain = امتناع

## Co-monitoring and evaluation (evaluation.rs)
eval-admin-title = التتبع والتقييم المشترك
eval-admin-intro = تقيّم لجنة التتبع كل مشروع منشور، عن كل نصف سنة، وفق سلم الإنجاز المعتمد في آلية التقارير المستقلة لشراكة الحكومة المنفتحة. يُحفظ كل تقييم؛ والتقييم الأحدث لنفس نصف السنة يحل محل السابق الذي يبقى في السجل العمومي.
eval-no-projects = لا يوجد مشروع منشور للتقييم.
eval-not-evaluated = لم يُقيَّم بعد
eval-form-title = تقييم المشروع
eval-view-public = عرض الصفحة العمومية
eval-saved = سُجّل التقييم، وهو معروض في الصفحة العمومية للمشروع.
eval-field-period = نصف السنة المُقيَّم
eval-field-level = مستوى الإنجاز
eval-level-hint = سلم آلية التقارير المستقلة لشراكة الحكومة المنفتحة.
eval-field-justification = التعليل
eval-field-evidence = الإثباتات (روابط)
eval-evidence-hint = عنوان https:// واحد في كل سطر، 10 على الأكثر
eval-submit = تسجيل التقييم
eval-history = سجل التقييمات
eval-none = لم يُسجَّل أي تقييم بعد.
eval-level-no_evidence = لا يوجد إثبات
eval-level-not_started = لم يبدأ
eval-level-limited = محدود
eval-level-substantial = جوهري
eval-level-complete = مكتمل
eval-period-h1 = النصف الأول من { $name }
eval-period-h2 = النصف الثاني من { $name }
eval-recorded-by-committee = لجنة التتبع
eval-superseded = تم تعويضه
eval-card-title = التتبع والتقييم المشترك
eval-card-intro = تقييم لجنة التتبع، إلى جانب نسبة التقدم التي تصرّح بها الجماعة.
eval-reported = نسبة التقدم المصرّح بها من طرف الجماعة
eval-latest = آخر تقييم للجنة
eval-earlier = تقييمات سابقة تم تعويضها
eval-error-period = اختاروا نصف سنة ضمن فترة البرنامج.
eval-error-level = اختاروا مستوى من السلم.
eval-error-justification = علّلوا التقييم.
eval-error-too-long = النص طويل جدا: { $n } حرفا على الأكثر.
eval-error-characters = يحتوي النص على أحرف غير مسموح بها.
eval-error-evidence = يجب أن يكون كل إثبات عنوانا كاملا يبدأ بـ https://
eval-error-evidence-count = { $n } روابط على الأكثر.

admin-links = فضاءات التدبير
admin-link-consultations = الاستشارات
admin-link-moderation = الإشراف على التعليقات
admin-link-ideas = أفكار المواطنين
admin-link-workshops = الورشات
admin-link-evaluations = التتبع والتقييم المشترك

# The staff's home (#14 §7)
staff-task-late = { $n ->
    [one] نشاط واحد متأخر
    [two] نشاطان متأخران
    [few] { $n } أنشطة متأخرة
    [many] { $n } نشاطًا متأخرًا
   *[other] { $n } نشاط متأخر
}
staff-task-stale = { $n ->
    [one] نشاط واحد جارٍ لم يُحدَّث تقدمه منذ شهر
    [two] نشاطان جاريان لم يُحدَّث تقدمهما منذ شهر
    [few] { $n } أنشطة جارية لم يُحدَّث تقدمها منذ شهر
    [many] { $n } نشاطًا جاريًا لم يُحدَّث تقدمه منذ شهر
   *[other] { $n } نشاط جارٍ لم يُحدَّث تقدمه منذ شهر
}
staff-task-due = ينتهي في { $name }
staff-task-evaluate = { $n ->
    [one] مشروع واحد منشور دون تقييم عن { $name }
    [two] مشروعان منشوران دون تقييم عن { $name }
    [few] { $n } مشاريع منشورة دون تقييم عن { $name }
    [many] { $n } مشروعًا منشورًا دون تقييم عن { $name }
   *[other] { $n } مشروع منشور دون تقييم عن { $name }
}

# What a back-office save says (#14 §6): ?saved=<what>
saved-published = نُشر المشروع: أصبح مرئيًا للجميع.
saved-unpublished = أُلغي نشر المشروع: لا يراه الآن إلا فريق العمل.
saved-activity = أُضيف النشاط.
saved-progress = سُجّلت نسبة الإنجاز وأُضيفت إلى السجل العمومي.
saved-indicator = أُضيف المؤشر.
saved-measurement = سُجّل القياس.
saved-project = أُنشئ المشروع (مسودة): أكمل بطاقته ثم انشره.
