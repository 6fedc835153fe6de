"""The one module that speaks the CMI's protocol (Centre Monétique
Interbancaire, Morocco's card switch), as `stripe_gateway` speaks Stripe's.

The shopper pays on the CMI's hosted 3-D Secure page (`3D_PAY_HOSTING`): the
card step posts a form of fields signed with the store key (`hash`, algorithm
`ver3`) to `CMI_GATEWAY_URL`; the CMI then calls `callbackUrl` server to server
with the result, signed the same way, and sends the shopper back to `okUrl` or
`failUrl`. Only the signed callback is evidence of a payment: the shopper's
browser carries the redirect and could forge it.

Refunds go through the CMI's back-office API (`CMI_API_URL`: an XML
`CC5Request` of type `Credit`) when the merchant contract allows it
(`CMI_REFUNDS_BY_API`); otherwise they are recorded for a bank refund by staff.
"""

import base64
import hashlib
import hmac
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cmp_to_key
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings

# ISO 4217 numeric code of the dirham: the only currency the CMI takes here.
CURRENCY_CODES = {"MAD": "504"}
# The CMI's hosted page speaks these; any other language gets French.
PAGE_LANGUAGES = {"fr", "ar", "en"}
# Parameter names left out of the hash (compared in lower case).
UNHASHED = {"hash", "encoding"}
# A callback is a small form; anything beyond these bounds is not the CMI's.
MAX_FIELDS = 200
MAX_VALUE_LENGTH = 4_000


class CmiError(Exception):
    """The CMI's API could not be reached or refused the request."""


# --- Hash ver3 ------------------------------------------------------------------


def _digits_at(text: str, index: int) -> int:
    """The end of the run of ASCII digits starting at `index`."""
    end = index
    while end < len(text) and text[end].isascii() and text[end].isdigit():
        end += 1
    return end


def _is_digit(char: str) -> bool:
    return char.isascii() and char.isdigit()


def natcasecmp(a: str, b: str) -> int:
    """PHP's `strnatcasecmp`: the comparison `natcasesort` sorts with.

    Martin Pool's natural order as PHP implements it (ext/standard/strnatcmp.c):
    leading zeros skipped at the start, whitespace skipped, runs of digits
    compared as numbers (the longer run is the larger; a run starting with 0
    compares digit by digit, as a fraction), other characters compared by
    their code once folded to upper case (PHP folds with `toupper`, so `_`
    sorts after the letters).
    """
    if not a or not b:
        return (len(a) > len(b)) - (len(a) < len(b))
    i = j = 0
    leading = True
    while True:
        if leading:
            while a[i] == "0" and i + 1 < len(a) and _is_digit(a[i + 1]):
                i += 1
            while b[j] == "0" and j + 1 < len(b) and _is_digit(b[j + 1]):
                j += 1
            leading = False
        while i < len(a) and a[i].isspace():
            i += 1
        while j < len(b) and b[j].isspace():
            j += 1
        ca = a[i] if i < len(a) else ""
        cb = b[j] if j < len(b) else ""
        if ca and cb and _is_digit(ca) and _is_digit(cb):
            i_end, j_end = _digits_at(a, i), _digits_at(b, j)
            run_a, run_b = a[i:i_end], b[j:j_end]
            if ca == "0" or cb == "0":
                # Fractional: left-aligned, the first different digit decides.
                for da, db in zip(run_a, run_b, strict=False):
                    if da != db:
                        return -1 if da < db else 1
                if len(run_a) != len(run_b):
                    return -1 if len(run_a) < len(run_b) else 1
            else:
                # Whole numbers: the longer run is larger, else the first
                # different digit decides.
                if len(run_a) != len(run_b):
                    return -1 if len(run_a) < len(run_b) else 1
                if run_a != run_b:
                    return -1 if run_a < run_b else 1
            i, j = i_end, j_end
            if i >= len(a) and j >= len(b):
                return 0
            if i >= len(a):
                return -1
            if j >= len(b):
                return 1
            ca, cb = a[i], b[j]
        ca, cb = ca.upper(), cb.upper()
        if ca != cb:
            return -1 if ca < cb else 1
        i += 1
        j += 1
        if i >= len(a) and j >= len(b):
            return 0
        if i >= len(a):
            return -1
        if j >= len(b):
            return 1


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def hash_plaintext(params: dict[str, str], store_key: str) -> str:
    """What ver3 hashes: the values of every parameter but `hash` and
    `encoding`, in the natural case-insensitive order of their names, each
    trimmed then escaped (`\\` then `|`), joined with `|`, then `|` and the
    escaped store key."""
    names = sorted(
        (name for name in params if name.lower() not in UNHASHED),
        key=cmp_to_key(natcasecmp),
    )
    values = [_escape(str(params[name]).strip()) for name in names]
    return "|".join([*values, _escape(store_key)])


def hash_ver3(params: dict[str, str], store_key: str) -> str:
    """SHA-512 of `hash_plaintext`, the raw digest in base64."""
    digest = hashlib.sha512(hash_plaintext(params, store_key).encode()).digest()
    return base64.b64encode(digest).decode("ascii")


def hash_verifies(params: dict[str, str], store_key: str) -> bool:
    received = params.get("HASH") or params.get("hash") or ""
    if not received or not store_key:
        return False
    return hmac.compare_digest(hash_ver3(params, store_key), received)


# --- The hosted page ------------------------------------------------------------


def is_configured() -> bool:
    return bool(
        settings.CMI_CLIENT_ID and settings.CMI_STORE_KEY and settings.CMI_GATEWAY_URL
    )


def amount_text(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


def amount_parse(text: str) -> Decimal | None:
    try:
        amount = Decimal(text.strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        return None
    if not amount.is_finite():
        return None
    return amount


def page_fields(
    *,
    order_number: str,
    amount: Decimal,
    currency: str,
    language: str,
    ok_url: str,
    fail_url: str,
    callback_url: str,
    shop_url: str,
    email: str = "",
    name: str = "",
) -> dict[str, str]:
    """The signed fields of the form that sends the shopper to the CMI.

    `TranType=PreAuth`: the card is authorised on the CMI's page and captured
    only when the callback's answer says `ACTION=POSTAUTH`.
    """
    fields = {
        "clientid": settings.CMI_CLIENT_ID,
        "storetype": "3D_PAY_HOSTING",
        "TranType": "PreAuth",
        "amount": amount_text(amount),
        "currency": CURRENCY_CODES[currency.upper()],
        "oid": order_number,
        "okUrl": ok_url,
        "failUrl": fail_url,
        "callbackUrl": callback_url,
        "shopurl": shop_url,
        "lang": language if language in PAGE_LANGUAGES else "fr",
        "rnd": secrets.token_hex(10),
        "hashAlgorithm": "ver3",
        "encoding": "UTF-8",
        "email": email[:64],
        "BillToName": name[:64],
        "AutoRedirect": "true",
    }
    fields["hash"] = hash_ver3(fields, settings.CMI_STORE_KEY)
    return fields


# --- The callback ---------------------------------------------------------------

# The callback's answers (the CMI's protocol).
POSTAUTH = "ACTION=POSTAUTH"
APPROVED = "APPROVED"
FAILURE = "FAILURE"


@dataclass(frozen=True)
class Callback:
    """A verified callback, read."""

    order_number: str
    amount: Decimal | None
    currency: str
    approved: bool
    trans_id: str
    proc_return_code: str
    response: str
    error_message: str


def callback_read(params: dict[str, str]) -> Callback | None:
    """The callback's result, or None unless its hash verifies and it is
    bounded like a form the CMI sends."""
    if len(params) > MAX_FIELDS or any(
        len(name) > 100 or len(value) > MAX_VALUE_LENGTH
        for name, value in params.items()
    ):
        return None
    if not hash_verifies(params, settings.CMI_STORE_KEY):
        return None
    code = params.get("ProcReturnCode", "").strip()
    response = params.get("Response", "").strip()
    return Callback(
        order_number=params.get("oid", "").strip()[:128],
        amount=amount_parse(params.get("amount", "")),
        currency=params.get("currency", "").strip(),
        # Approved only when both say so (3-D Secure passed, bank approved).
        approved=code == "00" and response.lower() == "approved",
        trans_id=params.get("TransId", "").strip()[:64],
        proc_return_code=code[:8],
        response=response[:32],
        error_message=params.get("ErrMsg", "").strip()[:255],
    )


# --- The back-office API: refunds -----------------------------------------------


def refunds_by_api() -> bool:
    return bool(
        settings.CMI_REFUNDS_BY_API
        and settings.CMI_API_URL
        and settings.CMI_API_USER
        and settings.CMI_API_PASSWORD
    )


def refund_create(*, order_number: str, amount: Decimal, currency: str) -> str:
    """Credit `amount` back to the card that paid `order_number`; the CMI's
    transaction id. Raises `CmiError` when the CMI refuses or is unreachable.
    """
    request_xml = (
        "<?xml version='1.0' encoding='UTF-8'?><CC5Request>"
        f"<Name>{xml_escape(settings.CMI_API_USER)}</Name>"
        f"<Password>{xml_escape(settings.CMI_API_PASSWORD)}</Password>"
        f"<ClientId>{xml_escape(settings.CMI_CLIENT_ID)}</ClientId>"
        "<Type>Credit</Type>"
        f"<OrderId>{xml_escape(order_number)}</OrderId>"
        f"<Total>{amount_text(amount)}</Total>"
        f"<Currency>{CURRENCY_CODES[currency.upper()]}</Currency>"
        "</CC5Request>"
    )
    request = Request(
        settings.CMI_API_URL,
        data=urlencode({"DATA": request_xml}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urlopen(request, timeout=settings.CMI_API_TIMEOUT) as reply:  # noqa: S310
            body = reply.read(100_000)
    except (URLError, OSError) as error:
        raise CmiError(f"CMI API unreachable: {error}") from error
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise CmiError("CMI API: unreadable reply") from error
    if (root.findtext("Response") or "").strip().lower() != "approved":
        raise CmiError(
            "CMI refused the refund: "
            + (root.findtext("ErrMsg") or root.findtext("Response") or "?")[:200]
        )
    return (root.findtext("TransId") or "").strip()[:64]
