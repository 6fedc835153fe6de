import marketplace.notifications.apps as apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's account app, forked (over the notification centre's config,
    which sends Oscar's notification pages to the bell's) so that the wish
    list views whose messages name a product name it in the page's language,
    marked with its own where it falls back (`wishlists.views`); its models
    and migrations are Oscar's."""

    name = "marketplace.customer"
