"""marketplace.customer.wishlists.views.html_message: a translated `%` message
filled as HTML, every value escaped, a `Marked` title in its `<span>`."""

from django.utils.safestring import SafeString

from marketplace.customer.wishlists.views import html_message
from marketplace.translated import Marked


def test_named_fields_are_escaped_and_a_marked_title_is_drawn_in_its_span():
    html = html_message(
        "'%(title)s' moved to '%(name)s' wishlist",
        {"title": Marked("Plat <i>", "fr"), "name": "<b>Maison</b>"},
    )

    assert isinstance(html, SafeString)
    assert html == (
        '\'<span lang="fr" dir="ltr">Plat &lt;i&gt;</span>\' moved to '
        "'&lt;b&gt;Maison&lt;/b&gt;' wishlist"
    )


def test_a_positional_field_and_braces_in_the_words_are_kept():
    html = html_message("{a} '%s' %% added", ("Tajine & co",))

    assert html == "{a} 'Tajine &amp; co' % added"
