"""The demo's pages: home, fairs, the regions' spaces, a collection, news.

Built in French, then translated into Arabic and English with Wagtail's
localisation, so each language has its own published tree.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from artisans.models import Chamber
from catalogue.selectors import product_queryset_public
from marketplace.accounts.demo import DEMO_DOMAIN, demo_mfa_setup, demo_password_hash

from .legal_texts import LEGAL_TEXTS
from .legal_texts import VERSION as LEGAL_VERSION
from .models import (
    CollectionProduct,
    FairExhibitor,
    FairFeaturedProduct,
    FairIndexPage,
    FairPage,
    HomePage,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    RegionalCollectionPage,
    RegionIndexPage,
    RegionPage,
)
from .services import chamber_cms_setup, chamber_spaces_setup

FAIR_SLUG = "salon-artisanat-marrakech"
COLLECTION_SLUG = "tresors-de-marrakech-safi"
NEWS_SLUG = "le-salon-de-marrakech-ouvre"

TEXT = {
    "fr": {
        "collections": "Collections des régions",
        "regions": "Les régions",
        "news_index": "Actualités",
        "collection": "Trésors de Marrakech-Safi",
        "collection_intro": "La sélection de la Chambre : -15 % pendant le salon.",
        "collection_story": (
            "<p>Des dinandiers de la médina aux potiers de Safi, la Chambre "
            "d'artisanat de Marrakech-Safi a choisi les pièces de ses artisans.</p>"
        ),
        "news": "Le salon régional de Marrakech ouvre ses portes",
        "news_intro": "Les exposants de la région Marrakech-Safi vous attendent.",
        "news_body": (
            "<p>Rendez-vous au Palais des congrès pour rencontrer les artisans.</p>"
        ),
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
        "collections": "مجموعات الجهات",
        "regions": "الجهات",
        "news_index": "الأخبار",
        "collection": "كنوز مراكش آسفي",
        "collection_intro": "اختيار الغرفة: تخفيض 15٪ خلال المعرض.",
        "collection_story": (
            "<p>من نحاسيي المدينة إلى فخاريي آسفي، اختارت الغرفة قطع صناعها.</p>"
        ),
        "news": "المعرض الجهوي بمراكش يفتح أبوابه",
        "news_intro": "عارضو جهة مراكش آسفي في انتظاركم.",
        "news_body": "<p>موعدنا في قصر المؤتمرات للقاء الصناع.</p>",
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
        "collections": "Regional collections",
        "regions": "The regions",
        "news_index": "News",
        "collection": "Treasures of Marrakech-Safi",
        "collection_intro": "The chamber's selection: 15 % off during the fair.",
        "collection_story": (
            "<p>From the medina's coppersmiths to Safi's potters, the Marrakech-Safi "
            "chamber chose its artisans' finest pieces.</p>"
        ),
        "news": "The Marrakech regional fair opens its doors",
        "news_intro": "Exhibitors from the Marrakech-Safi region are waiting for you.",
        "news_body": "<p>Meet the artisans at the Palais des congrès.</p>",
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
        {
            "type": "regional_collections",
            "value": {"title": t["collections"], "collections": [], "count": 3},
        },
    ]


@transaction.atomic
def demo_seed_pages(*, sellers, owner, created):
    """Create the pages that are missing, in French and then their translations.

    Then the chambers' groups, permissions and workflows (idempotent), with
    each chamber's staff as its editors and one demo moderator per chamber.
    """
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
    region = exhibitors[0].region

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

    fairs = _child(home, FairIndexPage, owner, created, "fairs_index", "salons")
    news_index = _child(home, NewsIndexPage, owner, created, "news_index", "actualites")
    region_index = _child(home, RegionIndexPage, owner, created, "regions", "regions")
    for lang in ("ar", "en"):
        t = TEXT[lang]
        if home.get_translation_or_none(locales[lang]) is None:
            home_tr = home.copy_for_translation(locales[lang])
            home_tr.title = t["home"]
            home_tr.body = _home_body(lang, product_ids, seller_ids)
            _publish(home_tr, owner, created)
        for page, title in (
            (fairs, t["fairs_index"]),
            (news_index, t["news_index"]),
            (region_index, t["regions"]),
        ):
            _translate(page, locales[lang], {"title": title}, owner, created)
    _legal_pages(home, locales, owner, created)
    # Each region's space in each language, and the chambers' groups and
    # workflows: what `manage.py setup_chamber_spaces` does outside the demo.
    created["pages"] = created.get("pages", 0) + chamber_spaces_setup(owner=owner)
    region_page = RegionPage.objects.child_of(region_index).get(region=region)

    fair = FairPage.objects.filter(locale=locales["fr"], slug=FAIR_SLUG).first()
    if fair is None:
        start = timezone.localdate() + timedelta(days=21)
        fair = FairPage(
            title=TEXT["fr"]["fair"],
            slug=FAIR_SLUG,
            start_date=start,
            end_date=start + timedelta(days=5),
            venue="Palais des congrès",
            city="Marrakech",
            country="Maroc",
            region=region,
            description=TEXT["fr"]["fair_text"],
            owner=owner,
        )
        fair.exhibitor_links = [FairExhibitor(seller=seller) for seller in exhibitors]
        fair.featured_product_links = [
            FairFeaturedProduct(product=product)
            for product in _products_of(exhibitors, 4)
        ]
        fairs.add_child(instance=fair)
        _publish(fair, owner, created)

    collection = RegionalCollectionPage.objects.filter(
        locale=locales["fr"], slug=COLLECTION_SLUG
    ).first()
    if collection is None:
        now = timezone.now()
        collection = RegionalCollectionPage(
            title=TEXT["fr"]["collection"],
            slug=COLLECTION_SLUG,
            intro=TEXT["fr"]["collection_intro"],
            story=TEXT["fr"]["collection_story"],
            promotion_percent=Decimal("15"),
            promotion_scope=RegionalCollectionPage.PromotionScope.COLLECTION,
            promotion_starts_at=now - timedelta(days=1),
            promotion_ends_at=now + timedelta(days=90),
            owner=owner,
        )
        collection.product_links = [
            CollectionProduct(product=product)
            for product in _products_of(exhibitors, 8)
        ]
        region_page.add_child(instance=collection)
        # Publishing makes its Oscar offer (cms.signal_handlers).
        _publish(collection, owner, created)

    news = NewsPage.objects.filter(locale=locales["fr"], slug=NEWS_SLUG).first()
    if news is None:
        news = NewsPage(
            title=TEXT["fr"]["news"],
            slug=NEWS_SLUG,
            intro=TEXT["fr"]["news_intro"],
            body=TEXT["fr"]["news_body"],
            owner=owner,
        )
        region_page.add_child(instance=news)
        _publish(news, owner, created)

    for lang in ("ar", "en"):
        t = TEXT[lang]
        for page, fields in (
            (fair, {"title": t["fair"], "description": t["fair_text"]}),
            (
                collection,
                {
                    "title": t["collection"],
                    "intro": t["collection_intro"],
                    "story": t["collection_story"],
                },
            ),
            (
                news,
                {"title": t["news"], "intro": t["news_intro"], "body": t["news_body"]},
            ),
        ):
            _translate(page, locales[lang], fields, owner, created)

    for chamber in Chamber.objects.select_related("region"):
        groups = chamber_cms_setup(chamber=chamber)  # already set up: a lookup
        groups.editors.user_set.add(*chamber.staff.all())
        moderator = _demo_user(f"moderation{chamber.region.code}@{DEMO_DOMAIN}")
        groups.moderators.user_set.add(moderator)


def _legal_pages(home, locales, owner, created):
    """The legal texts, each in three languages (published: their versions are
    what checkout and the seller's application ask to accept)."""
    for kind, texts in LEGAL_TEXTS.items():
        title, slug, body = texts["fr"]
        page = LegalPage.objects.child_of(home).filter(kind=kind).first()
        if page is None:
            page = LegalPage(
                title=title, slug=slug, kind=kind, version=LEGAL_VERSION, body=body
            )
            page.owner = owner
            home.add_child(instance=page)
            _publish(page, owner, created)
        for lang in ("ar", "en"):
            title, __, body = texts[lang]
            _translate(
                page, locales[lang], {"title": title, "body": body}, owner, created
            )


def _child(parent, model, owner, created, text_key, slug):
    page = model.objects.child_of(parent).first()
    if page is None:
        page = model(title=TEXT["fr"][text_key], slug=slug, owner=owner)
        parent.add_child(instance=page)
        _publish(page, owner, created)
    return page


def _translate(page, locale, fields, owner, created):
    if page.get_translation_or_none(locale) is not None:
        return
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    _publish(translation, owner, created)


def _products_of(sellers, count):
    return list(
        product_queryset_public()
        .filter(seller__in=sellers)
        .order_by("-popularity", "pk")[:count]
    )


def _demo_user(email):
    User = get_user_model()
    user, new = User.objects.get_or_create(
        email=email,
        defaults={"username": email, "first_name": "Modération"},
    )
    if new:
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    demo_mfa_setup(user)  # a moderator works in Wagtail's admin
    return user


def _publish(page, owner, created):
    page.save_revision(user=owner).publish(user=owner)
    created["pages"] = created.get("pages", 0) + 1
