# Consultation: comments, moderation, answers (ar)
cons-title = الاستشارة
cons-open-until = الاستشارة مفتوحة إلى غاية { $date }
cons-opens-on = تنطلق الاستشارة يوم { $date }
cons-closed = انتهت فترة الاستشارة ({ $month })
cons-datetime = { $date } على الساعة { $time }
cons-count-label = عدد التعليقات
cons-count-value = { $n ->
    [zero] صفر
    [one] تعليق واحد
    [two] تعليقان
    [few] { $n } تعليقات
    [many] { $n } تعليقًا
   *[other] { $n } تعليق
}
cons-comments = { $n ->
    [zero] لا تعليقات
    [one] تعليق واحد
    [two] تعليقان
    [few] { $n } تعليقات
    [many] { $n } تعليقًا
   *[other] { $n } تعليق
}
cons-no-comments = لا توجد تعليقات بعد.
cons-comments-heading = التعليقات
cons-profile = الصفة
cons-age = الفئة العمرية
cons-required = (إجباري)
cons-choose = — اختر —
cons-body = تعليقك
cons-body-hint = نص عادي، 2000 حرف على الأكثر. تظهر الروابط كنص عادي.
cons-form-title = أضف تعليقك
cons-submit = نشر التعليق
cons-reply = ردّ
cons-reply-title = الرد على هذا التعليق
cons-reply-body = ردّك
cons-reply-submit = نشر الرد
cons-replies = الردود
cons-sign-in = سجّل الدخول للمشاركة في الاستشارة
cons-sign-in-why = التعليق متاح للمواطنين المسجلين الذين أكدوا عنوان بريدهم الإلكتروني.
cons-unverified = أكّد عنوان بريدك الإلكتروني لتتمكن من التعليق.
cons-form-closed = التعليقات مغلقة: انتهت فترة الاستشارة.
cons-form-upcoming = يُفتح باب التعليق عند انطلاق الاستشارة.
cons-workshop = مساهمة مجمّعة خلال ورشة: { $name }
cons-deleted-author = حساب محذوف
cons-hidden = أخفاه الإشراف — السبب: { $name }
cons-hidden-body = النص المخفي (يراه المشرفون فقط)
cons-reason-spam = رسائل مزعجة
cons-reason-abuse = إساءة أو تحريض
cons-reason-personal-data = معطيات شخصية
cons-reason-off-topic = خارج الموضوع
cons-reason-other = سبب آخر
cons-answer-by = جواب رسمي باسم { $name }
cons-flag = تبليغ
cons-flag-title = التبليغ عن هذه المساهمة للمشرفين
cons-flagged = تم التبليغ
cons-hide = إخفاء
cons-restore = إظهار من جديد
cons-reason = السبب
cons-note = ملاحظة للسجل (اختيارية)
cons-answer = جواب رسمي باسم الجماعة
cons-answer-submit = نشر الجواب الرسمي
cons-moderate = الإشراف
cons-open-page = صفحة الاستشارة
cons-errors-summary = تعذّر نشر تعليقك. يرجى تصحيح ما يلي:
cons-error-profile-required = المرجو اختيار الصفة.
cons-error-profile-unknown = هذه الصفة غير موجودة في اللائحة.
cons-error-age-required = المرجو اختيار الفئة العمرية.
cons-error-age-unknown = هذه الفئة العمرية غير موجودة في اللائحة.
cons-error-body-empty = المرجو كتابة نص التعليق.
cons-error-too-long = لا يمكن أن يتجاوز النص { $n } حرف.
cons-error-invalid-characters = يحتوي النص على رموز غير مقبولة.
cons-error-duplicate = سبق أن نشرت هذا التعليق نفسه قبل قليل.
cons-error-parent = لا يمكن الرد إلا على تعليق رئيسي من هذه الاستشارة.
cons-error-closed = انتهت فترة الاستشارة: لم يعد بالإمكان التعليق.
cons-error-not-open = لم تنطلق الاستشارة بعد: لا يمكن التعليق الآن.
cons-error-throttled = نشرت تعليقات كثيرة في وقت قصير. المرجو المحاولة بعد دقيقة.
cons-error-reason = المرجو اختيار السبب.
cons-error-answer-empty = المرجو كتابة نص الجواب.
cons-home-title = الاستشارة العمومية حول مشروع برنامج العمل
cons-home-link = اطّلع وشارك
cons-home-link-closed = الاطلاع على التعليقات
cons-back-project = العودة إلى المشروع
cons-back-home = العودة إلى البرنامج
cons-state-open = مفتوحة
cons-state-upcoming = مبرمجة
cons-state-closed = منتهية
cons-admin-title = الاستشارات
cons-admin-intro = تُحدد مواعيد الافتتاح والاختتام بالتوقيت المحلي للجماعة ({ $name })، ويقرر الخادم عند كل طلب ما إذا كانت الاستشارة مفتوحة.
cons-admin-new = استشارة جديدة
cons-admin-edit = تعديل الاستشارة
cons-admin-scope = موضوع الاستشارة
cons-admin-scope-programme = مشروع برنامج العمل كاملا
cons-admin-title-ar = العنوان بالعربية
cons-admin-title-fr = العنوان بالفرنسية
cons-admin-description-ar = التقديم بالعربية
cons-admin-description-fr = التقديم بالفرنسية
cons-admin-opens = الافتتاح (التاريخ والوقت)
cons-admin-closes = الاختتام (التاريخ والوقت)
cons-admin-tz-hint = بالتوقيت المحلي: { $name }
cons-admin-save = حفظ
cons-admin-create = إنشاء الاستشارة
cons-admin-window = الفترة
cons-admin-state = الحالة
cons-admin-comments = التعليقات
cons-admin-public-page = الصفحة العمومية
cons-admin-none = لا توجد أي استشارة بعد.
cons-admin-no-programme = لا يوجد برنامج عمل بعد: أنشئ البرنامج أولا.
cons-admin-saved = تم الحفظ.
cons-admin-back = العودة إلى لائحة الاستشارات
cons-admin-plan = برنامج العمل
cons-error-datetime = أدخل تاريخا ووقتا صالحين (مثال: 2021-05-31 23:59).
cons-error-closes-first = يجب أن يأتي الاختتام بعد الافتتاح.
cons-error-title-required = استشارة البرنامج تحتاج إلى عنوان بلغة واحدة على الأقل.
cons-error-project = هذا المشروع غير موجود في برنامج الجماعة.
cons-mod-title = الإشراف على المساهمات
cons-mod-flagged = مساهمات مُبلَّغ عنها
cons-mod-flags = { $n ->
    [zero] لا تبليغ
    [one] تبليغ واحد
    [two] تبليغان
    [few] { $n } تبليغات
    [many] { $n } تبليغًا
   *[other] { $n } تبليغ
}
cons-mod-none = لا توجد مساهمة مبلَّغ عنها.
cons-mod-hidden = مساهمات مخفية
cons-mod-hidden-none = لا توجد مساهمة مخفية.
cons-mod-log = سجل الإشراف
cons-mod-log-none = لم يُتخذ أي قرار بعد.
cons-mod-dismiss = الإبقاء عليها
cons-mod-view = عرض
cons-mod-item = المساهمة
cons-mod-author = الكاتب
cons-mod-when = التاريخ
cons-mod-by = المشرف
cons-mod-action = القرار
cons-mod-decide = القرار
cons-kind-comment = تعليق
cons-kind-idea = فكرة
cons-action-hide = إخفاء
cons-action-restore = إظهار
cons-action-dismiss = إبقاء
cons-admin-back-form = العودة
cons-none = لا توجد استشارة حول هذا المشروع حاليا.
cons-kind-project = مشروع
cons-no-comments-closed = لم يُنشر أي تعليق خلال هذه الاستشارة.

# Pages of a consultation's threads.
cons-pages = صفحات التعليقات

## What authors do with what they wrote (authors.rs)
cons-edited = (معدَّل)
cons-withdrawn = سحبه صاحبه.
cons-withdrawn-body = النص المسحوب (للمشرفين)
cons-versions = { $n ->
    [zero] لا صيغ سابقة
    [one] صيغة سابقة واحدة (للمشرفين)
    [two] صيغتان سابقتان (للمشرفين)
    [few] { $n } صيغ سابقة (للمشرفين)
    [many] { $n } صيغة سابقة (للمشرفين)
   *[other] { $n } صيغة سابقة (للمشرفين)
}
cons-manage-own = تعديل أو سحب
idea-manage-own = تعديل فكرتي أو سحبها
idea-withdrawn-title = فكرة سحبها صاحبها
own-comment-title = تعليقي
own-idea-title = فكرتي
own-back = العودة إلى النص
own-edit-lead = سيظهر بجانب النص أنه عُدِّل؛ وتحتفظ الجماعة بالصيغة السابقة لا يطلع عليها إلا المشرفون.
own-field-body = النص
own-save = حفظ التعديل
own-frozen-comment = لم يعد تعديل هذا التعليق ممكنًا: أُغلقت الاستشارة أو أجابت عنه الجماعة. يمكنكم مع ذلك سحبه.
own-frozen-idea = لم يعد تعديل هذه الفكرة ممكنًا: درستها الجماعة أو أجابت عنها. يمكنكم مع ذلك سحبها.
own-frozen-hidden = حجب المشرفون هذا النص، فلا يمكن تعديله. يمكنكم مع ذلك سحبه.
own-withdraw-title = السحب
own-withdraw-lead = بعد السحب يظهر مكان النص «سحبه صاحبه»، ويُستبعد من القوائم والإحصاءات. يحتفظ المشرفون بسجله. لا يمكن التراجع عن السحب.
own-withdraw = سحب النص

cons-list-title = الاستشارات العمومية
cons-list-lead = كل ما تعرضه الجماعة على التشاور: مشروع برنامج العمل ومشاريعه. الاستشارات المفتوحة أولا.
cons-list-none = لا توجد استشارة منشورة بعد.

# Why the comment form asks for a profile and an age bracket (#14 §2)
cons-profile-why = يُنشر اسمكم مع تعليقكم. تُستعمل صفتكم وفئتكم العمرية لبيان من شارك: لا تُنشر إلا في شكل أعداد، ولا تُنشر أبدًا لأقل من 5 أشخاص.

# The staff's home (#14 §7)
staff-task-flagged = { $n ->
    [one] مساهمة واحدة مبلَّغ عنها تنتظر المراجعة
    [two] مساهمتان مبلَّغ عنهما تنتظران المراجعة
    [few] { $n } مساهمات مبلَّغ عنها تنتظر المراجعة
    [many] { $n } مساهمةً مبلَّغًا عنها تنتظر المراجعة
   *[other] { $n } مساهمة مبلَّغ عنها تنتظر المراجعة
}
staff-task-ideas = { $n ->
    [one] فكرة واحدة تنتظر جوابًا
    [two] فكرتان تنتظران جوابًا
    [few] { $n } أفكار تنتظر جوابًا
    [many] { $n } فكرةً تنتظر جوابًا
   *[other] { $n } فكرة تنتظر جوابًا
}
staff-task-sent = أُرسلت في { $name }
staff-task-opening = { $n ->
    [one] استشارة واحدة تُفتح خلال الأيام السبعة القادمة
    [two] استشارتان تُفتحان خلال الأيام السبعة القادمة
    [few] { $n } استشارات تُفتح خلال الأيام السبعة القادمة
    [many] { $n } استشارةً تُفتح خلال الأيام السبعة القادمة
   *[other] { $n } استشارة تُفتح خلال الأيام السبعة القادمة
}
staff-task-closing = { $n ->
    [one] استشارة واحدة تُغلق خلال الأيام السبعة القادمة
    [two] استشارتان تُغلقان خلال الأيام السبعة القادمة
    [few] { $n } استشارات تُغلق خلال الأيام السبعة القادمة
    [many] { $n } استشارةً تُغلق خلال الأيام السبعة القادمة
   *[other] { $n } استشارة تُغلق خلال الأيام السبعة القادمة
}
staff-task-opens = تُفتح في { $name }
staff-task-closes = تُغلق في { $name }

# What a save says (#14 §6): ?saved=<what>
saved-idea-accepted = اعتُمدت الفكرة.
saved-idea-merged = دُمجت الفكرة في المشروع.
saved-workshop = أُنشئت الورشة.
saved-flagged = شكرًا: أُرسل تبليغك إلى المشرفين.
saved-hidden = أُخفيت المساهمة، وسُجّل القرار في سجل الإشراف.
saved-restored = أُعيد عرض المساهمة، وسُجّل القرار في سجل الإشراف.
saved-dismissed = رُفضت التبليغات: تبقى المساهمة معروضة.
saved-answered = نُشر الجواب الرسمي تحت المساهمة.
