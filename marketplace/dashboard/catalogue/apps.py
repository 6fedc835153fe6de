from oscar.apps.dashboard.catalogue import apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard, forked for its forms: the crafts, product
    types, attributes, options and their choices in three languages."""

    name = "marketplace.dashboard.catalogue"
