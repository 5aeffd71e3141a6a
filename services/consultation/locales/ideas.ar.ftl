# Consultation: ideas, workshops, statistics (ar)

## الأفكار (اطرح فكرتك، المرحلة الثانية من الإعداد المشترك)
idea-step = الإعداد المشترك · الخطوة 2
idea-list-title = اطرح فكرتك
idea-list-lead = لإعداد برنامج عمل الانفتاح، تجمع الجماعة أفكار المواطنات والمواطنين محورًا محورًا. تُنشر كل فكرة هنا، وتبيّن الجماعة الأفكار التي اعتمدتها والمشروع الذي استفاد منها.
idea-new-title = اقتراح فكرة
idea-new-lead = صِفوا فكرة ملموسة تجعل الجماعة أكثر انفتاحًا. الحقول المشار إليها بنجمة إجبارية.
idea-submit = اقترحوا فكرة
idea-submit-sign-in = سجّلوا الدخول لاقتراح فكرة
idea-verify-first = أكّدوا عنوان بريدكم الإلكتروني أولًا لاقتراح فكرة.
idea-go-account = حسابي
idea-no-programme = لم تفتح الجماعة بعدُ إعداد برنامجها: لا يتم جمع الأفكار حاليًا.
idea-count = { $n ->
    [zero] لا توجد أفكار
    [one] فكرة واحدة
    [two] فكرتان
    [few] { $n } أفكار
    [many] { $n } فكرة
   *[other] { $n } فكرة
}
idea-download-csv = تحميل (CSV)
idea-download-staff-csv = تصدير للموظفين (CSV، مع الفئة العمرية)
idea-filter-axis = المحور
idea-filter-all = كل المحاور
idea-filter-apply = تصفية
idea-none = لا توجد أفكار حاليًا.
idea-in-project = أُدمجت في المشروع:
idea-back-to-list = العودة إلى الأفكار
idea-field-axis = المحور
idea-field-title = العنوان
idea-field-body = فكرتكم
idea-field-profile = الصفة
idea-field-age = الفئة العمرية
idea-field-project = المشروع
idea-field-project-optional = المشروع (اختياري)
idea-choose = — اختاروا —
idea-body-hint = { $n } حرف على الأكثر. نص عادي: الروابط غير قابلة للنقر.
idea-privacy = لا يُنشر اسمكم مع فكرتكم: تُنشر صفتكم والمحور فقط. لا تُنشر الفئة العمرية إلا في شكل أعداد، ولا تُنشر أبدًا لأقل من 5 أشخاص.
idea-axis-required = المحور: اختاروا محورًا من اللائحة.
idea-title-required = العنوان: اكتبوا عنوانًا قصيرًا لفكرتكم.
idea-body-required = فكرتكم: صِفوها في بضعة أسطر.
idea-profile-required = الصفة: هذا الحقل إجباري، اختاروا صفتكم.
idea-age-required = الفئة العمرية: هذا الحقل إجباري، اختاروا فئتكم العمرية.
idea-project-required = المشروع: اختاروا مشروعًا من اللائحة.
idea-status = الحالة
idea-status-submitted = مقترحة
idea-status-accepted = معتمدة
idea-status-merged = مدمجة في مشروع
idea-date = التاريخ
idea-hidden-title = فكرة محجوبة
idea-hidden-tag = محجوبة ({ $name })
idea-manage = تدبير هذه الفكرة
idea-view-public = عرض الصفحة العمومية
idea-admin-title = أفكار المواطنين
idea-accept-title = اعتماد الفكرة
idea-accept-hint = تُسجَّل الفكرة كفكرة معتمدة؛ وإذا اخترتم مشروعًا، تذكرها صفحته ضمن أصوله.
idea-no-project = بدون مشروع
idea-accept = اعتماد
idea-merge-title = دمج في مشروع
idea-merge-hint = تُدمج الفكرة في المشروع المختار: تذكرها صفحة المشروع ضمن أفكار المواطنين التي انبثق منها.
idea-merge = دمج
idea-project-section = انبثق من أفكار المواطنين
idea-project-section-lead = يستند هذا المشروع إلى أفكار اقترحتها مواطنات ومواطنون:
idea-home-title = شاركوا
idea-home-lead = اقترحوا أفكاركم للبرنامج، واطّلعوا على الورشات ومحاضرها.

## الورشات
ws-step = الإعداد المشترك والتشاور
ws-list-title = الورشات
ws-list-lead = ورشات الإعداد المشترك والورشات التشاورية التي نظمتها الجماعة: التاريخ والمكان والحضور والمحضر. تُحتسب المساهمات المجمّعة على الورق مع المساهمات الرقمية.
ws-count = { $n ->
    [zero] لا توجد ورشات
    [one] ورشة واحدة
    [two] ورشتان
    [few] { $n } ورشات
    [many] { $n } ورشة
   *[other] { $n } ورشة
}
ws-none = لا توجد ورشات حاليًا.
ws-kind-co_preparation = ورشة الإعداد المشترك
ws-kind-consultative = ورشة تشاورية
ws-attendance-count = { $n ->
    [zero] لم يُسجَّل الحضور
    [one] مشارك(ة) واحد(ة)
    [two] مشاركان
    [few] { $n } مشاركين
    [many] { $n } مشاركًا
   *[other] { $n } مشارك
}
ws-paper-count = { $n ->
    [zero] لا توجد مساهمات ورقية
    [one] مساهمة ورقية واحدة
    [two] مساهمتان ورقيتان
    [few] { $n } مساهمات ورقية
    [many] { $n } مساهمة ورقية
   *[other] { $n } مساهمة ورقية
}
ws-place = المكان
ws-date = التاريخ
ws-attendance = الحضور
ws-attendance-by-gender = الحضور حسب النوع
ws-gender-female = نساء
ws-gender-male = رجال
ws-read-minutes = قراءة المحضر
ws-back-to-list = العودة إلى الورشات
ws-see-consultation = عرض التشاور
ws-minutes = المحضر
ws-no-minutes = لم يُنشر المحضر بعد.
ws-manage = تدبير هذه الورشة
ws-admin-title = الورشات (التدبير)
ws-new = ورشة جديدة
ws-create = إحداث الورشة
ws-save = حفظ
ws-saved = حُفظت الورشة.
ws-field-title = العنوان
ws-field-title-ar = العنوان بالعربية
ws-field-title-fr = العنوان بالفرنسية
ws-field-kind = النوع
ws-field-date = التاريخ
ws-field-place = المكان
ws-field-consultation = التشاور الذي تغذيه
ws-no-consultation = لا شيء
ws-consultation-hint = تُحتسب مساهمات الورشة التشاورية مع مساهمات التشاور المختار.
ws-title-required = العنوان: اكتبوا عنوانًا بالعربية أو بالفرنسية.
ws-kind-required = النوع: اختاروا نوع الورشة.
ws-date-invalid = التاريخ: أدخلوا تاريخًا صحيحًا (سنة-شهر-يوم).
ws-place-required = المكان: حدّدوا مكان انعقاد الورشة.
ws-consultation-unknown = التشاور: اختاروا تشاورًا من اللائحة.
ws-no-programme = أحدثوا برنامج الجماعة أولًا.
ws-attendance-grid = الحضور حسب النوع والفئة العمرية
ws-attendance-total = { $n ->
    [zero] لم يُسجَّل أي حضور.
    [one] مشارك(ة) واحد(ة) مسجَّل(ة) في المجموع.
    [two] مشاركان مسجَّلان في المجموع.
    [few] { $n } مشاركين مسجَّلين في المجموع.
    [many] { $n } مشاركًا مسجَّلًا في المجموع.
   *[other] { $n } مشارك مسجَّل في المجموع.
}
ws-attendance-invalid = عدد صحيح بين 0 و100.000.
ws-attendance-saved = حُفظ الحضور.
ws-save-attendance = حفظ الحضور
ws-paper-title = المساهمات الورقية
ws-paper-download = تحميل (CSV)
ws-paper-no-consultation = اربطوا هذه الورشة بتشاور أولًا: تُحتسب المساهمات الورقية مع مساهماته.
ws-paper-nothing-saved = لم يُحفظ أي شيء. صحّحوا ما يلي ثم أعيدوا المحاولة:
ws-paper-upload-title = استيراد ملف CSV
ws-paper-upload-hint = ثلاثة أعمدة: الصفة، الفئة العمرية، المساهمة (يمكن إضافة سطر للعناوين). تُكتب الصفة والفئة العمرية برمزهما أو بتسميتهما بالعربية أو بالفرنسية. فاصلة أو فاصلة منقوطة، ترميز UTF-8، { $n } كيلوبايت على الأكثر. إذا كان أي سطر غير صحيح، لا يُستورد أي شيء.
ws-paper-file = ملف CSV
ws-paper-upload = استيراد
ws-paper-form-title = إدخال عدة مساهمات
ws-paper-form-hint = مساهمة واحدة في كل سطر؛ تُتجاهل الأسطر الفارغة.
ws-paper-save-rows = حفظ المساهمات
ws-paper-saved = { $n ->
    [zero] لم تُحفظ أي مساهمة.
    [one] حُفظت مساهمة واحدة.
    [two] حُفظت مساهمتان.
    [few] حُفظت { $n } مساهمات.
    [many] حُفظت { $n } مساهمة.
   *[other] حُفظت { $n } مساهمة.
}
ws-paper-row = السطر { $n }
ws-paper-field-profile = الصفة
ws-paper-field-age_bracket = الفئة العمرية
ws-paper-field-body = المساهمة
ws-paper-profile-missing = الصفة إجبارية.
ws-paper-profile-unknown = صفة غير معروفة (يُنتظر رمز أو تسمية من اللائحة الوطنية).
ws-paper-age-missing = الفئة العمرية إجبارية.
ws-paper-age-unknown = فئة عمرية غير معروفة (يُنتظر رمز أو تسمية من اللائحة الوطنية).
ws-paper-body-missing = المساهمة فارغة.
ws-paper-body-too-long = تتجاوز المساهمة 2.000 حرف.
ws-paper-body-invalid = تحتوي المساهمة على رموز غير مسموح بها.
ws-paper-columns = يُنتظر ثلاثة أعمدة: الصفة، الفئة العمرية، المساهمة.
ws-paper-file-missing = اختاروا ملف CSV.
ws-paper-file-too-large = الملف كبير جدًا.
ws-paper-file-not-utf8 = الملف ليس بترميز UTF-8 (احفظوه بصيغة «CSV UTF-8»).
ws-paper-file-unreadable = ملف CSV غير مقروء (علامة تنصيص غير مغلقة؟).
ws-paper-too-many-rows = يتجاوز الملف 5.000 سطر: قسّموه.
ws-paper-empty = لا يحتوي الملف على أي مساهمة.
ws-paper-form-empty = لم يُملأ أي سطر.
ws-paper-more-problems = … و{ $n } مشاكل أخرى.

## إحصاءات المشاركة
stats-title = إحصاءات المشاركة
stats-programme-consultation = التشاور حول مشروع البرنامج
stats-back-consultation = العودة إلى التشاور
stats-back-project = العودة إلى المشروع
stats-total = { $n ->
    [zero] لا توجد مساهمات
    [one] مساهمة واحدة
    [two] مساهمتان
    [few] { $n } مساهمات
    [many] { $n } مساهمة
   *[other] { $n } مساهمة
}
stats-total-small = أقل من 5 مساهمات
stats-online = رقميًا
stats-paper = ورقيًا (الورشات)
stats-contributions = المساهمات
stats-by-profile = حسب الصفة
stats-by-age = حسب الفئة العمرية
stats-by-week = حسب الأسبوع
stats-by-month = حسب الشهر
stats-period = الفترة
stats-week-of = أسبوع { $name }
stats-small = أقل من 5
stats-masked = 5 فأكثر
stats-no-period = لا توجد مساهمات بعد.
stats-table-caption = معطيات المبيان: { $name }
stats-rule = لحماية المشاركين، تظهر الأعداد التي تقل عن 5 بعبارة «أقل من 5»، ويُحجب حينها عدد آخر («5 فأكثر») حتى لا يمكن استنتاجها من المجموع.
stats-rule-short = تظهر الأعداد التي تقل عن 5 بعبارة «أقل من 5».
stats-rule-detail = القاعدة: في كل جدول، يُعوَّض كل عدد يقل عن 5 (بما فيه الصفر) بعبارة «أقل من 5»؛ وإن وُجد، يُعوَّض أصغر عدد يساوي 5 أو يفوقه بعبارة «5 فأكثر». وبذلك لا يسمح المجموع المنشور باستنتاج عدد صغير. المساهمات المحجوبة من طرف الإشراف غير محتسبة.
stats-staff-exact = تطّلعون على الأعداد الدقيقة (موظفو الجماعة)؛ يرى العموم الأعداد الصغيرة محجوبة.
stats-download-csv = تحميل الأعداد الدقيقة (CSV)
stats-see-participation = إحصاءات المشاركة
