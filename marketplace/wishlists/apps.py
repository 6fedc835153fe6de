import oscar.apps.wishlists.apps as apps


class WishlistsConfig(apps.WishlistsConfig):
    """Oscar's wish lists, forked so that a line names its product in the
    page's language, marked with its own where it falls back (`models`), and
    a shared list's title is read in the page's language; its migrations are
    Oscar's."""

    name = "marketplace.wishlists"
