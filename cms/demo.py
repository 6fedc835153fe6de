"""The demo's pages: a home page with promotions, a fairs index and a fair.

Built in French, then translated into Arabic and English with Wagtail's
localisation, so each language has its own published tree.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from artisans.selectors import product_queryset_public

from .models import FairIndexPage, FairPage, HomePage

TEXT = {
    "fr": {
        "home": "Accueil",
        "hero": "L'artisanat marocain, directement des artisans",
        "hero_text": (
            "Des milliers de pièces faites main par des artisans et coopératives "
            "inscrits au Registre National de l'Artisanat."
        ),
        "hero_button": "Découvrir le catalogue",
        "promotions": "En ce moment",
        "promo": [
            (
                "Tapis de l'Atlas",
                "Les tapis noués à la main d'Azilal et de Beni Ouarain.",
            ),
            ("Salon de l'artisanat", "Les exposants de la région Marrakech-Safi."),
            ("Argan de Souss-Massa", "L'or liquide des coopératives de femmes."),
        ],
        "featured": "Coups de cœur",
        "shops": "Ateliers à découvrir",
        "fairs": "Salons et expositions",
        "fairs_index": "Salons et expositions",
        "fair": "Salon régional de l'artisanat de Marrakech",
        "fair_text": "<p>Le rendez-vous des artisans de la région Marrakech-Safi.</p>",
    },
    "ar": {
        "home": "الرئيسية",
        "hero": "الصناعة التقليدية المغربية مباشرة من الصناع",
        "hero_text": "آلاف القطع المصنوعة يدويا من طرف صناع وتعاونيات مسجلين في السجل "
        "الوطني للصناعة التقليدية.",
        "hero_button": "اكتشف الكتالوج",
        "promotions": "حاليا",
        "promo": [
            ("زرابي الأطلس", "زرابي معقودة يدويا من أزيلال وبني وراين."),
            ("معرض الصناعة التقليدية", "عارضو جهة مراكش آسفي."),
            ("أركان سوس ماسة", "الذهب السائل من تعاونيات النساء."),
        ],
        "featured": "اختياراتنا",
        "shops": "ورشات للاكتشاف",
        "fairs": "المعارض",
        "fairs_index": "المعارض",
        "fair": "المعرض الجهوي للصناعة التقليدية بمراكش",
        "fair_text": "<p>موعد صناع جهة مراكش آسفي.</p>",
    },
    "en": {
        "home": "Home",
        "hero": "Moroccan crafts, straight from the artisans",
        "hero_text": (
            "Thousands of handmade pieces by artisans and cooperatives listed in "
            "the National Register of Crafts."
        ),
        "hero_button": "Browse the catalogue",
        "promotions": "Right now",
        "promo": [
            ("Atlas carpets", "Hand-knotted carpets from Azilal and Beni Ouarain."),
            ("Crafts fair", "Exhibitors from the Marrakech-Safi region."),
            ("Souss-Massa argan", "Liquid gold from women's cooperatives."),
        ],
        "featured": "Our favourites",
        "shops": "Workshops to discover",
        "fairs": "Fairs and exhibitions",
        "fairs_index": "Fairs and exhibitions",
        "fair": "Marrakech regional crafts fair",
        "fair_text": "<p>Where the Marrakech-Safi region's artisans meet.</p>",
    },
}


def _home_body(lang, product_ids, seller_ids):
    t = TEXT[lang]
    return [
        {
            "type": "hero",
            "value": {
                "title": t["hero"],
                "text": t["hero_text"],
                "image": None,
                "link_text": t["hero_button"],
                "link_url": f"/{lang}/catalogue/",
            },
        },
        {
            "type": "promotions",
            "value": {
                "title": t["promotions"],
                "items": [
                    {"title": title, "text": text, "link_url": f"/{lang}/catalogue/"}
                    for title, text in t["promo"]
                ],
            },
        },
        {
            "type": "featured_products",
            "value": {"title": t["featured"], "products": product_ids},
        },
        {
            "type": "featured_shops",
            "value": {"title": t["shops"], "sellers": seller_ids},
        },
        {"type": "upcoming_fairs", "value": {"title": t["fairs"], "count": 3}},
    ]


@transaction.atomic
def demo_seed_pages(*, sellers, owner, created):
    """Create the pages that are missing, in French and then their translations."""
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in TEXT
    }
    product_ids = list(
        product_queryset_public()
        .order_by("-popularity")
        .values_list("pk", flat=True)[:8]
    )
    seller_ids = [s.pk for s in sellers[:4]]
    exhibitors = [s for s in sellers if s.region.code == "07"][:6] or sellers[:6]

    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.filter(locale=locales["fr"]).first()
    if home is None:
        home = HomePage(
            title=TEXT["fr"]["home"],
            slug="accueil",
            locale=locales["fr"],
            body=_home_body("fr", product_ids, seller_ids),
            owner=owner,
        )
        Page.get_first_root_node().add_child(instance=home)
        _publish(home, owner, created)
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome" page, made by its migrations, has no place here.
        if not old_root.get_children().exists():
            old_root.delete()

    fairs = FairIndexPage.objects.filter(locale=locales["fr"]).first()
    if fairs is None:
        fairs = FairIndexPage(
            title=TEXT["fr"]["fairs_index"], slug="salons", owner=owner
        )
        home.add_child(instance=fairs)
        _publish(fairs, owner, created)

    fair = FairPage.objects.filter(locale=locales["fr"]).first()
    if fair is None:
        start = timezone.localdate() + timedelta(days=21)
        fair = FairPage(
            title=TEXT["fr"]["fair"],
            slug="salon-artisanat-marrakech",
            start_date=start,
            end_date=start + timedelta(days=5),
            venue="Palais des congrès",
            city="Marrakech",
            country="Maroc",
            region=exhibitors[0].region,
            description=TEXT["fr"]["fair_text"],
            owner=owner,
        )
        fair.exhibitors = exhibitors
        fairs.add_child(instance=fair)
        _publish(fair, owner, created)

    for lang in ("ar", "en"):
        t = TEXT[lang]
        if home.get_translation_or_none(locales[lang]) is None:
            home_tr = home.copy_for_translation(locales[lang])
            home_tr.title = t["home"]
            home_tr.body = _home_body(lang, product_ids, seller_ids)
            _publish(home_tr, owner, created)
        if fairs.get_translation_or_none(locales[lang]) is None:
            fairs_tr = fairs.copy_for_translation(locales[lang])
            fairs_tr.title = t["fairs_index"]
            _publish(fairs_tr, owner, created)
        if fair.get_translation_or_none(locales[lang]) is None:
            fair_tr = fair.copy_for_translation(locales[lang])
            fair_tr.title = t["fair"]
            fair_tr.description = t["fair_text"]
            fair_tr.exhibitors = exhibitors
            _publish(fair_tr, owner, created)


def _publish(page, owner, created):
    page.save_revision(user=owner).publish(user=owner)
    created["pages"] = created.get("pages", 0) + 1
