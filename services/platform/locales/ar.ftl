national-name = انفتاح
national-kind = الفضاء الوطني
national-title = برامج عمل الانفتاح للجماعات الترابية
national-lead = تتبع برامج عمل الانفتاح للجهات والعمالات والأقاليم والجماعات في المغرب، بشفافية، في فضاء واحد.
national-regions = الجهات
national-count-regions = { $n ->
    [zero] لا جهة
    [one] جهة واحدة
    [two] جهتان
    [few] { $n } جهات
    [many] { $n } جهةً
   *[other] { $n } جهة
}
national-count-provinces = { $n ->
    [zero] لا عمالة ولا إقليم
    [one] عمالة أو إقليم واحد
    [two] عمالتان أو إقليمان
    [few] { $n } عمالات وأقاليم
    [many] { $n } عمالةً وإقليمًا
   *[other] { $n } عمالة وإقليم
}
national-count-communes = { $n ->
    [zero] لا جماعة
    [one] جماعة واحدة
    [two] جماعتان
    [few] { $n } جماعات
    [many] { $n } جماعةً
   *[other] { $n } جماعة
}
national-population = السكان (2024)
national-data-credit = المعطيات المرجعية: { $name }
region-communes-of = جماعات { $name }
kind-region = جهة
kind-province = إقليم
kind-prefecture = عمالة
kind-commune = جماعة
nav-home = الرئيسية
nav-national = الفضاء الوطني
nav-language = اللغة
nav-skip = انتقل إلى المحتوى
footer-tagline = انفتاح — منصة برامج عمل الانفتاح للجماعات الترابية
footer-open-government = الحكومة المنفتحة: الشفافية، الولوج إلى المعلومة، المشاركة المواطنة
error-404-title = الصفحة غير موجودة
error-404-detail = لم نعثر على هذه الصفحة. ربما تغير عنوانها أو لم تعد منشورة.
error-403-title = غير مسموح
error-403-detail = لا تتوفرون على صلاحية الولوج إلى هذه الصفحة.
error-429-title = طلبات كثيرة
error-429-detail = المرجو الانتظار قليلا ثم إعادة المحاولة.
error-500-title = حدث خطأ
error-500-detail = تعذر إتمام طلبكم. تم تسجيل الخطأ، المرجو إعادة المحاولة لاحقا.
error-back-home = العودة إلى الرئيسية
nav-sign-in = تسجيل الدخول
nav-sign-out = تسجيل الخروج
nav-account = حسابي

footer-links = روابط
footer-ideas = اطرح فكرتك
footer-workshops = الورشات
footer-open-data = البيانات المفتوحة
footer-api = واجهة البرمجة (API)
