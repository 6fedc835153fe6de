"""A sweep of the shopper's pages in Arabic and in English over the demo's
data, where one product in ten is written in French only (issue 17): each
page may show that product's French texts only inside an element whose
nearest `lang` is `fr`, in its text and in its attributes (an image's `alt`,
a link's `title`). The account's pages are walked with an order of it
delivered, returned with a seller's French answer, asked about, wished for.
"""

import pytest
from django.db.models import Q
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_model

from cms.models import FairPage
from marketplace.messaging.models import Conversation, Side
from marketplace.messaging.services import conversation_start, message_post
from marketplace.returns.models import ReturnRequest
from marketplace.returns.services import return_accept, return_request_create
from tests.integration.checkout.shop import (
    ADDRESS,
    checkout,
    cod_confirm,
    country_morocco,
)
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    part_deliver,
    shopper_new,
)
from tests.languages import unmarked

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
WishList = get_model("wishlists", "WishList")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _french_only():
    """A public demo product in stock whose seller wrote it in French only."""
    return (
        Product.objects.filter(
            Q(title_ar__isnull=True) | Q(title_ar=""),
            upc__startswith="DEMO-",
            structure=Product.STANDALONE,
            is_public=True,
            stockrecords__num_in_stock__gt=1,
        )
        .select_related("seller")
        # The cheapest: cash on delivery is refused above a total.
        .order_by("stockrecords__price", "pk")
        .first()
    )


def _phrases(product) -> list[str]:
    """The product's French texts as pages show them (a long description is
    cut on cards: its first words), but words other products have in Arabic
    or English too ("Distillation")."""
    texts = [product.title_fr, product.technique_fr, product.care_instructions_fr]
    texts.append((product.description_fr or "")[:40])
    return [
        text
        for text in texts
        if text
        and not Product.objects.filter(
            Q(technique_en=text) | Q(technique_ar=text) | Q(title_en=text)
        ).exists()
    ]


@pytest.fixture
def shopper_world():
    product = _french_only()
    assert product is not None, "the demo has no French-only product"
    amina = shopper_new(email="amina.sweep@example.ma")
    client = Client()
    client.force_login(amina)
    placed = Client()
    placed.force_login(amina)
    response = checkout(
        placed, [(product, 1)], email=amina.email, signed_in=True, method="cod"
    )
    order = Order.objects.filter(user=amina).first()
    assert order is not None, (
        response.url,
        [str(m) for m in response.wsgi_request._messages],
    )
    cod_confirm(order)
    part = part_deliver(order.seller_parts.get())
    line = part.get_lines().get()
    with translation.override("fr"):
        request = return_request_create(
            part=part,
            shopper=amina,
            reason="damaged",
            quantities={line.pk: 1},
            refund_method="transfer",
            holder_name="Amina Alaoui",
            rib=SHOPPER_RIB,
            description="Le couvercle est arrivé fêlé",
        )
        return_accept(
            request=request,
            seller=product.seller,
            instructions="Renvoyez-le par Amana",
        )
    asked = conversation_start(
        seller=product.seller,
        kind=Conversation.Kind.PRODUCT,
        body="Est-il adapté au four",
        language="fr",
        shopper=amina,
        product=product,
    )
    message_post(
        conversation=asked.conversation,
        side=Side.SELLER,
        author=product.seller.owner,
        body="Oui, cuisson douce",
        language="fr",
    )
    wishlist = WishList.objects.create(
        owner=amina, name="Cadeaux", visibility=WishList.PUBLIC
    )
    wishlist.add(product)
    return {
        "client": client,
        "product": product,
        "part": part,
        "request": ReturnRequest.objects.get(pk=request.pk),
        "conversation": asked.conversation,
        "wishlist": wishlist,
        "phrases": _phrases(product)
        + [
            "Le couvercle est arrivé fêlé",
            "Renvoyez-le par Amana",
            "Est-il adapté au four",
            "Oui, cuisson douce",
        ],
    }


def _paths(world, code) -> list[str]:
    product = world["product"]
    category = product.get_categories().first()
    fair = FairPage.objects.live().filter(locale__language_code=code).first()
    word = product.title_fr.split()[0]
    paths = [
        f"/{code}/",
        f"/{code}/catalogue/",
        category.get_absolute_url(),
        product.get_absolute_url(),
        f"/{code}/search/?q={word}",
        product.seller.get_absolute_url(),
        f"/{code}/accounts/profile/",
        f"/{code}/accounts/orders/",
        f"/{code}/accounts/orders/{world['part'].order.number}/",
        f"/{code}/returns/",
        f"/{code}/returns/{world['request'].pk}/",
        f"/{code}/messages/",
        f"/{code}/messages/{world['conversation'].pk}/",
        f"/{code}/accounts/wishlists/",
        f"/{code}/accounts/wishlists/{world['wishlist'].key}/",
        f"/{code}/wishlists/{world['wishlist'].key}/",
    ]
    assert fair is not None, f"the demo has no fair page in {code}"
    paths.append(fair.url)
    return paths


def _checkout_pages(client, product, code) -> dict[str, str]:
    """The basket and the checkout's steps up to the preview, under /code/."""
    country_morocco()
    # Added from the page's language: Oscar writes its message when adding.
    client.post(f"/{code}/basket/add/{product.pk}/", {"quantity": 1})
    pages = {f"/{code}/basket/": client.get(f"/{code}/basket/")}
    client.post("/fr/checkout/shipping-address/", ADDRESS)
    # The shipping and payment methods' steps, one choice each here, go on
    # to the preview by themselves.
    for step in ("shipping-address", "preview"):
        url = f"/{code}/checkout/{step}/"
        pages[url] = client.get(url, follow=True)
        # Each step shown, not a redirect back to an earlier one.
        assert pages[url].request["PATH_INFO"] == url, (url, pages[url].redirect_chain)
    return pages


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_shoppers_pages_mark_every_french_text(shopper_world, code):
    client, phrases = shopper_world["client"], shopper_world["phrases"]
    responses = {}
    with translation.override(code):
        paths = _paths(shopper_world, code)
    for path in paths:
        responses[path] = client.get(path, follow=True)
    responses.update(_checkout_pages(client, shopper_world["product"], code))

    failures = {}
    for path, response in responses.items():
        assert response.status_code == 200, path
        # The body: the head's <title> and <meta> hold one string each, the
        # site's words and the product's together, which no `lang` can mark.
        body = response.content.decode().split("</head>", 1)[-1]
        found = unmarked(body, phrases)
        if found:
            failures[path] = found
    assert failures == {}, "\n".join(
        f"{path}: {found}" for path, found in failures.items()
    )
