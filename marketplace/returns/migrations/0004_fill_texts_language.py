"""Return texts written before their language was kept (0002, 0003) get it
from the best evidence left, so pages in another language mark them:

1. the author's account language (`notifications.UserPreferences`);
2. for the shopper's words, the language the shopper asked the return in,
   else the one the order was placed in (`notifications.OrderLanguage`);
3. else the site's default, French.

The order's language says nothing of a seller's or the staff's words, so
theirs go from (1) to (3). A blank text stays without a language.
"""

from django.db import migrations

LANGUAGES = ("fr", "ar", "en")
DEFAULT = "fr"


def _known(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def _update(model, chosen: dict[int, str], field: str) -> None:
    for code in set(chosen.values()):
        ids = [pk for pk, value in chosen.items() if value == code]
        model.objects.filter(pk__in=ids).update(**{field: code})


def fill_languages(apps, schema_editor) -> None:
    ReturnEvent = apps.get_model("returns", "ReturnEvent")
    Dispute = apps.get_model("returns", "Dispute")
    UserPreferences = apps.get_model("notifications", "UserPreferences")
    OrderLanguage = apps.get_model("notifications", "OrderLanguage")

    events = list(
        ReturnEvent.objects.filter(language="")
        .exclude(message="")
        .select_related("request__part")
    )
    disputes = list(
        Dispute.objects.filter(shopper_language="")
        .exclude(shopper_message="")
        .select_related("request__part")
    )
    decided = list(Dispute.objects.filter(decision_language="").exclude(decision_note=""))
    users = {event.user_id for event in events}
    users |= {dispute.request.shopper_id for dispute in disputes}
    users |= {dispute.decided_by_id for dispute in decided}
    preferred = dict(
        UserPreferences.objects.filter(user_id__in=users - {None}).values_list(
            "user_id", "language"
        )
    )
    orders = {event.request.part.order_id for event in events}
    orders |= {dispute.request.part.order_id for dispute in disputes}
    ordered = dict(
        OrderLanguage.objects.filter(order_id__in=orders).values_list(
            "order_id", "language"
        )
    )

    def shoppers(request) -> str | None:
        return _known(request.language) or _known(ordered.get(request.part.order_id))

    chosen = {}
    for event in events:
        chosen[event.pk] = (
            _known(preferred.get(event.user_id))
            or (shoppers(event.request) if event.actor == "shopper" else None)
            or DEFAULT
        )
    _update(ReturnEvent, chosen, "language")
    _update(
        Dispute,
        {
            dispute.pk: _known(preferred.get(dispute.request.shopper_id))
            or shoppers(dispute.request)
            or DEFAULT
            for dispute in disputes
        },
        "shopper_language",
    )
    _update(
        Dispute,
        {
            dispute.pk: _known(preferred.get(dispute.decided_by_id)) or DEFAULT
            for dispute in decided
        },
        "decision_language",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0003_dispute_texts_language"),
        ("notifications", "0001_notifications_preferences_order_language"),
    ]

    operations = [migrations.RunPython(fill_languages, migrations.RunPython.noop)]
