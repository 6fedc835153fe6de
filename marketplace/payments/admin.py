from django.contrib import admin

from .models import (
    CmiCallback,
    CommissionRate,
    LedgerEntry,
    OrderPayment,
    Payout,
    PayoutBatch,
    Refund,
    SellerPayoutAccount,
    StripeEvent,
)


@admin.register(CommissionRate)
class CommissionRateAdmin(admin.ModelAdmin):
    list_display = ["category", "percent"]


@admin.register(SellerPayoutAccount)
class SellerPayoutAccountAdmin(admin.ModelAdmin):
    list_display = ["seller", "holder_name", "rib", "updated_at"]
    search_fields = ["seller__name", "holder_name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money records are written by the services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "seller", "kind", "amount", "description"]
    list_filter = ["kind"]
    search_fields = ["seller__name", "key"]


@admin.register(OrderPayment)
class OrderPaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "order",
        "method",
        "provider",
        "status",
        "amount",
        "amount_refunded",
    ]
    list_filter = ["method", "provider", "status"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "received_at"]


@admin.register(CmiCallback)
class CmiCallbackAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "order_number", "response", "amount", "reply"]
    list_filter = ["reply"]
    search_fields = ["order_number", "trans_id"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = [
        "order",
        "part",
        "amount",
        "method",
        "stripe_refund_id",
        "provider_reference",
        "created_at",
    ]
    list_filter = ["method"]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "status", "paid_at"]


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ["batch", "seller", "amount", "rib"]
