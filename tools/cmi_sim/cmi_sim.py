"""A CMI simulator for the tests: the hosted 3-D Secure page of Morocco's card
switch, its signed callback and its back-office refund API, written from the
public protocol (3D_PAY_HOSTING, hash ver3). The real test gateway
(testpayment.cmi.co.ma) is not reachable from the test machines.

Standalone (the standard library only), run by scripts/cmi_sim.sh:

    python tools/cmi_sim/cmi_sim.py --port 12190 --client-id ID --store-key KEY

- POST /fim/est3Dgate   the shop's signed form: checked (client id, store
                        type, currency, hash), then the hosted card page in
                        the form's `lang` (fr, ar, en).
- POST /fim/pay         the card typed on that page. Approved: 4111111111111111
                        and 5555555555554444; declined: 4000000000000002; any
                        other number: an error. Posts the signed callback to
                        `callbackUrl` (again, with a delay, until the shop
                        answers ACTION=POSTAUTH or APPROVED, at most --retries
                        times), then sends the browser back to okUrl or failUrl
                        (a form it posts, as the CMI does).
- POST /fim/api         the back-office API: a `CC5Request` of type Credit
                        (a refund) for a captured order, within what is left.
- GET  /_sim/orders/<oid>      what the simulator knows of an order (JSON).
- POST /_sim/replay/<oid>      post the order's last callback again (tests of
                               repeated callbacks).
- GET  /health
"""

import argparse
import base64
import hashlib
import html
import json
import re
import secrets
import threading
import time
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import URLError
from urllib.parse import parse_qsl, urlencode
from urllib.request import Request, urlopen

APPROVED_CARDS = {"4111111111111111", "5555555555554444"}
DECLINED_CARDS = {"4000000000000002"}
MAX_BODY = 64 * 1024

TEXTS = {
    "fr": {
        "title": "Paiement sécurisé CMI",
        "merchant": "Commande",
        "amount": "Montant",
        "pan": "Numéro de carte",
        "month": "Mois d'expiration",
        "year": "Année d'expiration",
        "cvv": "Cryptogramme (CVV)",
        "pay": "Payer",
        "back": "Retour au site marchand",
        "invalid": "Requête invalide",
    },
    "ar": {
        "title": "الأداء الآمن CMI",
        "merchant": "الطلب",
        "amount": "المبلغ",
        "pan": "رقم البطاقة",
        "month": "شهر انتهاء الصلاحية",
        "year": "سنة انتهاء الصلاحية",
        "cvv": "رمز التحقق (CVV)",
        "pay": "ادفع",
        "back": "العودة إلى موقع التاجر",
        "invalid": "طلب غير صالح",
    },
    "en": {
        "title": "CMI secure payment",
        "merchant": "Order",
        "amount": "Amount",
        "pan": "Card number",
        "month": "Expiry month",
        "year": "Expiry year",
        "cvv": "Security code (CVV)",
        "pay": "Pay",
        "back": "Back to the shop",
        "invalid": "Invalid request",
    },
}


# --- Hash ver3 (written from the protocol, apart from the shop's code) ---------


def _natural_key(name: str):
    """PHP natcasesort's order for parameter names: characters compared by
    their upper-case code, runs of digits by their value."""
    key = []
    for token in re.findall(r"[0-9]+|[^0-9]", name.upper()):
        if token.isdigit():
            number = token.lstrip("0") or "0"
            key.append((0x30, len(number), number))
        else:
            key.append((ord(token), 0, ""))
    return key


def sign(params: dict, store_key: str) -> str:
    def esc(value: str) -> str:
        return value.replace("\\", "\\\\").replace("|", "\\|")

    names = sorted(
        (n for n in params if n.lower() not in {"hash", "encoding"}), key=_natural_key
    )
    plain = "|".join(esc(str(params[n]).strip()) for n in names) + "|" + esc(store_key)
    return base64.b64encode(hashlib.sha512(plain.encode()).digest()).decode()


# --- State ----------------------------------------------------------------------


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.sessions: dict[str, dict] = {}
        self.orders: dict[str, dict] = {}

    def order(self, oid: str) -> dict:
        return self.orders.setdefault(
            oid,
            {
                "status": "new",
                "amount": "0.00",
                "captured": "0.00",
                "refunded": "0.00",
                "attempts": 0,
                "callbacks": [],
                "last_callback": None,
            },
        )


def page(lang: str, title: str, body: str, *, status_script: str = "") -> bytes:
    direction = "rtl" if lang == "ar" else "ltr"
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head>'
        f'<meta charset="utf-8"><title>{html.escape(title)}</title>'
        "<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;"
        "padding:1rem;border:1px solid #0a4f8a;border-radius:8px}"
        "h1{color:#0a4f8a;font-size:1.4rem}label{display:block;margin-top:.8rem}"
        "input{padding:.4rem;width:100%;box-sizing:border-box}"
        "button{margin-top:1rem;padding:.6rem 1.4rem;background:#0a4f8a;"
        "color:#fff;border:0;border-radius:4px}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{body}{status_script}</body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server_version = "CmiSim/1.0"
    config: argparse.Namespace
    state: State

    def log_message(self, format, *args):  # noqa: A002
        if self.config.verbose:
            super().log_message(format, *args)

    # --- plumbing

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        body = self.rfile.read(length).decode("utf-8", "replace")
        return dict(parse_qsl(body, keep_blank_values=True))

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _html(self, status: int, body: bytes) -> None:
        self._send(status, body, "text/html; charset=utf-8")

    def _json(self, status: int, data) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    # --- routes

    def do_GET(self):  # noqa: N802
        if self.path == "/health":
            return self._send(200, b"ok", "text/plain")
        match = re.fullmatch(r"/_sim/orders/([^/?]+)", self.path)
        if match:
            with self.state.lock:
                order = self.state.orders.get(match.group(1))
                data = None if order is None else {**order, "last_callback": None}
            return self._json(404 if data is None else 200, data or {})
        return self._send(404, b"not found", "text/plain")

    def do_POST(self):  # noqa: N802
        try:
            form = self._form()
        except ValueError:
            return self._send(413, b"too large", "text/plain")
        if self.path == "/fim/est3Dgate":
            return self._gate(form)
        if self.path == "/fim/pay":
            return self._pay(form)
        if self.path == "/fim/api":
            return self._api(form)
        match = re.fullmatch(r"/_sim/replay/([^/?]+)", self.path)
        if match:
            return self._replay(match.group(1))
        return self._send(404, b"not found", "text/plain")

    def _gate(self, form: dict) -> None:
        lang = form.get("lang") if form.get("lang") in TEXTS else "fr"
        text = TEXTS[lang]
        problems = []
        if form.get("clientid") != self.config.client_id:
            problems.append("clientid")
        if form.get("storetype") != "3D_PAY_HOSTING":
            problems.append("storetype")
        if form.get("hashAlgorithm") != "ver3":
            problems.append("hashAlgorithm")
        if form.get("currency") != "504":
            problems.append("currency")
        for name in ("oid", "okUrl", "failUrl", "callbackUrl", "rnd", "amount"):
            if not form.get(name):
                problems.append(name)
        try:
            amount = Decimal(form.get("amount", ""))
            if not amount.is_finite() or amount <= 0:
                problems.append("amount")
        except InvalidOperation:
            problems.append("amount")
        if form.get("hash") != sign(form, self.config.store_key):
            problems.append("hash")
        if problems:
            body = f"<p id='error'>{html.escape(', '.join(problems))}</p>"
            return self._html(400, page(lang, text["invalid"], body))
        token = secrets.token_urlsafe(16)
        with self.state.lock:
            self.state.sessions[token] = dict(form)
            order = self.state.order(form["oid"])
            order["amount"] = form["amount"]
        body = (
            f"<p>{text['merchant']}: <strong id='oid'>{html.escape(form['oid'])}"
            f"</strong></p><p>{text['amount']}: <strong id='amount'>"
            f"{html.escape(form['amount'])} MAD</strong></p>"
            "<form method='post' action='/fim/pay'>"
            f"<input type='hidden' name='token' value='{token}'>"
            f"<label>{text['pan']}<input name='pan' autocomplete='off' "
            "inputmode='numeric'></label>"
            f"<label>{text['month']}<input name='Ecom_Payment_Card_ExpDate_Month'>"
            f"</label><label>{text['year']}<input "
            f"name='Ecom_Payment_Card_ExpDate_Year'></label>"
            f"<label>{text['cvv']}<input name='cv2'></label>"
            f"<button type='submit'>{text['pay']}</button></form>"
        )
        return self._html(200, page(lang, text["title"], body))

    def _pay(self, form: dict) -> None:
        with self.state.lock:
            request = self.state.sessions.pop(form.get("token", ""), None)
        if request is None:
            return self._html(400, page("fr", TEXTS["fr"]["invalid"], ""))
        lang = request.get("lang") if request.get("lang") in TEXTS else "fr"
        pan = re.sub(r"\D", "", form.get("pan", ""))
        if pan in APPROVED_CARDS:
            code, response, message = "00", "Approved", ""
        elif pan in DECLINED_CARDS:
            code, response, message = "05", "Declined", "Do not honour"
        else:
            code, response, message = "99", "Error", "Invalid card number"
        approved = code == "00"
        trans_id = f"SIM{secrets.token_hex(6).upper()}"
        result = {
            name: value for name, value in request.items() if name.lower() != "hash"
        }
        result.update(
            {
                "ProcReturnCode": code,
                "Response": response,
                "ErrMsg": message,
                "mdStatus": "1" if approved else "0",
                "AuthCode": secrets.token_hex(3).upper() if approved else "",
                "TransId": trans_id,
                "HostRefNum": secrets.token_hex(6) if approved else "",
                "MaskedPan": (pan[:6] + "***" + pan[-4:]) if len(pan) > 10 else "",
                "EXTRA.TRXDATE": time.strftime("%Y%m%d %H:%M:%S"),
                "hashAlgorithm": "ver3",
            }
        )
        result["HASH"] = sign(result, self.config.store_key)
        with self.state.lock:
            order = self.state.order(request["oid"])
            order["attempts"] += 1
            order["last_callback"] = result
            if order["status"] in {"new", "declined"}:
                order["status"] = "authorised" if approved else "declined"
        # The CMI calls the shop before it sends the shopper back.
        if not self._callback(result, request["oid"]):
            threading.Thread(
                target=self._retry, args=(result, request["oid"]), daemon=True
            ).start()
        target = request["okUrl"] if approved else request["failUrl"]
        fields = "".join(
            f"<input type='hidden' name='{html.escape(name)}' "
            f"value='{html.escape(value)}'>"
            for name, value in result.items()
        )
        text = TEXTS[lang]
        body = (
            f"<form method='post' action='{html.escape(target)}' id='back'>"
            f"{fields}<button type='submit'>{text['back']}</button></form>"
        )
        script = "<script>document.getElementById('back').submit()</script>"
        return self._html(200, page(lang, text["title"], body, status_script=script))

    def _callback(self, result: dict, oid: str) -> bool:
        """Post the callback once; True when the shop acknowledged it."""
        data = urlencode(result).encode()
        try:
            request = Request(result["callbackUrl"], data=data, method="POST")
            with urlopen(request, timeout=self.config.timeout) as reply:  # noqa: S310
                answer = reply.read(1000).decode("utf-8", "replace").strip()
        except (URLError, OSError) as error:
            answer = f"error: {getattr(error, 'code', '')} {error}"
        with self.state.lock:
            order = self.state.order(oid)
            order["callbacks"].append(answer[:100])
            if answer == "ACTION=POSTAUTH" and result["ProcReturnCode"] == "00":
                order["status"] = "captured"
                order["captured"] = result["amount"]
        return answer in {"ACTION=POSTAUTH", "APPROVED"}

    def _retry(self, result: dict, oid: str) -> None:
        delay = self.config.retry_delay
        for _ in range(self.config.retries):
            time.sleep(delay)
            if self._callback(result, oid):
                return
            delay *= 2

    def _replay(self, oid: str) -> None:
        with self.state.lock:
            order = self.state.orders.get(oid)
            result = order and order["last_callback"]
        if not result:
            return self._json(404, {})
        acknowledged = self._callback(result, oid)
        with self.state.lock:
            answer = self.state.orders[oid]["callbacks"][-1]
        return self._json(200, {"acknowledged": acknowledged, "answer": answer})

    def _api(self, form: dict) -> None:
        def reply(response: str, message: str = "", trans_id: str = "") -> None:
            xml = (
                "<?xml version='1.0' encoding='UTF-8'?><CC5Response>"
                f"<OrderId>{html.escape(oid)}</OrderId>"
                f"<Response>{response}</Response>"
                f"<ProcReturnCode>{'00' if response == 'Approved' else '99'}"
                f"</ProcReturnCode><TransId>{trans_id}</TransId>"
                f"<ErrMsg>{html.escape(message)}</ErrMsg></CC5Response>"
            )
            self._send(200, xml.encode(), "text/xml; charset=utf-8")

        oid = ""
        try:
            root = ET.fromstring(form.get("DATA", ""))
        except ET.ParseError:
            return reply("Error", "Unreadable request")
        oid = (root.findtext("OrderId") or "").strip()
        if (
            root.findtext("Name") != self.config.api_user
            or root.findtext("Password") != self.config.api_password
            or root.findtext("ClientId") != self.config.client_id
        ):
            return reply("Error", "Authentication failed")
        if (root.findtext("Type") or "") != "Credit":
            return reply("Error", "Only Credit is simulated")
        try:
            total = Decimal(root.findtext("Total") or "")
        except InvalidOperation:
            return reply("Error", "Bad total")
        with self.state.lock:
            order = self.state.orders.get(oid)
            if order is None or order["status"] != "captured":
                return reply("Error", "No captured transaction for this order")
            left = Decimal(order["captured"]) - Decimal(order["refunded"])
            if not total.is_finite() or total <= 0 or total > left:
                return reply("Error", "Credit amount exceeds the captured amount")
            order["refunded"] = str(Decimal(order["refunded"]) + total)
        return reply("Approved", trans_id=f"SIMR{secrets.token_hex(6).upper()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12190)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--store-key", required=True)
    parser.add_argument("--api-user", default="api")
    parser.add_argument("--api-password", default="api-password")
    parser.add_argument("--retries", type=int, default=5)
    parser.add_argument("--retry-delay", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--verbose", action="store_true")
    config = parser.parse_args()
    Handler.config = config
    Handler.state = State()
    server = ThreadingHTTPServer((config.host, config.port), Handler)
    print(f"cmi_sim: listening on http://{config.host}:{config.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
