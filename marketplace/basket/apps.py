import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket, forked: each line's quantity box is labelled for those
    who cannot see the column's heading (`forms`); the header's count follows
    the lines' writes (`receivers`, `middleware`)."""

    name = "marketplace.basket"

    def ready(self):
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from .receivers import basket_line_written

        for signal in (post_save, post_delete):
            signal.connect(
                basket_line_written,
                sender="basket.Line",
                dispatch_uid=f"basket-line-written-{signal is post_save}",
            )
