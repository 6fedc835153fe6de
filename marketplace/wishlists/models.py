from django.utils.translation import gettext
from oscar.apps.wishlists.abstract_models import AbstractLine, AbstractWishList

from marketplace.translated import title_for_page


class WishList(AbstractWishList):
    def __str__(self) -> str:
        # Oscar's "%s's Wish List '%s'" is the shared list's page title,
        # written in English on every page.
        return gettext("%(owner)s’s wish list “%(name)s”") % {
            "owner": self.owner,
            "name": self.name,
        }


class Line(AbstractLine):
    def get_title(self) -> str:
        """The product's title in the page's language, else marked with its
        own (`marketplace.translated.Marked`: a `<span lang dir>` wherever
        Django escapes it, the plain text in Oscar's messages); Oscar's
        account page prints it as the line's link text. A deleted product's
        stored title, as Oscar's."""
        if self.product is None:
            return self.title
        return title_for_page(self.product)


from oscar.apps.wishlists.models import *  # noqa: E402, F403
