"""The page editor's create view, safe against a second create of one page.

Wagtail's editor autosaves a new page in the background: the first autosave
posts to the create URL, and only its answer moves the form to the page's edit
URL. A click on "Submit for moderation" (or another autosave, a double click, a
second tab) that posts to the create URL meanwhile creates the same page
again. Wagtail's form checks the slug, but the other request may add the page
between that check and `add_child`, whose `full_clean` then raises the
duplicate slug as a server error.

Here the create runs in a transaction that first locks the parent page's row,
so creates under one parent run one after the other (on SQLite writes already
do), and a slug taken meanwhile ends as the form's error, or, when the page
that took it is this editor's own unpublished draft (their autosave), on that
page's editor with a message. The views are registered per page type through
Wagtail's `register_admin_viewset` hook (`cms.wagtail_hooks`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


class PageCreateView(CreateView):
    def form_valid(self, form):
        try:
            with transaction.atomic():
                Page.objects.select_for_update().filter(pk=self.parent_page.pk).get()
                return super().form_valid(form)
        except (ValidationError, IntegrityError) as error:
            return self.created_meanwhile(form, error)

    def created_meanwhile(self, form, error):
        """The answer when the page was created by another request meanwhile."""
        self.page = form.instance
        own_draft = (
            self.parent_page.get_children()
            .filter(slug=self.page.slug, owner=self.request.user, live=False)
            .first()
        )
        message = _(
            "This page had just been saved (automatically, or by an earlier "
            "click): here it is. Check it, then save or submit it again."
        )
        if own_draft is not None and not self.expects_json_response:
            messages.warning(self.request, message)
            return redirect(self.edit_url_name, own_draft.pk)
        if self.expects_json_response:
            return self.json_error_response("duplicate", message)
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(
                None,
                _("Another page was created here at the same time: try again."),
            )
        return self.form_invalid(form)


class CmsPageViewSet(PageViewSet):
    add_view_class = PageCreateView
