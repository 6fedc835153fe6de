"""Issuing invoices and credit notes.

When a seller's part of an order is confirmed (a card paid: Stripe's signed
webhook; cash on delivery: the shopper's confirmation), the seller invoices
the shopper for its part and the marketplace invoices the seller for its
commission on it. Each refund of a part (a whole part, or a return's lines)
gets a credit note from the seller to the shopper and one from the
marketplace giving back the commission refunded; so does an order
cancelled after it was invoiced. `order_invoices_issue`,
`refund_credit_notes_issue` and `order_cancel_credit_notes_issue` are called
in the transaction that confirms the order, records the refund or cancels it
(`signal_handlers`), so the documents exist exactly when that event does.

Numbering: one sequence per issuer and calendar year (`S<seller>-2026-000017`,
`M-2026-000003` for the marketplace). The next number comes from the
issuer's `InvoiceCounter` row, locked in the same transaction as the
invoice's insert: concurrent orders wait for each other's commit, and a
rollback takes its number back with it, so there is never a gap. Counters
are taken in one order (sellers by id, then the marketplace), so two orders
of the same sellers never deadlock.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from artisans.models import Seller
from marketplace.notifications.selectors import order_language, user_language
from marketplace.payments.services import part_commission
from marketplace.sellerorders.models import OrderSellerPart

from .ice import ice_normalize
from .models import Invoice, InvoiceCounter, SellerTaxProfile

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MARKETPLACE_ISSUER = "M"
SCHEMA = "maalem-invoice/1"


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _text(value) -> str:
    return f"{_money(value):.2f}"


def seller_issuer(*, seller) -> str:
    return f"S{seller.pk}"


# --- Numbers --------------------------------------------------------------------


def _number_next(*, issuer: str, year: int) -> int:
    """The issuer's next number this year; call inside the invoice's
    transaction (the counter stays locked until it commits)."""
    InvoiceCounter.objects.get_or_create(issuer=issuer, year=year)
    counter = InvoiceCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _issue(*, key: str, issuer: str, kind: str, data: dict, **fields) -> Invoice:
    """Insert one document with the issuer's next number, or return the one
    already issued for `key`."""
    existing = Invoice.objects.filter(key=key).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        issued_at = timezone.now()
        year = timezone.localtime(issued_at).year
        sequence = _number_next(issuer=issuer, year=year)
        number = f"{issuer}-{year}-{sequence:06d}"
        data = {
            "schema": SCHEMA,
            "kind": kind,
            "number": number,
            "issue_date": timezone.localtime(issued_at).date().isoformat(),
            **data,
        }
        return Invoice.objects.create(
            key=key,
            issuer=issuer,
            kind=kind,
            year=year,
            sequence=sequence,
            number=number,
            issued_at=issued_at,
            data=data,
            **fields,
        )


# --- Parties --------------------------------------------------------------------


def marketplace_party() -> dict:
    issuer = settings.INVOICING_ISSUER
    return {
        "name": issuer["name"],
        "ice": issuer["ice"],
        "rc": issuer.get("rc", ""),
        "tax_id": issuer.get("if", ""),
        "address": issuer["address"],
    }


def seller_party(*, seller) -> dict:
    profile = SellerTaxProfile.objects.filter(seller=seller).first()
    return {
        "name": seller.name_claimed or seller.name,
        "shop": seller.name,
        "ice": profile.ice if profile else "",
        "registry_number": seller.registry_id_claimed,
        "address": profile.address if profile else "",
        "region": str(seller.region) if seller.region_id else "",
    }


def shopper_party(*, order) -> dict:
    address = order.billing_address or order.shipping_address
    name, lines = "", []
    if address is not None:
        name = address.name
        lines = [
            str(field)
            for field in address.active_address_fields()[1:]
            if str(field).strip()
        ]
    email = order.user.email if order.user_id else order.guest_email
    return {"name": name or email, "email": email, "address": ", ".join(lines)}


def _order_ref(order) -> dict:
    return {
        "number": order.number,
        "date": timezone.localtime(order.date_placed).date().isoformat(),
    }


# --- Seller's sale, marketplace's commission -----------------------------------


def _sale_data(*, part, language: str) -> dict:
    order = part.order
    with override(language):
        lines = [
            {
                "description": line.title,
                "quantity": line.quantity,
                "unit_price": _text(line.unit_price_incl_tax),
                "amount": _text(line.line_price_incl_tax),
            }
            for line in part.get_lines()
        ]
        if part.shipping_charge:
            lines.append(
                {
                    "description": _("Shipping"),
                    "quantity": 1,
                    "unit_price": _text(part.shipping_charge),
                    "amount": _text(part.shipping_charge),
                }
            )
    return {
        "currency": order.currency,
        "language": language,
        "issuer": seller_party(seller=part.seller),
        "recipient": shopper_party(order=order),
        "order": _order_ref(order),
        "lines": lines,
        "total": _text(part.total),
        "prices_include_tax": True,
    }


def _vat_split(total: Decimal) -> dict:
    percent = Decimal(str(settings.INVOICING_COMMISSION_VAT_PERCENT))
    net = _money(total * 100 / (100 + percent))
    return {
        "net": _text(net),
        "vat_percent": f"{percent:.2f}",
        "vat": _text(total - net),
    }


def _commission_data(*, part, amount: Decimal, language: str, label: str) -> dict:
    order = part.order
    return {
        "currency": order.currency,
        "language": language,
        "issuer": marketplace_party(),
        "recipient": seller_party(seller=part.seller),
        "order": _order_ref(order),
        "lines": [
            {
                "description": label,
                "quantity": 1,
                "unit_price": _text(amount),
                "amount": _text(amount),
            }
        ],
        "total": _text(amount),
        "prices_include_tax": True,
        **_vat_split(amount),
    }


def _part_sale_invoice(*, part) -> Invoice:
    """The seller's invoice to the shopper for its part: once."""
    order = part.order
    language = order_language(order=order)
    return _issue(
        key=f"sale:{part.pk}",
        issuer=seller_issuer(seller=part.seller),
        kind=Invoice.Kind.SALE,
        seller=part.seller,
        part=part,
        language=language,
        total=part.total,
        currency=order.currency,
        data=_sale_data(part=part, language=language),
    )


def _part_commission_invoice(*, part) -> Invoice | None:
    commission = part_commission(part=part)
    if commission <= 0:
        return None
    language = user_language(user=part.seller.owner)
    with override(language):
        label = _("Marketplace commission, order %s") % part.order.number
    return _issue(
        key=f"commission:{part.pk}",
        issuer=MARKETPLACE_ISSUER,
        kind=Invoice.Kind.COMMISSION,
        seller=part.seller,
        part=part,
        language=language,
        total=commission,
        currency=part.order.currency,
        data=_commission_data(
            part=part, amount=commission, language=language, label=label
        ),
    )


def order_invoices_issue(*, order) -> list[Invoice]:
    """Invoice every seller's part of a confirmed order, then the
    marketplace's commissions: sellers' counters by seller id, the
    marketplace's last (one order of locks for every transaction)."""
    parts = list(
        OrderSellerPart.objects.filter(order=order)
        .exclude(status=OrderSellerPart.Status.CANCELLED)
        .select_related("order", "seller__owner", "seller__region")
        .order_by("seller_id")
    )
    with transaction.atomic():
        invoices = []
        for part in parts:
            invoices.append(_part_sale_invoice(part=part))
        for part in parts:
            commission = _part_commission_invoice(part=part)
            if commission is not None:
                invoices.append(commission)
    return invoices


# --- Credit notes ---------------------------------------------------------------


def _credited(*, invoice: Invoice) -> Decimal:
    total = invoice.credit_notes.aggregate(total=Sum("total"))["total"]
    return _money(total or ZERO)


def _credit_notes_issue(
    *,
    part,
    event: str,
    amount: Decimal,
    described,
    commission_share: Decimal | None,
    refund=None,
    sale_note: bool = True,
    commission_note: bool = True,
) -> list[Invoice]:
    """The seller's credit note to the shopper for `amount` (lines: the
    `described(language)` (label, amount) pairs) and the marketplace's for
    the commission given back: `commission_share` of it (a fraction), or
    all that is left when None. Keys: `sale-credit:<event>`,
    `commission-credit:<event>`. Nothing for a part never invoiced.
    `sale_note` / `commission_note`: issue only one of the two (a caller
    with several parts issues the sellers' notes first, the marketplace's
    last: the counters' one order of locks)."""
    sale = Invoice.objects.filter(key=f"sale:{part.pk}").first()
    if sale is None or amount <= 0:
        return []
    notes = []
    with transaction.atomic():
        if sale_note:
            notes.append(
                _sale_credit_issue(
                    part=part,
                    sale=sale,
                    event=event,
                    amount=amount,
                    described=described,
                    refund=refund,
                )
            )
        commission = Invoice.objects.filter(key=f"commission:{part.pk}").first()
        if not commission_note or commission is None:
            return notes
        left = commission.total - _credited(invoice=commission)
        back = left
        if commission_share is not None:
            back = min(_money(commission.total * commission_share), left)
        if back <= 0:
            return notes
        with override(commission.language):
            label = _("Commission given back, order %s") % part.order.number
        notes.append(
            _issue(
                key=f"commission-credit:{event}",
                issuer=MARKETPLACE_ISSUER,
                kind=Invoice.Kind.COMMISSION_CREDIT,
                seller=part.seller,
                part=part,
                refund=refund,
                corrects=commission,
                language=commission.language,
                total=back,
                currency=commission.currency,
                data={
                    **_commission_data(
                        part=part,
                        amount=back,
                        language=commission.language,
                        label=label,
                    ),
                    "corrects": commission.number,
                },
            )
        )
    return notes


def _sale_credit_issue(*, part, sale, event, amount, described, refund) -> Invoice:
    language = sale.language
    with override(language):
        lines = [
            {
                "description": label,
                "quantity": 1,
                "unit_price": _text(value),
                "amount": _text(value),
            }
            for label, value in described()
            if value
        ]
    return _issue(
        key=f"sale-credit:{event}",
        issuer=sale.issuer,
        kind=Invoice.Kind.SALE_CREDIT,
        seller=part.seller,
        part=part,
        refund=refund,
        corrects=sale,
        language=language,
        total=amount,
        currency=sale.currency,
        data={
            **_sale_data(part=part, language=language),
            "lines": lines,
            "total": _text(amount),
            "corrects": sale.number,
        },
    )


def refund_credit_notes_issue(*, refund) -> list[Invoice]:
    """The credit notes for one refund of a seller's part: the seller's to
    the shopper (what was given back), the marketplace's to the seller (the
    commission given back: in proportion to the lines refunded, or what is
    left of it when the whole part is refunded). None for a part that was
    never invoiced (refunded before it was confirmed)."""
    if refund.part_id is None:
        return []
    part = refund.part
    if refund.lines_amount is not None:

        def described():
            return [
                (_("Items returned"), refund.lines_amount),
                (_("Shipping refunded"), refund.shipping_amount or ZERO),
            ]

        share = refund.lines_amount / part.lines_total if part.lines_total else None
    else:

        def described():
            return [(_("Refund"), refund.amount)]

        share = None
    return _credit_notes_issue(
        part=part,
        event=str(refund.pk),
        amount=_money(refund.amount),
        described=described,
        commission_share=share,
        refund=refund,
    )


def order_cancel_credit_notes_issue(*, order) -> list[Invoice]:
    """An order cancelled after it was invoiced (a cash order confirmed,
    then cancelled before any parcel left): each part's invoice is credited
    for what no refund credited already, and its commission for what is left.
    """
    parts = (
        OrderSellerPart.objects.filter(order=order)
        .select_related("order", "seller__owner", "seller__region")
        .order_by("seller_id")
    )
    return _parts_credit(
        parts=parts, event="cancel", label=gettext_noop("Order cancelled")
    )


def part_returned_credit_notes_issue(*, part) -> list[Invoice]:
    """A cash parcel returned unpaid (refused at the door): its invoice is
    credited for what no refund credited already, and its commission too."""
    parts = OrderSellerPart.objects.filter(pk=part.pk).select_related(
        "order", "seller__owner", "seller__region"
    )
    return _parts_credit(
        parts=parts,
        event="returned",
        label=gettext_noop("Parcel refused, returned unpaid"),
    )


def _parts_credit(*, parts, event: str, label: str) -> list[Invoice]:
    """Credit each part's invoice for what is left; `label` (English, marked
    with gettext_noop) is translated in the invoice's language."""
    notes = []
    with transaction.atomic():
        owed = []  # (part, what no note credited yet), read before any note
        for part in parts:
            sale = Invoice.objects.filter(key=f"sale:{part.pk}").first()
            if sale is not None and sale.total > _credited(invoice=sale):
                owed.append((part, sale.total - _credited(invoice=sale)))
        # The sellers' notes first, then the marketplace's (one order of locks).
        for sale_note in (True, False):
            for part, left in owed:
                notes.extend(
                    _credit_notes_issue(
                        part=part,
                        event=f"{event}:{part.pk}",
                        amount=left,
                        described=lambda left=left: [(_(label), left)],
                        commission_share=None,
                        sale_note=sale_note,
                        commission_note=not sale_note,
                    )
                )
    return notes


# --- The seller's ICE -------------------------------------------------------------


def seller_tax_profile_save(*, seller: Seller, ice: str, address: str):
    """Record the ICE and address a seller's next invoices print."""
    profile = SellerTaxProfile.objects.filter(seller=seller).first() or (
        SellerTaxProfile(seller=seller)
    )
    profile.ice = ice_normalize(ice)
    profile.address = address.strip()
    profile.full_clean()
    try:
        profile.save()
    except IntegrityError:
        raise ValidationError(_("Try again.")) from None
    return profile
