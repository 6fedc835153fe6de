from oscar.apps.dashboard import apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard, forked so that its sub-apps' forks are found
    (Oscar looks up `dashboard.catalogue.forms` through this app)."""

    name = "marketplace.dashboard"
