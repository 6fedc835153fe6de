class OrderNotCancellable(ValueError):  # noqa: N818
    """Cancelling would lose money: the order was paid, or a parcel has left."""
