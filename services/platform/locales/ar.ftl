national-name = انفتاح
national-kind = الفضاء الوطني
national-population = السكان (2024)
national-data-credit = المعطيات المرجعية: المندوبية السامية للتخطيط، الإحصاء العام للسكان والسكنى 2024 و2014، رخصة CC BY 4.0
kind-region = جهة
kind-province = إقليم
kind-prefecture = عمالة
kind-commune = جماعة
nav-home = الرئيسية
nav-chain = موقعها في التراب الوطني
nav-language = اللغة
nav-skip = انتقل إلى المحتوى
footer-tagline = انفتاح — منصة برامج عمل الانفتاح للجماعات الترابية
footer-open-government = الحكومة المنفتحة: الشفافية، الولوج إلى المعلومة، المشاركة المواطنة
error-404-title = الصفحة غير موجودة
error-404-detail = لم نعثر على هذه الصفحة. ربما تغير عنوانها أو لم تعد منشورة.
error-403-title = غير مسموح
error-403-detail = لا تتوفرون على صلاحية الولوج إلى هذه الصفحة.
error-400-title = تعذرت قراءة العنوان
error-400-detail = العنوان أو ما أُرسل غير سليم. ارجعوا وتابعوا رابطا من روابط الموقع.
error-413-title = الإرسال كبير جدا
error-413-detail = ما أُرسل يتجاوز ما تقبله هذه الاستمارة. اختصروه أو أرسلوا ملفا أصغر.
error-429-title = طلبات كثيرة
error-429-detail = المرجو الانتظار قليلا ثم إعادة المحاولة.
error-500-title = حدث خطأ
error-500-detail = تعذر إتمام طلبكم. تم تسجيل الخطأ، المرجو إعادة المحاولة لاحقا.
error-503-title = الخدمة غير متاحة مؤقتا
error-503-detail = تعذر الوصول إلى قاعدة المعطيات في الوقت المحدد. المرجو إعادة المحاولة بعد قليل.
error-back-home = العودة إلى الرئيسية
nav-sign-in = تسجيل الدخول
nav-sign-out = تسجيل الخروج
nav-account = حسابي

footer-links = روابط
footer-ideas = اطرح فكرتك
footer-workshops = الورشات
footer-open-data = البيانات المفتوحة
footer-api = واجهة البرمجة (API)

## نص مرفوض عند دخوله (كل استمارة أو طلب JSON أو معامل في العنوان)
text-refused-title = تعذر قبول الإرسال
text-not-utf8 = الحقل «{ $field }» ليس نصا صالحا (ترميزه ليس UTF-8). لم يُحفظ أي شيء.
text-control = يحتوي الحقل «{ $field }» على حرف تحكم غير مرئي ({ $code }). احذفه وأعد الإرسال؛ لم يُحفظ أي شيء.
text-bidi = يحتوي الحقل «{ $field }» على حرف تحكم في اتجاه الكتابة ({ $code }) قد يُخفي حقيقته. احذفه وأعد الإرسال؛ لم يُحفظ أي شيء.
api-body-schema = لا يطابق محتوى الطلب المخطط الموثق (حقل ناقص أو من نوع غير صحيح).

# Forms (platform::form): the rules every free-text field shares.
field-required = هذا الحقل إلزامي.
field-too-long = النص طويل جدا: { $n } حرفا على الأكثر.
field-invalid-characters = يتضمن النص رموزا غير مقبولة.

# The site's navigation (base layout).
nav-main = الأقسام
nav-menu = القائمة
nav-backoffice = الإدارة
nav-admin-home = المهام
nav-nation = المغرب
nav-programme = البرنامج
nav-consultations = الاستشارات
nav-ideas = الأفكار
nav-workshops = الورشات
nav-open-data = البيانات المفتوحة
nav-manage = لوحة التتبع الوطني
nav-manage-gap = فارق التقييم
nav-manage-participation = المشاركة
nav-admin-catalogues = المراجع الوطنية
nav-admin-plan = البرنامج
nav-admin-consultations = الاستشارات
nav-admin-ideas = أفكار المواطنين
nav-admin-workshops = الورشات
nav-admin-moderation = الإشراف على التعليقات
nav-admin-evaluations = التتبع والتقييم المشترك
nav-admin-staff = فريق العمل

# Legal pages (#14 §2), linked from every footer
footer-legal = معلومات قانونية
legal-pages = معلومات قانونية
legal-terms = شروط الاستخدام
legal-privacy = المعطيات الشخصية
legal-notice = الإشعار القانوني
legal-accessibility = إمكانية الولوج
legal-contact = اتصل بنا
nav-admin-legal = الصفحات القانونية
form-errors-title = لم يُحفظ النموذج. يُرجى تصحيح ما يلي:
meta-description = { $name }: برنامج عمل الانفتاح، مشاريعه واستشاراته، تُتابَع علنيًا.

# Links between the pages of a long list (platform::pager)
pager-page-of = الصفحة { $page } من { $pages }
pager-first = الأولى
pager-prev = السابقة
pager-next = التالية
pager-last = الأخيرة
