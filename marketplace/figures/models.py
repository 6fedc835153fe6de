from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductViewDay(models.Model):
    """A product's views on one day, folded from the counters in the cache.

    A product page writes nothing to the database (it is served from the page
    cache); each view is counted in Redis or the local cache
    (`marketplace.figures.counters`) and `fold_view_counts` copies the day's
    totals here. The fold sets the totals, never adds to them, so running it
    again changes nothing.
    """

    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    # Approximate: a HyperLogLog's estimate on Redis (about 1 % off), first
    # visits seen by this process's memory on the local cache.
    visitors = models.PositiveIntegerField(_("unique visitors"), default=0)

    class Meta:
        verbose_name = _("product views on a day")
        verbose_name_plural = _("product views per day")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "day"], name="unique_product_view_day"
            )
        ]
        indexes = [models.Index(fields=["day", "product"])]

    def __str__(self):
        return f"{self.product_id} {self.day}: {self.views}"
