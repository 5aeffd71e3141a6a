# الرسائل الإلكترونية التي يرسلها العامل. كل معرّف يبدأ بـ "mail-":
# رسائل جميع الخدمات تشترك في حزمة واحدة لكل لغة. $site هو اسم الجماعة.

mail-platform-name = انفتاح
mail-greeting = مرحبًا { $name }،
mail-greeting-anonymous = مرحبًا،
mail-link-hint = إذا لم يعمل الزر، انسخ هذا العنوان في متصفحك:
mail-footer = أُرسلت هذه الرسالة تلقائيًا من { $site } عبر منصة انفتاح. المرجو عدم الرد عليها.

mail-verify-email-subject = تأكيد عنوان بريدك الإلكتروني – { $site }
mail-verify-email-body = شكرًا على تسجيلك في { $site }. لتفعيل حسابك، المرجو تأكيد عنوان بريدك الإلكتروني.
mail-verify-email-action = تأكيد عنواني
mail-verify-email-note = إذا لم تقم بالتسجيل، يمكنك تجاهل هذه الرسالة.

mail-already-registered-subject = محاولة تسجيل بعنوانك – { $site }
mail-already-registered-body = حاول شخص ما (ربما أنت) إنشاء حساب في { $site } بهذا العنوان، وهو مرتبط بحساب موجود من قبل.
mail-already-registered-body2 = يمكنك تسجيل الدخول، أو اختيار كلمة مرور جديدة إن نسيتها.
mail-already-registered-sign-in = تسجيل الدخول
mail-already-registered-reset = إعادة تعيين كلمة المرور
mail-already-registered-note = إذا لم تكن أنت، تجاهل هذه الرسالة: لم يتغير شيء في حسابك.

mail-reset-password-subject = إعادة تعيين كلمة المرور – { $site }
mail-reset-password-body = تلقينا طلبًا لإعادة تعيين كلمة مرور حسابك في { $site }. الرابط صالح لمرة واحدة، ولمدة 30 دقيقة.
mail-reset-password-action = اختيار كلمة مرور جديدة
mail-reset-password-note = إذا لم تطلب ذلك، تجاهل هذه الرسالة: كلمة مرورك لم تتغير.

mail-invitation-subject = دعوة للانضمام إلى فريق { $site }
mail-invitation-body = أنت مدعو للانضمام إلى فريق { $site } على منصة انفتاح بصفة «{ $role }».
mail-invitation-action = قبول الدعوة
mail-invitation-note = إذا لم تكن تنتظر هذه الدعوة، يمكنك تجاهل هذه الرسالة.

mail-change-email-subject = تأكيد عنوانك الجديد – { $site }
mail-change-email-body = أُدخل هذا العنوان بريدًا إلكترونيًا جديدًا لحسابك في { $site }. أكّده لإتمام التغيير.
mail-change-email-action = تأكيد العنوان الجديد
mail-change-email-note = إذا لم تطلب ذلك، تجاهل هذه الرسالة: لن يتغير شيء.

mail-email-changed-subject = تم تغيير عنوان بريدك الإلكتروني – { $site }
mail-email-changed-body = تم تغيير عنوان البريد الإلكتروني لحسابك في { $site }. ستُرسل الرسائل من الآن فصاعدًا إلى العنوان الجديد.
mail-email-changed-note = إذا لم تقم بهذا التغيير، أخبر { $site } فورًا: قد يكون شخص آخر قد ولج إلى حسابك.

mail-password-changed-subject = تم تغيير كلمة مرورك – { $site }
mail-password-changed-body = تم تغيير كلمة مرور حسابك في { $site }.
mail-password-changed-note = إذا لم تقم بذلك، أعد تعيين كلمة مرورك فورًا من صفحة تسجيل الدخول وأخبر { $site }.

mail-role-admin = مدير
mail-role-editor = محرر
mail-role-moderator = مشرف
mail-role-committee = عضو في اللجنة
mail-role-national_manager = مسؤول وطني
mail-role-operator = مشغّل المنصة

## إشعارات ما يتابعه المواطنون. $title عنوان الاستشارة أو المشروع أو البرنامج،
## و$closes تاريخ وساعة بالتوقيت المحلي، و$old و$new نسب مئوية.

mail-unsubscribe = إلغاء الاشتراك في هذه الرسائل
mail-preferences = تدبير إشعاراتي

mail-event-consultation-opened = الاستشارة «{ $title }» مفتوحة إلى غاية { $closes }.
mail-event-consultation-closing = تُختتم الاستشارة «{ $title }» في { $closes }: بقيت أقل من 48 ساعة للمشاركة.
mail-event-official-answer = ردّت { $site } رسميًا على مساهمتك بخصوص «{ $title }».
mail-event-official-answer-untitled = ردّت { $site } رسميًا على مساهمتك.
mail-event-progress-changed = مشروع «{ $title }»: انتقلت نسبة إنجاز النشاط «{ $activity }» من { $old } % إلى { $new } %.
mail-event-programme-adopted = صادق المجلس على البرنامج «{ $title }» بتاريخ { $decided }.

mail-answer-contribution = مساهمتك:
mail-answer-text = الرد:

mail-notify-consultation-opened-subject = استشارة مفتوحة: { $title } – { $site }
mail-notify-consultation-opened-action = المشاركة في الاستشارة
mail-notify-consultation-closing-subject = بقيت 48 ساعة: { $title } – { $site }
mail-notify-consultation-closing-action = شارك قبل الاختتام
mail-notify-official-answer-subject = رد رسمي على مساهمتك – { $site }
mail-notify-official-answer-action = قراءة الرد
mail-notify-progress-changed-subject = تقدم المشروع { $title } – { $site }
mail-notify-progress-changed-action = عرض المشروع
mail-notify-programme-adopted-subject = مصادقة المجلس على البرنامج – { $site }
mail-notify-programme-adopted-action = عرض البرنامج
mail-notify-why-follow = تصلك هذه الرسالة لأنك تتابع هذا المشروع أو برنامج { $site }.
mail-notify-why-account = تصلك هذه الرسالة لأنها تخص حسابك في { $site }.

mail-digest-daily-subject = ملخصك اليومي: { $count ->
    [zero] لا جديد
    [one] خبر واحد
    [two] خبران
    [few] { $count } أخبار
    [many] { $count } خبرًا
   *[other] { $count } خبر
} – { $site }
mail-digest-weekly-subject = ملخصك الأسبوعي: { $count ->
    [zero] لا جديد
    [one] خبر واحد
    [two] خبران
    [few] { $count } أخبار
    [many] { $count } خبرًا
   *[other] { $count } خبر
} – { $site }
mail-digest-daily-intro = إليك ما جرى منذ ملخصك الأخير ({ $count ->
    [zero] لا جديد
    [one] خبر واحد
    [two] خبران
    [few] { $count } أخبار
    [many] { $count } خبرًا
   *[other] { $count } خبر
}).
mail-digest-weekly-intro = إليك ما جرى هذا الأسبوع ({ $count ->
    [zero] لا جديد
    [one] خبر واحد
    [two] خبران
    [few] { $count } أخبار
    [many] { $count } خبرًا
   *[other] { $count } خبر
}).
mail-digest-scope = يخص هذا الملخص { $site } وحدها: حسابك خاص بهذه الجماعة.
mail-digest-more = { $count ->
    [one] خبر آخر ينتظرك في الموقع.
    [two] خبران آخران ينتظرانك في الموقع.
    [few] { $count } أخبار أخرى تنتظرك في الموقع.
    [many] { $count } خبرًا آخر ينتظرك في الموقع.
   *[other] { $count } خبر آخر ينتظرك في الموقع.
}
mail-digest-action = عرض جميع إشعاراتي
mail-digest-daily-why = يصلك هذا الملخص اليومي لأنك اخترته في تفضيلاتك.
mail-digest-weekly-why = يصلك هذا الملخص الأسبوعي لأنك اخترته في تفضيلاتك.

notif-unsubscribe-title = إلغاء الاشتراك
notif-unsubscribe-all = لن تصلك بعد الآن أي رسالة إشعار من هذه الجماعة. تبقى إشعاراتك ظاهرة في الموقع.
notif-unsubscribe-follow = لن تتابع بعد الآن «{ $name }» ولن تصلك رسائل بشأنه.
notif-unsubscribe-confirm = تأكيد إلغاء الاشتراك
notif-unsubscribed-title = تم إلغاء الاشتراك
notif-unsubscribed-body = تم ذلك. يمكنك تغيير رأيك في أي وقت من تفضيلاتك.

notif-inbox-title = إشعاراتي
notif-inbox-link = إشعاراتي
notif-follow-verify-first = لتتبع هذا، أكدوا أولا عنوان بريدكم الإلكتروني بالرابط الذي أرسلناه إليكم.
notif-follow-verify-button = إعادة إرسال رابط التأكيد
notif-preferences-link = التفضيلات
notif-inbox-empty = لا إشعارات حتى الآن. تابع مشروعًا أو البرنامج لتصلك أخباره.
notif-unread-count = { $n ->
    [0] قرأت كل شيء.
    [one] إشعار واحد غير مقروء.
    [two] إشعاران غير مقروءين.
    [few] { $n } إشعارات غير مقروءة.
    [many] { $n } إشعارًا غير مقروء.
   *[other] { $n } إشعار غير مقروء.
}
notif-mark-all-read = تعليم الكل كمقروء
notif-mark-read = تعليم كمقروء
notif-unread = جديد

notif-preferences-title = تفضيلات الإشعارات
notif-preferences-scope = تسري هذه التفضيلات على حسابك في { $name }.
notif-delivery-legend = تلقي الرسائل الإلكترونية
notif-delivery-immediate = فورًا، رسالة لكل خبر
notif-delivery-daily = ملخص واحد في اليوم
notif-delivery-weekly = ملخص واحد في الأسبوع
notif-delivery-off = أبدًا (تبقى الإشعارات ظاهرة في الموقع)
notif-save = حفظ
notif-preferences-saved = تم حفظ تفضيلاتك.
notif-error-delivery = اختر طريقة تلقي الرسائل (خانة «تلقي الرسائل الإلكترونية»).
notif-follows-title = ما أتابعه
notif-follows-empty = لا تتابع أي شيء حتى الآن.
notif-follows-programme = البرنامج كله: { $name }
notif-unfollow = إلغاء المتابعة

notif-invalid-title = طلب غير صالح
notif-error-kind = يجب أن تكون قيمة الخانة «kind» هي «project» أو «programme».
notif-error-id = الخانة «id» ليست معرّفًا صالحًا.

notif-follow-project-label = متابعة هذا المشروع
notif-follow-programme-label = متابعة البرنامج
notif-follow-project = متابعة هذا المشروع
notif-unfollow-project = إلغاء متابعة هذا المشروع
notif-follow-programme = متابعة البرنامج كله
notif-unfollow-programme = إلغاء متابعة البرنامج
notif-follow-project-hint = تصلك استشارات هذا المشروع وتقدمه والقرارات المتعلقة به.
notif-following-project-hint = أنت تتابع هذا المشروع.
notif-follow-programme-hint = تصلك الاستشارات وتقدم جميع المشاريع ومصادقة المجلس على البرنامج.
notif-following-programme-hint = أنت تتابع البرنامج كله.
