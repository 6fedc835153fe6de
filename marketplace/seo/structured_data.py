"""schema.org data (JSON-LD) for the product, shop and fair pages.

Builders return plain dicts; `templatetags/seo.py` prints them in a
`<script type="application/ld+json">` with `<`, `>` and `&` escaped, so a
seller's text can never close the element.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.html import strip_tags

SCHEMA = "https://schema.org"
IN_STOCK = f"{SCHEMA}/InStock"
OUT_OF_STOCK = f"{SCHEMA}/OutOfStock"
# The longest description carried: search engines show a snippet.
DESCRIPTION_CHARS = 5000


def _text(value: str | None) -> str:
    return " ".join(strip_tags(value or "").split())[:DESCRIPTION_CHARS]


def shop_organisation(*, seller, url: str) -> dict:
    return {"@type": "Organization", "name": seller.name, "url": url}


def product_data(
    *,
    product,
    url: str,
    images: list[str],
    price: Decimal | None,
    available: bool,
    seller_url: str | None,
    reviews: list,
) -> dict:
    """`Product` with its `Offer` (in dirhams), rating and reviews."""
    data = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": product.get_title(),
        "url": url,
    }
    description = _text(product.description)
    if description:
        data["description"] = description
    if images:
        data["image"] = images
    if product.upc:
        data["sku"] = product.upc
    seller = product.seller
    if price is not None:
        offer = {
            "@type": "Offer",
            "url": url,
            "price": f"{price:.2f}",
            "priceCurrency": settings.OSCAR_DEFAULT_CURRENCY,
            "availability": IN_STOCK if available else OUT_OF_STOCK,
            "itemCondition": f"{SCHEMA}/NewCondition",
        }
        if seller is not None and seller_url:
            offer["seller"] = shop_organisation(seller=seller, url=seller_url)
        data["offers"] = offer
    if seller is not None:
        data["brand"] = {"@type": "Brand", "name": seller.name}
    if reviews and product.rating is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{product.rating:.1f}",
            "reviewCount": len(reviews),
            "bestRating": "5",
            "worstRating": "1",
        }
        data["review"] = [
            {
                "@type": "Review",
                "name": _text(review.title)[:200],
                "reviewBody": _text(review.body),
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": str(review.score),
                    "bestRating": "5",
                    "worstRating": "1",
                },
                "author": {"@type": "Person", "name": review.reviewer_name},
                "datePublished": review.date_created.date().isoformat(),
            }
            for review in reviews
        ]
    return data


def breadcrumbs(*, trail: list[tuple[str, str]]) -> dict:
    """`BreadcrumbList` of (name, absolute URL) from the home page down."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def storefront_data(*, seller, url: str, logo: str | None, country: str) -> dict:
    """A shop: a `LocalBusiness` (an artisan's workshop or a cooperative)."""
    data = {
        "@context": SCHEMA,
        "@type": "LocalBusiness",
        "name": seller.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "addressRegion": seller.region.name,
            "addressCountry": country,
        },
    }
    story = _text(seller.story)
    if story:
        data["description"] = story
    if logo:
        data["logo"] = logo
        data["image"] = logo
    if seller.trade:
        data["knowsAbout"] = seller.trade
    return data


def fair_data(
    *, page, url: str, organiser: str | None, organiser_url: str | None
) -> dict:
    """A fair or exhibition: an `Event` at its place, organised by the
    chamber of its region when it has one."""
    place = {
        "@type": "Place",
        "name": page.venue or page.city,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": page.city,
            "addressCountry": page.country,
        },
    }
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": page.title,
        "url": url,
        "startDate": page.start_date.isoformat(),
        "endDate": page.end_date.isoformat(),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": place,
    }
    description = _text(page.search_description or page.description)
    if description:
        data["description"] = description
    if organiser:
        data["organizer"] = {"@type": "Organization", "name": organiser}
        if organiser_url:
            data["organizer"]["url"] = organiser_url
    return data
