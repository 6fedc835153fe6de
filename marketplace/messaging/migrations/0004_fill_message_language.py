"""Messages written before their language was kept (0003) get it from the
best evidence left, so pages in another language mark them:

1. the author's account language (`notifications.UserPreferences`);
2. the language the conversation keeps for the author's side (its e-mails'),
   and for a shopper's message about an order, the one the order was placed
   in (`notifications.OrderLanguage`);
3. else the site's default, French.
"""

from django.db import migrations

LANGUAGES = ("fr", "ar", "en")
DEFAULT = "fr"


def _known(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def fill_languages(apps, schema_editor) -> None:
    Message = apps.get_model("messaging", "Message")
    UserPreferences = apps.get_model("notifications", "UserPreferences")
    OrderLanguage = apps.get_model("notifications", "OrderLanguage")

    messages = list(
        Message.objects.filter(language="").select_related(
            "conversation__order_part"
        )
    )
    authors = {message.author_id for message in messages} - {None}
    preferred = dict(
        UserPreferences.objects.filter(user_id__in=authors).values_list(
            "user_id", "language"
        )
    )
    orders = {
        message.conversation.order_part.order_id
        for message in messages
        if message.conversation.order_part_id
    }
    ordered = dict(
        OrderLanguage.objects.filter(order_id__in=orders).values_list(
            "order_id", "language"
        )
    )

    def sides(message) -> str | None:
        conversation = message.conversation
        if message.side == "seller":
            return _known(conversation.seller_language)
        order_part = conversation.order_part
        return _known(conversation.shopper_language) or (
            _known(ordered.get(order_part.order_id)) if order_part else None
        )

    chosen = {
        message.pk: _known(preferred.get(message.author_id))
        or sides(message)
        or DEFAULT
        for message in messages
    }
    for code in set(chosen.values()):
        ids = [pk for pk, value in chosen.items() if value == code]
        Message.objects.filter(pk__in=ids).update(language=code)


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0003_message_language"),
        ("notifications", "0001_notifications_preferences_order_language"),
    ]

    operations = [migrations.RunPython(fill_languages, migrations.RunPython.noop)]
