"""The Django admin's view of orders: read the status, never set it.

An order's status moves only through the services (paid by Stripe's webhook,
cancelled with its refund by `payments.services.order_cancel_by_staff`):
typing "Cancelled" in the admin would keep a card payment and the sellers'
credits, and deleting an order would lose its stock allocations.
"""

from oscar.apps.order.admin import OrderAdmin as OscarOrderAdmin


class OrderAdmin(OscarOrderAdmin):
    readonly_fields = (*OscarOrderAdmin.readonly_fields, "status")

    def has_delete_permission(self, request, obj=None):
        return False
