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
