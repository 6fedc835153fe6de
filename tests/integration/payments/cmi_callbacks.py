"""CMI callbacks as the CMI signs them, for the tests (the store key below)."""

import itertools

from django.test import Client, override_settings

from marketplace.payments.cmi import hash_ver3

STORE_KEY = "TEST|store\\key-maalem"
CLIENT_ID = "600000001"
GATEWAY_URL = "https://cmi.example/fim/est3Dgate"
_trans = itertools.count(1)


def cmi_settings(**extra):
    """The CMI configured (callbacks signed with STORE_KEY), card offered."""
    return override_settings(
        CMI_CLIENT_ID=CLIENT_ID,
        CMI_STORE_KEY=STORE_KEY,
        CMI_GATEWAY_URL=GATEWAY_URL,
        PAYMENT_METHODS=["cod", "card"],
        **extra,
    )


def callback_params(order, *, approved: bool = True, **overrides) -> dict:
    params = {
        "clientid": CLIENT_ID,
        "oid": order.number,
        "amount": f"{order.total_incl_tax:.2f}",
        "currency": "504",
        "storetype": "3D_PAY_HOSTING",
        "TranType": "PreAuth",
        "lang": "fr",
        "rnd": "r4nd0m",
        "ProcReturnCode": "00" if approved else "05",
        "Response": "Approved" if approved else "Declined",
        "mdStatus": "1" if approved else "0",
        "TransId": f"T{next(_trans):06d}",
        "MaskedPan": "411111***1111",
        "EXTRA.TRXDATE": "20261130 09:00:00",
        "hashAlgorithm": "ver3",
        "encoding": "UTF-8",
        **overrides,
    }
    params["HASH"] = hash_ver3(params, STORE_KEY)
    return params


def post_callback(params: dict, client: Client | None = None):
    return (client or Client()).post("/payments/cmi/callback/", params)
