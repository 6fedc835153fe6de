"""The demo's words in Arabic and English, beside the French of `demo_data`.

Each French word or phrase of the demo (a craft, a material, a product's
name, a colour...) maps to its Arabic and English: `(ar, en)`. Written for
these crafts, so that the demo reads as a seller would write; a few products
stay French only (`french_only`), so that the pages' fallback shows.
"""

# Region code -> English name (the French and Arabic are artisans.regions').
REGIONS_EN: dict[str, str] = {
    "01": "Tangier-Tetouan-Al Hoceima",
    "02": "The Oriental",
    "03": "Fez-Meknes",
    "04": "Rabat-Sale-Kenitra",
    "05": "Beni Mellal-Khenifra",
    "06": "Casablanca-Settat",
    "07": "Marrakesh-Safi",
    "08": "Draa-Tafilalet",
    "09": "Souss-Massa",
    "10": "Guelmim-Oued Noun",
    "11": "Laayoune-Sakia El Hamra",
    "12": "Dakhla-Oued Ed-Dahab",
}

# The registry's trades (demo_data.CRAFTS' "trade"), on the verified badge.
TRADES: dict[str, tuple[str, str]] = {
    "Tapis": ("صناعة الزرابي", "Rug weaving"),
    "Zellige": ("الزليج", "Zellige tiling"),
    "Poterie": ("الفخار", "Pottery"),
    "Maroquinerie": ("الدباغة والجلديات", "Leatherwork"),
    "Bois de thuya": ("النجارة بالعرعار", "Thuya woodwork"),
    "Dinanderie": ("النحاسة", "Brass and copper work"),
    "Bijouterie argent": ("صياغة الفضة", "Silversmithing"),
    "Broderie": ("الطرز", "Embroidery"),
    "Vannerie": ("صناعة السلال", "Basketry"),
    "Cosmétique naturelle": ("مستحضرات التجميل الطبيعية", "Natural cosmetics"),
}

# Each category of the breadcrumbs in demo_data.CRAFTS.
CATEGORIES: dict[str, tuple[str, str]] = {
    "Tapis et tissage": ("الزرابي والنسيج", "Rugs and weaving"),
    "Tapis berbères": ("الزرابي الأمازيغية", "Berber rugs"),
    "Zellige et mosaïque": ("الزليج والفسيفساء", "Zellige and mosaic"),
    "Poterie et céramique": ("الفخار والخزف", "Pottery and ceramics"),
    "Maroquinerie": ("الجلديات", "Leather goods"),
    "Bois": ("الخشب", "Wood"),
    "Bois de thuya": ("خشب العرعار", "Thuya wood"),
    "Dinanderie (laiton et cuivre)": (
        "النحاسيات (نحاس أصفر وأحمر)",
        "Brass and copperware",
    ),
    "Bijoux": ("الحلي", "Jewellery"),
    "Bijoux en argent": ("الحلي الفضية", "Silver jewellery"),
    "Textile": ("النسيج", "Textiles"),
    "Broderie": ("الطرز", "Embroidery"),
    "Vannerie": ("صناعة السلال", "Basketry"),
    "Argan et cosmétiques naturels": (
        "الأركان ومستحضرات التجميل الطبيعية",
        "Argan and natural cosmetics",
    ),
}

MATERIALS: dict[str, tuple[str, str]] = {
    "Laine": ("صوف", "Wool"),
    "Coton": ("قطن", "Cotton"),
    "Terre cuite": ("طين مشوي", "Terracotta"),
    "Émail": ("مينا", "Glaze"),
    "Argile": ("طين", "Clay"),
    "Cuir de chèvre": ("جلد الماعز", "Goatskin"),
    "Cuir de vachette": ("جلد البقر", "Cowhide"),
    "Bois de thuya": ("خشب العرعار", "Thuya wood"),
    "Bois de citronnier": ("خشب الليمون", "Lemonwood"),
    "Laiton": ("نحاس أصفر", "Brass"),
    "Cuivre": ("نحاس أحمر", "Copper"),
    "Argent": ("فضة", "Silver"),
    "Corail": ("مرجان", "Coral"),
    "Ambre": ("عنبر", "Amber"),
    "Soie": ("حرير", "Silk"),
    "Lin": ("كتان", "Linen"),
    "Doum (palmier nain)": ("الدوم (النخيل القزم)", "Doum (dwarf palm)"),
    "Raphia": ("رافية", "Raffia"),
    "Alfa": ("الحلفاء", "Esparto grass"),
    "Huile d'argan": ("زيت الأركان", "Argan oil"),
    "Eau de rose": ("ماء الورد", "Rose water"),
    "Savon noir": ("الصابون البلدي", "Black soap"),
    "Ghassoul": ("الغاسول", "Ghassoul clay"),
}

TECHNIQUES: dict[str, tuple[str, str]] = {
    "Nouage à la main": ("عقد يدوي", "Hand-knotted"),
    "Tissage plat (kilim)": ("نسج مسطح (كليم)", "Flat weave (kilim)"),
    "Taille au marteau (menqach)": ("نقش بالمنقاش", "Hammer-cut (menqach)"),
    "Mosaïque montée à la main": ("فسيفساء مركبة يدويا", "Hand-set mosaic"),
    "Tournage": ("تشكيل على الدولاب", "Wheel-thrown"),
    "Peinture à la main": ("رسم يدوي", "Hand-painted"),
    "Tannage végétal": ("دباغة نباتية", "Vegetable tanning"),
    "Couture main": ("خياطة يدوية", "Hand-stitched"),
    "Marqueterie": ("ترصيع", "Marquetry"),
    "Tournage sur bois": ("خراطة الخشب", "Wood turning"),
    "Ciselure": ("نقش", "Chasing"),
    "Repoussé": ("طرق بارز", "Repoussé"),
    "Filigrane": ("تخريم", "Filigree"),
    "Émail cloisonné": ("مينا مقسمة", "Cloisonné enamel"),
    "Niellage": ("تنييل", "Niello"),
    "Broderie de Fès (terz fassi)": ("الطرز الفاسي", "Fez embroidery (terz fassi)"),
    "Broderie de Rabat": ("الطرز الرباطي", "Rabat embroidery"),
    "Sabra": ("الصبرة", "Sabra (cactus silk)"),
    "Tressage": ("ضفر", "Plaiting"),
    "Spirale cousue": ("لف حلزوني مخيط", "Sewn coil"),
    "Pressage à froid": ("عصر على البارد", "Cold-pressed"),
    "Distillation": ("تقطير", "Distillation"),
}

# Craft key -> care instructions.
CARE: dict[str, tuple[str, str]] = {
    "carpets": (
        "تنظف بالمكنسة الكهربائية دون فرشاة دوارة، وتغسل عند مختص مرة في السنة.",
        "Vacuum without a rotating brush; have it professionally cleaned once a year.",
    ),
    "zellige": (
        "يمسح بقطعة قماش مبللة، وتتجنب المواد الحمضية.",
        "Wipe with a damp cloth; avoid acidic cleaners.",
    ),
    "pottery": (
        "يغسل باليد، ويعالج الطاجين قبل أول طهي.",
        "Wash by hand; season the tagine before its first use.",
    ),
    "leather": (
        "يغذى الجلد بشمع طبيعي ويحفظ بعيدا عن الرطوبة.",
        "Feed the leather with a natural wax; keep it away from damp.",
    ),
    "thuya": (
        "يزال عنه الغبار، وقطرة من زيت الأركان تعيد للخشب بريقه.",
        "Dust it; a drop of argan oil brings the wood back to life.",
    ),
    "brass": (
        "يلمع بقطعة قماش ناعمة، والليمون والملح يزيلان الاسوداد.",
        "Polish with a soft cloth; lemon and salt against tarnish.",
    ),
    "jewellery": (
        "يحفظ بعيدا عن الهواء وينظف بمعجون خاص بالفضة.",
        "Store away from the air; clean with a silver paste.",
    ),
    "embroidery": (
        "يغسل باليد بالماء البارد ويكوى على الوجه الخلفي.",
        "Hand wash in cold water; iron on the reverse.",
    ),
    "basketry": (
        "يحفظ في مكان جاف وينفض بفرشاة ناعمة.",
        "Keep dry; dust with a soft brush.",
    ),
    "cosmetics": (
        "يحفظ بعيدا عن الضوء والحرارة.",
        "Store away from light and heat.",
    ),
}

TITLES: dict[str, tuple[str, str]] = {
    "Tapis Beni Ouarain": ("زربية بني وراين", "Beni Ouarain rug"),
    "Tapis Azilal": ("زربية أزيلال", "Azilal rug"),
    "Kilim Zemmour": ("حنبل زمور", "Zemmour kilim"),
    "Tapis Boucherouite": ("زربية البوشروايت", "Boucherouite rag rug"),
    "Tapis Taznakht": ("زربية تازناخت", "Taznakht rug"),
    "Hanbel Glaoui": ("حنبل كلاوي", "Glaoui hanbel"),
    "Table basse en zellige": ("طاولة منخفضة من الزليج", "Zellige coffee table"),
    "Fontaine murale en zellige": ("نافورة حائطية من الزليج", "Zellige wall fountain"),
    "Panneau de zellige étoilé": ("لوحة زليج بنجمة", "Star zellige panel"),
    "Plateau en zellige": ("صينية من الزليج", "Zellige tray"),
    "Vasque en zellige": ("حوض من الزليج", "Zellige basin"),
    "Tajine de Safi peint": ("طاجين آسفي مرسوم", "Painted Safi tagine"),
    "Plat de Fès bleu": ("طبق فاسي أزرق", "Blue Fez dish"),
    "Vase de Tamegroute": ("مزهرية تامكروت", "Tamegroute vase"),
    "Bol en céramique": ("زلافة من الخزف", "Ceramic bowl"),
    "Jarre berbère": ("خابية أمازيغية", "Berber jar"),
    "Service à thé en terre cuite": ("طقم شاي من الطين", "Terracotta tea set"),
    "Babouches en cuir": ("بلغة من الجلد", "Leather babouches"),
    "Sac cabas en cuir": ("قفة من الجلد", "Leather tote bag"),
    "Pouf en cuir brodé": ("بوف جلدي مطرز", "Embroidered leather pouf"),
    "Portefeuille en cuir": ("محفظة من الجلد", "Leather wallet"),
    "Cartable en cuir": ("حقيبة من الجلد", "Leather satchel"),
    "Coffret en thuya marqueté": ("علبة عرعار مرصعة", "Inlaid thuya box"),
    "Boîte à bijoux en thuya": ("علبة حلي من العرعار", "Thuya jewellery box"),
    "Échiquier en thuya": ("رقعة شطرنج من العرعار", "Thuya chessboard"),
    "Plateau en racine de thuya": ("صينية من جذر العرعار", "Thuya burl tray"),
    "Lanterne en laiton ciselé": ("فانوس من النحاس المنقوش", "Chased brass lantern"),
    "Plateau à thé en cuivre": ("صينية شاي من النحاس", "Copper tea tray"),
    "Théière en maillechort": ("براد من المايشور", "Nickel silver teapot"),
    "Suspension ajourée en laiton": (
        "ثريا مخرمة من النحاس",
        "Pierced brass pendant lamp",
    ),
    "Collier berbère en argent": ("قلادة أمازيغية من الفضة", "Berber silver necklace"),
    "Fibule de Tiznit": ("تزرزيت تيزنيت", "Tiznit fibula"),
    "Bracelet en argent émaillé": ("دملج فضي بالمينا", "Enamelled silver bracelet"),
    "Boucles d'oreilles en filigrane": ("أقراط مخرمة", "Filigree earrings"),
    "Croix du Sud en argent": ("صليب الجنوب من الفضة", "Southern Cross in silver"),
    "Nappe brodée de Fès": ("مفرش مائدة بالطرز الفاسي", "Fez embroidered tablecloth"),
    "Coussin brodé": ("وسادة مطرزة", "Embroidered cushion"),
    "Caftan brodé main": ("قفطان مطرز باليد", "Hand-embroidered caftan"),
    "Serviettes brodées": ("مناشف مطرزة", "Embroidered napkins"),
    "Panier en doum": ("سلة من الدوم", "Doum palm basket"),
    "Chapeau de Chefchaouen": ("قبعة شفشاون", "Chefchaouen hat"),
    "Corbeille tressée": ("سلة مضفورة", "Woven basket"),
    "Couffin en raphia": ("قفة من الرافية", "Raffia basket bag"),
    "Huile d'argan cosmétique": ("زيت الأركان التجميلي", "Cosmetic argan oil"),
    "Huile d'argan alimentaire": ("زيت الأركان الغذائي", "Culinary argan oil"),
    "Eau de rose du Dadès": ("ماء ورد دادس", "Dades rose water"),
    "Savon noir à l'eucalyptus": ("صابون بلدي بالكاليتوس", "Eucalyptus black soap"),
    "Ghassoul de l'Atlas": ("غاسول الأطلس", "Atlas ghassoul clay"),
}

# Colours as they follow a product's name: Arabic "in ... colour".
COLOURS: dict[str, tuple[str, str]] = {
    "écru": ("بلون عاجي", "ecru"),
    "indigo": ("بلون نيلي", "indigo"),
    "safran": ("بلون زعفراني", "saffron"),
    "rouge de Fès": ("بالأحمر الفاسي", "Fez red"),
    "vert de Tamegroute": ("بأخضر تامكروت", "Tamegroute green"),
    "ocre": ("بلون المغرة", "ochre"),
    "noir": ("بلون أسود", "black"),
    "naturel": ("بلون طبيعي", "natural"),
    "bleu Majorelle": ("بأزرق ماجوريل", "Majorelle blue"),
    "rose des sables": ("بلون وردة الرمال", "desert rose"),
}

ADJECTIVES: dict[str, tuple[str, str]] = {
    "traditionnel": ("تقليدي", "traditional"),
    "fait main": ("مصنوع يدويا", "handmade"),
    "signé": ("يحمل توقيع الصانع", "signed by its maker"),
    "ancien modèle": ("على الطراز القديم", "in the old style"),
    "contemporain": ("بتصميم معاصر", "contemporary"),
    "d'atelier": ("من إنتاج الورشة", "workshop-made"),
    "grand modèle": ("بحجم كبير", "large size"),
    "petit modèle": ("بحجم صغير", "small size"),
    "édition fête": ("إصدار الأعياد", "festive edition"),
    "classique": ("كلاسيكي", "classic"),
}

PRODUCT_CLASSES: dict[str, tuple[str, str]] = {
    "Tapis": ("زرابي", "Rugs"),
    "Bijou": ("حلي", "Jewellery"),
    "Maroquinerie": ("جلديات", "Leather goods"),
    "Textile": ("نسيج", "Textiles"),
    "Cosmétique": ("مستحضرات تجميل", "Cosmetics"),
    "Artisanat": ("صناعة تقليدية", "Crafts"),
}

ATTRIBUTES: dict[str, tuple[str, str]] = {
    "Dimensions": ("المقاسات", "Dimensions"),
    "Hauteur du velours": ("ارتفاع الوبر", "Pile height"),
    "Laine": ("الصوف", "Wool"),
    "Nœuds au dm²": ("عدد العقد في الدسيمتر المربع", "Knots per dm²"),
    "Métal": ("المعدن", "Metal"),
    "Poinçon": ("الدمغة", "Hallmark"),
    "Poids de métal (g)": ("وزن المعدن (غ)", "Metal weight (g)"),
    "Cuir": ("الجلد", "Leather"),
    "Couleur": ("اللون", "Colour"),
    "Pointure": ("المقاس", "Shoe size"),
    "Tissu": ("القماش", "Fabric"),
    "Taille": ("المقاس", "Size"),
    "Contenance (ml)": ("السعة (مل)", "Volume (ml)"),
    "Certifié bio": ("عضوي معتمد", "Certified organic"),
}

OPTIONS: dict[str, tuple[str, str]] = {
    "Ras (moins de 1 cm)": ("قصير (أقل من 1 سم)", "Low (under 1 cm)"),
    "Moyen (1 à 2 cm)": ("متوسط (من 1 إلى 2 سم)", "Medium (1 to 2 cm)"),
    "Haut (2 cm et plus)": ("عال (2 سم فأكثر)", "High (2 cm and more)"),
    "Laine vierge de l'Atlas": ("صوف الأطلس الخام", "Virgin Atlas wool"),
    "Laine teinte aux pigments naturels": (
        "صوف مصبوغ بألوان طبيعية",
        "Naturally dyed wool",
    ),
    "Laine et coton recyclés": ("صوف وقطن معاد تدويرهما", "Recycled wool and cotton"),
    "Argent 925": ("فضة 925", "925 silver"),
    "Argent ancien": ("فضة قديمة", "Antique silver"),
    "Maillechort": ("المايشور", "Nickel silver"),
    "Laiton doré": ("نحاس مذهب", "Gilded brass"),
    "Chèvre": ("ماعز", "Goat"),
    "Vachette": ("بقر", "Cowhide"),
    "Dromadaire": ("جمل", "Camel"),
    "Naturel": ("طبيعي", "Natural"),
    "Noir": ("أسود", "Black"),
    "Rouge": ("أحمر", "Red"),
    "Safran": ("زعفراني", "Saffron"),
    "Indigo": ("نيلي", "Indigo"),
    "Coton": ("قطن", "Cotton"),
    "Soie": ("حرير", "Silk"),
    "Lin": ("كتان", "Linen"),
}


PRODUCT_TEXT_FIELDS = (
    "title_ar",
    "title_en",
    "description_ar",
    "description_en",
    "technique_ar",
    "technique_en",
    "care_instructions_ar",
    "care_instructions_en",
)


def french_only(i: int) -> bool:
    """One demo product in ten is written in French only (its fallback shows)."""
    return i % 10 == 7


def product_texts(
    i: int,
    *,
    base: str,
    colour: str,
    adjective: str,
    technique: str,
    craft_key: str,
    seller_name: str,
    region_code: str,
    region_name_ar: str,
) -> dict[str, str]:
    """The Arabic and English texts of demo product `i` (none if French only)."""
    if french_only(i):
        return {}
    title_ar = f"{TITLES[base][0]} {COLOURS[colour][0]}"
    title_en = f"{TITLES[base][1]}, {COLOURS[colour][1]}"
    technique_ar, technique_en = TECHNIQUES[technique]
    adjective_ar, adjective_en = ADJECTIVES[adjective]
    care_ar, care_en = CARE[craft_key]
    return {
        "title_ar": title_ar,
        "title_en": title_en,
        "description_ar": (
            f"{title_ar}، {adjective_ar}، من صنع {seller_name} ({region_name_ar}). "
            f"التقنية: {technique_ar}."
        ),
        "description_en": (
            f"{title_en}, {adjective_en}, made by {seller_name} "
            f"({REGIONS_EN[region_code]}). Technique: {technique_en.lower()}."
        ),
        "technique_ar": technique_ar,
        "technique_en": technique_en,
        "care_instructions_ar": care_ar,
        "care_instructions_en": care_en,
    }
