"""Oscar's wish list views whose messages name a product, naming it in the
page's language, marked with its own where it falls back (issue 17).

Oscar writes these messages as plain text, `_("'%s' was added …") % title`:
a French-only title on an Arabic page reads unmarked, and `%` turns a
`Marked` title (`marketplace.translated`) into plain text. Each view below
overrides the one method that writes its message (there is no smaller hook:
the message is built inside it) and builds it as HTML with `format_html`,
the words and the list's name escaped, the title escaped inside its
`<span lang dir>`; tagged `safe`, Oscar's `alert_messages.html` prints it as
built. Everything else (redirects, whose lists may be changed) is Oscar's.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from oscar.apps.customer.wishlists import views as oscar_views
from oscar.core.loading import get_model
from oscar.core.utils import redirect_to_referrer, safe_referrer

from marketplace.translated import title_for_page

WishList = get_model("wishlists", "WishList")

#: Oscar's alert template prints a message tagged `safe` as it is.
BUILT_AS_HTML = "safe"


def html_message(message: str, values: tuple | dict) -> SafeString:
    """`message % values` built as HTML: `message` is a translated text with
    `%s` or `%(name)s` fields, each value escaped (`format_html`), a `Marked`
    title drawn as its `<span lang dir>`."""
    template = message.replace("{", "{{").replace("}", "}}")
    if isinstance(values, dict):
        fields = {name: "{" + name + "}" for name in values}
        return format_html(template % fields, **values)
    return format_html(template % (("{}",) * len(values)), *values)


class WishListAddProduct(oscar_views.WishListAddProduct):
    def add_product(self):
        self.wishlist.add(self.product)
        msg = html_message(
            _("'%s' was added to your wish list."), (title_for_page(self.product),)
        )
        messages.success(self.request, msg, extra_tags=BUILT_AS_HTML)
        return redirect_to_referrer(self.request, self.product.get_absolute_url())


class WishListCreateView(oscar_views.WishListCreateView):
    def form_valid(self, form):
        if not self.product:
            return super().form_valid(form)
        # As Oscar's: `form` is the list, saved by the mixin's `post`.
        wishlist = form
        wishlist.add(self.product)
        msg = html_message(
            _("Your wishlist has been created and '%(name)s has been added"),
            {"name": title_for_page(self.product)},
        )
        messages.success(self.request, msg, extra_tags=BUILT_AS_HTML)
        return redirect(wishlist.get_absolute_url())


class WishListRemoveProduct(oscar_views.WishListRemoveProduct):
    def get_success_url(self):
        # The line's title is the product's for the page (`Marked` when it
        # falls back), or a deleted product's stored title.
        msg = html_message(
            _("'%(title)s' was removed from your '%(name)s' wish list"),
            {"title": self.line.get_title(), "name": self.wishlist.name},
        )
        messages.success(self.request, msg, extra_tags=BUILT_AS_HTML)

        # Oscar's: back to the product page when the form was posted there.
        referrer = safe_referrer(self.request, "")
        if referrer and self.product and self.product.get_absolute_url() in referrer:
            return referrer
        return reverse("customer:wishlists-detail", kwargs={"key": self.wishlist.key})


class WishListMoveProductToAnotherWishList(
    oscar_views.WishListMoveProductToAnotherWishList
):
    def get(self, request, *args, **kwargs):
        to_wishlist = get_object_or_404(
            WishList, owner=request.user, key=kwargs["to_key"]
        )
        values = {"title": self.line.get_title(), "name": to_wishlist.name}
        if to_wishlist.lines.filter(product=self.line.product).exists():
            msg = html_message(
                _("Wish list '%(name)s' already containing '%(title)s'"), values
            )
            messages.error(request, msg, extra_tags=BUILT_AS_HTML)
        else:
            self.line.wishlist = to_wishlist
            self.line.save()
            msg = html_message(_("'%(title)s' moved to '%(name)s' wishlist"), values)
            messages.success(request, msg, extra_tags=BUILT_AS_HTML)

        default_url = reverse(
            "customer:wishlists-detail", kwargs={"key": self.wishlist.key}
        )
        return redirect_to_referrer(request, default_url)
