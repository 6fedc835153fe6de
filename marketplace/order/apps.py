import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    """Oscar's orders, forked for how an order is written (`utils.OrderCreator`:
    its lines, their prices and the stock they take in a few queries whatever
    their number). The order's life after placement is `marketplace.orders`."""

    name = "marketplace.order"
