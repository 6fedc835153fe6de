import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket, forked for one thing: each line's quantity box is
    labelled for those who cannot see the column's heading (`forms`)."""

    name = "marketplace.basket"
