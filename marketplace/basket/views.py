"""Oscar's basket views, the add-to-basket reading the product's stock records
once."""

from django.db.models import prefetch_related_objects
from oscar.apps.basket import views


class BasketAddView(views.BasketAddView):
    """Oscar's add-to-basket. Its form checks that the product can be bought
    (the strategy selects the product's stock record), then the basket adds it
    (the strategy selects it again): a query each time. The records are read
    once, with the product, for both."""

    def get_form_kwargs(self):
        prefetch_related_objects([self.product], "stockrecords")
        return super().get_form_kwargs()
