"""The data migrations that give a language to return texts and messages
written before it was kept (returns 0004, messaging 0004): the author's
account language, else the evidence of the shopper's side (the return's
language, the order's), else French; a seller's or staff's words never take
the shopper's order's language."""

from importlib import import_module

import pytest
from django.apps import apps

from marketplace.messaging.models import Conversation, Message, Side
from marketplace.notifications.models import OrderLanguage, UserPreferences
from marketplace.returns.models import Dispute, ReturnEvent, ReturnRequest
from marketplace.returns.services import return_request_create
from tests.factories import UserFactory
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    order_place,
    part_deliver,
    shopper_new,
)

pytestmark = pytest.mark.django_db

returns_fill = import_module("marketplace.returns.migrations.0004_fill_texts_language")
messages_fill = import_module(
    "marketplace.messaging.migrations.0004_fill_message_language"
)


def _returned(potter, tajine, shopper) -> ReturnRequest:
    part = part_deliver(
        order_place(shopper=shopper, items=[(tajine, 1)]).seller_parts.get()
    )
    request = return_request_create(
        part=part,
        shopper=shopper,
        reason="damaged",
        quantities={part.get_lines().get().pk: 1},
        refund_method="transfer",
        holder_name="Amina Alaoui",
        rib=SHOPPER_RIB,
    )
    return request


def _event(request, actor, user, message="Un mot"):
    return ReturnEvent.objects.create(
        request=request,
        actor=actor,
        user=user,
        status=request.status,
        message=message,
    )


@pytest.fixture
def old_texts():
    """Amina chose Arabic for her account; Omar chose nothing, his order was
    placed in English; the potter chose nothing; staff chose English."""
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", title="Tajine")
    amina, omar = shopper_new(), shopper_new()
    UserPreferences.objects.create(user=amina, language="ar")
    staff = UserFactory(is_staff=True)
    UserPreferences.objects.create(user=staff, language="en")
    hers = _returned(potter, tajine, amina)
    his = _returned(potter, tajine, omar)
    ReturnRequest.objects.update(language="")
    ReturnEvent.objects.all().delete()
    OrderLanguage.objects.update_or_create(
        order_id=his.part.order_id, defaults={"language": "en"}
    )
    events = {
        "amina": _event(hers, "shopper", amina),
        "potter": _event(hers, "seller", potter.owner),
        "omar": _event(his, "shopper", omar),
        "potter_to_omar": _event(his, "seller", potter.owner),
        "blank": _event(his, "system", None, message=""),
    }
    dispute = Dispute.objects.create(
        request=hers,
        shopper_message="الغطاء مكسور",
        decision="close",
        decision_note="Closed",
        decided_by=staff,
    )
    return {"events": events, "dispute": dispute, "potter": potter, "amina": amina}


def _languages(events) -> dict[str, str]:
    return {
        name: ReturnEvent.objects.get(pk=event.pk).language
        for name, event in events.items()
    }


def test_return_texts_take_the_best_evidence_of_their_language(old_texts):
    returns_fill.fill_languages(apps, None)

    assert _languages(old_texts["events"]) == {
        "amina": "ar",  # her account's
        "potter": "fr",  # none: French, not Amina's
        "omar": "en",  # his order's
        "potter_to_omar": "fr",  # not Omar's order's
        "blank": "",  # nothing to mark
    }
    dispute = Dispute.objects.get()
    assert (dispute.shopper_language, dispute.decision_language) == ("ar", "en")


def test_the_return_fill_keeps_a_recorded_language_and_prefers_the_returns(
    old_texts,
):
    events = old_texts["events"]
    ReturnEvent.objects.filter(pk=events["potter"].pk).update(language="ar")
    ReturnRequest.objects.filter(pk=events["omar"].request_id).update(language="fr")

    returns_fill.fill_languages(apps, None)

    languages = _languages(events)
    assert (languages["potter"], languages["omar"]) == ("ar", "fr")


def test_messages_take_the_best_evidence_of_their_language(old_texts):
    potter, amina = old_texts["potter"], old_texts["amina"]
    omar = shopper_new()
    hers = Conversation.objects.create(
        seller=potter, shopper=amina, kind=Conversation.Kind.SHOP
    )
    his = Conversation.objects.create(
        seller=potter,
        shopper=omar,
        kind=Conversation.Kind.SHOP,
        shopper_language="en",
        seller_language="ar",
    )
    written = {
        "amina": Message.objects.create(
            conversation=hers, side=Side.SHOPPER, author=amina, body="سؤال"
        ),
        "potter": Message.objects.create(
            conversation=hers, side=Side.SELLER, author=potter.owner, body="Oui"
        ),
        "omar": Message.objects.create(
            conversation=his, side=Side.SHOPPER, author=omar, body="Hello"
        ),
        "potter_to_omar": Message.objects.create(
            conversation=his, side=Side.SELLER, author=potter.owner, body="نعم"
        ),
        "kept": Message.objects.create(
            conversation=his, side=Side.SHOPPER, author=omar, body="Hi", language="fr"
        ),
    }

    messages_fill.fill_languages(apps, None)

    assert {
        name: Message.objects.get(pk=message.pk).language
        for name, message in written.items()
    } == {
        "amina": "ar",  # her account's
        "potter": "fr",  # nothing known
        "omar": "en",  # the conversation's for his side
        "potter_to_omar": "ar",  # the conversation's for the shop's side
        "kept": "fr",
    }
