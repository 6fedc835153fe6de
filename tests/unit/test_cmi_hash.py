"""The CMI's hash `ver3`, against vectors worked out by hand from the public
algorithm: the parameter names but `hash` and `encoding` in natural
case-insensitive order (PHP's `natcasesort`), each value trimmed then with `\\`
and `|` escaped, joined with `|`, the escaped store key appended, SHA-512,
base64 of the raw digest."""

import base64
import hashlib
from functools import cmp_to_key

from marketplace.payments.cmi import hash_plaintext, hash_ver3, natcasecmp


def test_a_payment_form_signs_as_worked_out_by_hand():
    params = {
        # In no particular order, as a form posts them.
        "TranType": "PreAuth",
        "storetype": "3D_PAY_HOSTING",
        "oid": "100042",
        "amount": " 1250.00 ",  # trimmed before hashing
        "okUrl": "https://maalem.ma/ok/",
        "currency": "504",
        "rnd": "a1b2c3d4",
        "clientid": "600000001",
        "failUrl": "https://maalem.ma/fail/",
        "callbackUrl": "https://maalem.ma/payments/cmi/callback/",
        "lang": "fr",
        "hashAlgorithm": "ver3",
        "encoding": "UTF-8",  # never hashed
        "hash": "anything",  # never hashed
    }
    # By hand: amount, callbackUrl, clientid, currency, failUrl, hashAlgorithm,
    # lang, oid, okUrl, rnd, storetype, TranType (case ignored: "TranType"
    # comes after "storetype"; "oid" before "okUrl" as I < K).
    plaintext = (
        "1250.00|https://maalem.ma/payments/cmi/callback/|600000001|504|"
        "https://maalem.ma/fail/|ver3|fr|100042|https://maalem.ma/ok/|a1b2c3d4|"
        "3D_PAY_HOSTING|PreAuth|SECRETkey123"
    )
    assert hash_plaintext(params, "SECRETkey123") == plaintext
    # SHA-512 of that text, its 64 raw bytes in base64 (computed once with
    # `printf %s TEXT | openssl dgst -sha512 -binary | base64 -w0`).
    expected = (
        "YvjJBSsPCA8RCFF7cpkie+oksZ2U+Qyhz4JKhMjCeX8DV8Nq2A8R4sZCMeVVG/+wOcT/"
        "xAmb6Ho+BXCf04eHlw=="
    )
    assert base64.b64encode(hashlib.sha512(plaintext.encode()).digest()) == (
        expected.encode()
    )
    assert hash_ver3(params, "SECRETkey123") == expected


def test_escapes_natural_order_and_the_store_key():
    params = {
        "x10": "x10",
        "_tail": "tail",
        "x2": "  x2 ",
        "B": "c\\d",
        "a": "a|b",
    }
    # Natural order: x2 before x10 (numbers by value); "_" after the letters
    # (PHP folds case with toupper: "_" 0x5F > "X" 0x58); "a" before "B".
    # Values: a|b -> a\|b, c\d -> c\\d (backslash first, then the bar).
    # Store key k|e\y -> k\|e\\y.
    plaintext = "a\\|b|c\\\\d|x2|x10|tail|k\\|e\\\\y"
    assert hash_plaintext(params, "k|e\\y") == plaintext
    expected = (
        "mijNqSOjt7CIKijwhNQPZfVf7day/xvoxB5t9jlQdUw84NKG8rXrNbHU1zkw6FMW+P+z+"
        "EKA4/suvbNjfCUEHg=="
    )
    assert hash_ver3(params, "k|e\\y") == expected


def test_natural_case_insensitive_comparison_as_php():
    # strnatcasecmp's answers for these pairs.
    assert natcasecmp("x2", "x10") < 0
    assert natcasecmp("IMG12.png", "img10.png") > 0
    assert natcasecmp("amount", "AMOUNT") == 0
    assert natcasecmp("amount", "a_b") < 0  # "M" (0x4D) < "_" (0x5F)
    assert natcasecmp("EXTRA.CARDBRAND", "EXTRA.TRXDATE") < 0
    assert natcasecmp("", "a") < 0
    names = ["okUrl", "oid", "HASHPARAMS", "amount", "Ecom_Payment_Card_ExpDate_Year"]
    assert sorted(names, key=cmp_to_key(natcasecmp)) == [
        "amount",
        "Ecom_Payment_Card_ExpDate_Year",
        "HASHPARAMS",
        "oid",
        "okUrl",
    ]


def test_a_changed_value_or_key_changes_the_hash():
    params = {"amount": "10.00", "oid": "1"}
    assert hash_ver3(params, "key") != hash_ver3({**params, "amount": "1.00"}, "key")
    assert hash_ver3(params, "key") != hash_ver3(params, "key2")
