"""The demo's legal texts, in French, Arabic and English.

Written for the demo marketplace, after Moroccan law 31-08 (consumer
protection: information, 7-day withdrawal from delivery) and law 09-08
(personal data, supervised by the CNDP). An operator replaces them with its
lawyers' texts in the CMS; publishing a new version asks for acceptance again.
"""

VERSION = "2026-11-30"

# kind -> language -> (title, slug, body html)
LEGAL_TEXTS = {
    "terms": {
        "fr": (
            "Conditions générales de vente",
            "conditions-generales-de-vente",
            "<h2>Qui vend</h2><p>Chaque article est vendu par l'artisan ou la "
            "coopérative dont le nom figure sur sa page, inscrit au Registre "
            "national de l'artisanat. Maalem exploite la place de marché, encaisse "
            "le paiement pour le compte du vendeur et le lui reverse.</p>"
            "<h2>Prix et paiement</h2><p>Les prix sont indiqués en dirhams (MAD), "
            "toutes taxes comprises ; les frais de livraison de chaque vendeur "
            "sont indiqués avant la commande. Vous payez par carte ou en espèces "
            "à la livraison. Les montants en euros ou en dollars sont indicatifs : "
            "le débit se fait en dirhams.</p>"
            "<h2>Livraison</h2><p>Chaque vendeur expédie sa part de la commande "
            "dans le délai indiqué sur la fiche (délai de fabrication compris pour "
            "les pièces faites sur commande) et vous communique un numéro de "
            "suivi.</p>"
            "<h2>Rétractation, retours et litiges</h2><p>Vous disposez de 7 jours "
            "à compter de la livraison pour vous rétracter (loi 31-08), sauf pour "
            "les pièces personnalisées ; voir la page « Droit de rétractation ». "
            "Un article abîmé ou non conforme est repris ou remboursé. En cas de "
            "désaccord avec le vendeur, Maalem tranche.</p>",
        ),
        "ar": (
            "الشروط العامة للبيع",
            "conditions-generales-de-vente",
            "<h2>من يبيع</h2><p>يبيع كل منتج الصانع أو التعاونية الوارد اسمه في "
            "صفحته، والمسجل في السجل الوطني للصناعة التقليدية. تدير معلم السوق، "
            "وتحصّل الثمن لحساب البائع ثم تحوّله إليه.</p>"
            "<h2>الأسعار والأداء</h2><p>الأسعار بالدرهم المغربي شاملة لجميع "
            "الرسوم، ومصاريف شحن كل بائع معروضة قبل الطلب. تؤدون بالبطاقة أو "
            "نقدًا عند التسليم. المبالغ باليورو أو الدولار تقريبية، والخصم "
            "بالدرهم.</p>"
            "<h2>التسليم</h2><p>يشحن كل بائع حصته من الطلب في الأجل المبين في "
            "صفحة المنتج (بما فيه أجل الصنع للقطع المصنوعة حسب الطلب) ويرسل لكم "
            "رقم التتبع.</p>"
            "<h2>التراجع والإرجاع والنزاعات</h2><p>لكم أجل 7 أيام من تاريخ "
            "التسليم للتراجع (القانون 31.08)، باستثناء القطع المشخصة؛ انظروا "
            "صفحة «حق التراجع». المنتج التالف أو غير المطابق يُسترجع أو يُردّ "
            "ثمنه. وعند الخلاف مع البائع، تفصل معلم في الأمر.</p>",
        ),
        "en": (
            "Terms of sale",
            "conditions-generales-de-vente",
            "<h2>Who sells</h2><p>Each item is sold by the artisan or cooperative "
            "named on its page, listed in the National Register of Crafts. Maalem "
            "runs the marketplace, collects the payment on the seller's behalf and "
            "pays it out to the seller.</p>"
            "<h2>Prices and payment</h2><p>Prices are in Moroccan dirhams (MAD), "
            "all taxes included; each seller's shipping is shown before you "
            "order. You pay by card or in cash on delivery. Amounts in euros or "
            "dollars are approximate: you are charged in dirhams.</p>"
            "<h2>Delivery</h2><p>Each seller ships its part of the order within "
            "the time shown on the product (making time included for made-to-"
            "order pieces) and gives you a tracking number.</p>"
            "<h2>Withdrawal, returns and disputes</h2><p>You have 7 days from "
            "delivery to withdraw (law 31-08), except for personalised pieces; "
            "see the “Right of withdrawal” page. A damaged or not-as-described "
            "item is taken back or refunded. If you and the seller disagree, "
            "Maalem decides.</p>",
        ),
    },
    "withdrawal": {
        "fr": (
            "Droit de rétractation",
            "droit-de-retractation",
            "<p>Conformément à la loi 31-08 édictant des mesures de protection du "
            "consommateur, vous pouvez vous rétracter dans un délai de "
            "<strong>7 jours</strong> à compter de la livraison, sans avoir à "
            "vous justifier ni à payer de pénalité, hors frais de retour. "
            "Certains vendeurs offrent un délai plus long, indiqué sur leur "
            "boutique.</p><p>Les pièces confectionnées selon vos spécifications "
            "(taille, couleurs, inscription) peuvent être exclues par le vendeur ; "
            "cette exclusion ne vaut jamais pour un défaut.</p><p>Pour vous "
            "rétracter, ouvrez votre commande et choisissez « Retourner un "
            "article ». Le remboursement intervient au plus tard 15 jours après "
            "la réception du retour par le vendeur : sur la carte utilisée, ou "
            "par virement sur votre RIB pour un paiement à la livraison.</p>",
        ),
        "ar": (
            "حق التراجع",
            "droit-de-retractation",
            "<p>طبقًا للقانون 31.08 القاضي بتحديد تدابير لحماية المستهلك، يحق "
            "لكم التراجع داخل أجل <strong>7 أيام</strong> من تاريخ التسليم، دون "
            "حاجة إلى تبرير ودون أداء غرامة، باستثناء مصاريف الإرجاع. يمنح بعض "
            "البائعين أجلًا أطول يُذكر في متاجرهم.</p><p>يجوز للبائع استثناء "
            "القطع المصنوعة وفق مواصفاتكم (المقاس، الألوان، النقش)، ولا يسري هذا "
            "الاستثناء أبدًا على العيوب.</p><p>للتراجع، افتحوا طلبكم واختاروا "
            "«إرجاع منتج». يتم رد المبلغ في أجل أقصاه 15 يومًا بعد توصل البائع "
            "بالمنتج المرجَع: على البطاقة المستعملة، أو بتحويل إلى حسابكم البنكي "
            "في حالة الأداء عند التسليم.</p>",
        ),
        "en": (
            "Right of withdrawal",
            "droit-de-retractation",
            "<p>Under law 31-08 on consumer protection, you may withdraw within "
            "<strong>7 days</strong> of delivery, without giving a reason and "
            "without penalty, apart from the cost of returning the item. Some "
            "sellers offer longer, as their shop says.</p><p>Pieces made to your "
            "specifications (size, colours, inscription) may be excluded by the "
            "seller; that exclusion never applies to a defect.</p><p>To withdraw, "
            "open your order and choose “Return an item”. You are refunded at the "
            "latest 15 days after the seller receives the return: on the card you "
            "paid with, or by bank transfer to your RIB for a cash-on-delivery "
            "order.</p>",
        ),
    },
    "privacy": {
        "fr": (
            "Protection des données personnelles",
            "donnees-personnelles",
            "<p>Maalem traite vos données personnelles conformément à la loi "
            "09-08 relative à la protection des personnes physiques à l'égard du "
            "traitement des données à caractère personnel, sous le contrôle de la "
            "CNDP.</p><h2>Ce que nous gardons</h2><p>Votre nom, votre e-mail, vos "
            "adresses et téléphone de livraison, vos commandes, vos messages aux "
            "vendeurs et vos demandes de retour. Pour les vendeurs : le numéro au "
            "Registre national de l'artisanat, le RIB et l'ICE. Nous ne demandons "
            "ni ne conservons jamais de numéro de carte nationale d'identité.</p>"
            "<h2>Pourquoi</h2><p>Pour livrer vos commandes, payer les vendeurs, "
            "tenir la comptabilité que la loi impose et empêcher la fraude. Les "
            "vendeurs ne voient que ce qu'il faut pour expédier ; jamais votre "
            "adresse e-mail.</p><h2>Vos droits</h2><p>Depuis « Mes données "
            "personnelles », vous téléchargez toutes vos données et demandez leur "
            "effacement. Les commandes et factures sont conservées le temps que "
            "la loi impose, anonymisées.</p>",
        ),
        "ar": (
            "حماية المعطيات الشخصية",
            "donnees-personnelles",
            "<p>تعالج معلم معطياتكم الشخصية وفقًا للقانون 09.08 المتعلق بحماية "
            "الأشخاص الذاتيين تجاه معالجة المعطيات ذات الطابع الشخصي، وتحت مراقبة "
            "اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي.</p>"
            "<h2>ما نحتفظ به</h2><p>اسمكم وبريدكم الإلكتروني وعناوين وهاتف "
            "التسليم وطلباتكم ورسائلكم إلى البائعين وطلبات الإرجاع. وبالنسبة "
            "للبائعين: رقم السجل الوطني للصناعة التقليدية والحساب البنكي والمعرف "
            "الموحد للمقاولة. لا نطلب أبدًا رقم البطاقة الوطنية للتعريف ولا "
            "نحتفظ به.</p><h2>لماذا</h2><p>لتسليم طلباتكم، وأداء مستحقات "
            "البائعين، ومسك المحاسبة التي يفرضها القانون، ومنع الاحتيال. لا يرى "
            "البائعون إلا ما يلزم للشحن، ولا يرون بريدكم الإلكتروني أبدًا.</p>"
            "<h2>حقوقكم</h2><p>من صفحة «معطياتي الشخصية» يمكنكم تنزيل جميع "
            "معطياتكم وطلب محوها. تُحفظ الطلبات والفواتير مجهولة الهوية طوال "
            "المدة التي يفرضها القانون.</p>",
        ),
        "en": (
            "Privacy notice",
            "donnees-personnelles",
            "<p>Maalem processes your personal data under law 09-08 on the "
            "protection of individuals with regard to the processing of personal "
            "data, supervised by the CNDP.</p><h2>What we keep</h2><p>Your name, "
            "e-mail, delivery addresses and phone, your orders, your messages to "
            "sellers and your return requests. For sellers: the National Register "
            "of Crafts number, the RIB and the ICE. We never ask for or keep a "
            "national identity card number.</p><h2>Why</h2><p>To deliver your "
            "orders, pay the sellers, keep the accounts the law requires and "
            "prevent fraud. Sellers see only what they need to ship; never your "
            "e-mail address.</p><h2>Your rights</h2><p>From “My personal data” "
            "you download all your data and ask for its deletion. Orders and "
            "invoices are kept, anonymised, for as long as the law requires.</p>",
        ),
    },
    "notice": {
        "fr": (
            "Mentions légales",
            "mentions-legales",
            "<p>Maalem, place de marché de l'artisanat marocain (démonstration). "
            "Exploitant : Maalem SARL, Rabat, Maroc. Directeur de la publication : "
            "le gérant. Hébergement : au Maroc.</p><p>Les vendeurs sont des "
            "artisans et coopératives inscrits au Registre national de "
            "l'artisanat ; leurs pages et produits sont sous leur responsabilité, "
            "revus par les Chambres d'artisanat de leur région.</p>",
        ),
        "ar": (
            "الإشعارات القانونية",
            "mentions-legales",
            "<p>معلم، سوق الصناعة التقليدية المغربية (نسخة تجريبية). المستغل: "
            "شركة معلم ش.م.م، الرباط، المغرب. مدير النشر: المسير. الاستضافة: "
            "بالمغرب.</p><p>البائعون صناع وتعاونيات مسجلون في السجل الوطني "
            "للصناعة التقليدية؛ صفحاتهم ومنتجاتهم على مسؤوليتهم، وتراجعها غرف "
            "الصناعة التقليدية بجهاتهم.</p>",
        ),
        "en": (
            "Legal notices",
            "mentions-legales",
            "<p>Maalem, the marketplace of Moroccan crafts (demonstration). "
            "Operator: Maalem SARL, Rabat, Morocco. Publication director: the "
            "manager. Hosting: in Morocco.</p><p>Sellers are artisans and "
            "cooperatives listed in the National Register of Crafts; their pages "
            "and products are theirs to answer for, reviewed by their region's "
            "Chamber of Crafts.</p>",
        ),
    },
    "seller-terms": {
        "fr": (
            "Conditions des vendeurs",
            "conditions-vendeurs",
            "<p>Pour vendre sur Maalem, vous êtes inscrit au Registre national de "
            "l'artisanat ; la Chambre de votre région vérifie votre inscription. "
            "Vous vendez des pièces faites à la main, décrites fidèlement, au prix "
            "que vous fixez en dirhams.</p><p>Maalem prélève sa commission sur "
            "chaque vente et vous verse le reste par virement, une fois la vente "
            "définitive (livraison effectuée et délai de retour écoulé). Au-delà "
            "du seuil de chiffre d'affaires fixé, votre ICE figure sur vos "
            "factures.</p><p>Vous expédiez dans le délai annoncé, répondez aux "
            "messages et respectez le droit de rétractation de 7 jours.</p>",
        ),
        "ar": (
            "شروط البائعين",
            "conditions-vendeurs",
            "<p>للبيع على معلم، يجب أن تكونوا مسجلين في السجل الوطني للصناعة "
            "التقليدية، وتتحقق غرفة جهتكم من تسجيلكم. تبيعون قطعًا مصنوعة يدويًا، "
            "موصوفة بأمانة، بالثمن الذي تحددونه بالدرهم.</p><p>تقتطع معلم عمولتها "
            "من كل بيع وتحوّل لكم الباقي حين يصبح البيع نهائيًا (بعد التسليم "
            "وانقضاء أجل الإرجاع). وعند تجاوز رقم المعاملات المحدد، يظهر معرفكم "
            "الموحد للمقاولة على فواتيركم.</p><p>تشحنون في الأجل المعلن، وتجيبون "
            "على الرسائل، وتحترمون حق التراجع داخل 7 أيام.</p>",
        ),
        "en": (
            "Seller terms",
            "conditions-vendeurs",
            "<p>To sell on Maalem you are listed in the National Register of "
            "Crafts; your region's Chamber checks your entry. You sell handmade "
            "pieces, described truthfully, at the price you set in dirhams.</p>"
            "<p>Maalem takes its commission on each sale and pays you the rest by "
            "bank transfer once the sale is final (delivered and the return window "
            "past). Above the set turnover threshold, your ICE appears on your "
            "invoices.</p><p>You ship within the time you announce, answer "
            "messages and honour the 7-day right of withdrawal.</p>",
        ),
    },
}
