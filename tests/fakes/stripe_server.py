"""A small fake of the Stripe API: the endpoints Career Copilot calls, nothing more.

A WSGI app on a local port, served from a thread, that the real ``stripe`` SDK and
dj-stripe talk to (``stripe.api_base = fake.url``). It keeps objects in memory, answers
in Stripe's JSON shapes (API version "dahlia": periods live on subscription items, an
invoice names its subscription under ``parent.subscription_details``), and serves a
hosted Checkout page and a Billing Portal page a browser can click through.

Covered: account; customers; products; prices (``lookup_keys`` filter, ``expand``);
checkout sessions; billing portal sessions; subscriptions (retrieve, list, update,
cancel); invoices; charges. Test-side helpers build subscriptions, invoices and events
and sign webhooks exactly as Stripe does (``Stripe-Signature: t=TS,v1=HMAC_SHA256``).

    with FakeStripe() as fake:
        stripe.api_base = fake.url
        ...
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import html
import json
import re
import threading
import time
import urllib.request
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .stripe_objects import ACCOUNT_ID, API_VERSION, StripeError, StripeObjects

__all__ = ["API_VERSION", "FakeStripe", "StripeError", "decode_params", "sign_payload"]

KEY_PATTERN = re.compile(r"^Bearer (sk|rk)_(test|live)_[A-Za-z0-9]{24,}$")


def decode_params(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (``a[b][0][c]=v``) back into nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+|\[\]", key)
        node = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part == "[]":
                part = str(len(node))
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})

    def listify(node):
        if isinstance(node, dict):
            node = {k: listify(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return listify(root)


def _bool(value) -> bool:
    return str(value).lower() == "true"


def sign_payload(payload: str, secret: str, *, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header for ``payload``, as Stripe computes it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{payload}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeStripe(StripeObjects):
    def __init__(self, *, webhook_url: str = "", webhook_secret: str = "") -> None:
        super().__init__()
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.webhook_delay = 0.3  # seconds between paying and the webhooks, like Stripe's lag
        self.requests: list[tuple[str, str, dict]] = []
        self.deliveries: list[tuple[str, int]] = []  # (event type, HTTP status)
        self._idempotent: dict[str, tuple[int, dict]] = {}
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._delivery_threads: list[threading.Thread] = []

    # --- lifecycle --------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "call start() first"
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FakeStripe:
        self._server = make_server(
            "127.0.0.1", 0, self, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.wait_for_deliveries()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def signed(self, event: dict, *, secret: str | None = None) -> tuple[str, str]:
        """(payload, Stripe-Signature header) for an event."""
        payload = json.dumps(event, indent=2)
        return payload, sign_payload(payload, secret or self.webhook_secret)

    def deliver(self, event: dict) -> int:
        """POST a signed event to ``webhook_url`` as Stripe does; returns the HTTP status."""
        payload, signature = self.signed(event)
        request = urllib.request.Request(  # noqa: S310 - a local test URL
            self.webhook_url,
            data=payload.encode(),
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        with self._lock:
            self.deliveries.append((event["type"], status))
        return status

    def deliver_later(self, events: list[dict]) -> None:
        def run():
            time.sleep(self.webhook_delay)
            for event in events:
                self.deliver(event)

        thread = threading.Thread(target=run, daemon=True)
        self._delivery_threads.append(thread)
        thread.start()

    def wait_for_deliveries(self, timeout: float = 30) -> None:
        for thread in self._delivery_threads:
            thread.join(timeout)

    def checkout_complete(self, session_id: str) -> list[dict]:
        """What paying on the hosted page does: subscription, paid invoice, and events."""
        with self._lock:
            session = self.get("checkout.session", session_id)
            if session["status"] != "open":
                raise StripeError(400, "This Checkout Session is no longer open.")
            price = session["_line_items"][0]["price"]
            sub = self.subscription_create(
                customer=session["customer"],
                price=price,
                metadata=session.get("_subscription_metadata") or {},
                trial_days=int(session.get("_trial_days") or 0),
            )
            invoice = self.invoice_create(subscription=sub["id"], status="paid")
            invoice["billing_reason"] = "subscription_create"
            session.update(status="complete", payment_status="paid", subscription=sub["id"])
            public = {k: v for k, v in session.items() if not k.startswith("_")}
        return [
            self.event("checkout.session.completed", public),
            self.event("customer.subscription.created", self.get("subscription", sub["id"])),
            self.event("invoice.paid", invoice),
        ]

    # --- WSGI -----------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode() if length else ""
        pairs = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        pairs += parse_qsl(body, keep_blank_values=True)
        params = decode_params(pairs)
        with self._lock:
            self.requests.append((method, path, params))
        if not path.startswith("/v1/"):
            return self._page(method, path, params, start_response)
        try:
            if not KEY_PATTERN.match(environ.get("HTTP_AUTHORIZATION", "")):
                raise StripeError(401, "Invalid API Key provided.")
            key = environ.get("HTTP_IDEMPOTENCY_KEY")
            if method == "POST" and key and key in self._idempotent:
                status, result = self._idempotent[key]
            else:
                status, result = 200, self._api(method, path, params)
                if method == "POST" and key:
                    self._idempotent[key] = (status, result)
        except StripeError as exc:
            status = exc.status
            kind = "authentication_error" if status == 401 else "invalid_request_error"
            result = {
                "error": {
                    "type": kind,
                    "message": exc.message,
                    "code": exc.code,
                    "param": exc.param,
                }
            }
        text = json.dumps(result)
        start_response(
            f"{status} {'OK' if status == 200 else 'Error'}",
            [("Content-Type", "application/json"), ("Request-Id", self.new_id("req"))],
        )
        return [text.encode()]

    def _api(self, method: str, path: str, params: dict) -> dict:
        parts = path.strip("/").split("/")[1:]  # drop "v1"
        expand = params.pop("expand", [])
        if parts == ["account"]:
            return self.get("account", ACCOUNT_ID)
        if parts[0] == "checkout" and len(parts) >= 2:
            parts = ["checkout.session", *parts[2:]]
        if parts[0] == "billing_portal" and method == "POST":
            return self._portal_session(params)
        kind = {
            "customers": "customer",
            "products": "product",
            "prices": "price",
            "checkout.session": "checkout.session",
            "subscriptions": "subscription",
            "invoices": "invoice",
            "charges": "charge",
        }.get(parts[0])
        if kind is None:
            raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")
        if len(parts) == 1 and method == "GET":
            return self._list(kind, params, expand)
        if len(parts) == 1 and method == "POST":
            return self._public(self._create(kind, params), expand)
        obj = self.get(kind, parts[1])
        if len(parts) > 2 and method == "GET":  # sub-lists we do not model (product features)
            return {"object": "list", "data": [], "has_more": False, "url": path}
        if method == "POST":
            with self._lock:
                self._modify(kind, obj, params)
        elif method == "DELETE" and kind == "subscription":
            self.subscription_update(obj["id"], status="canceled")
        return self._public(obj, expand)

    def _public(self, obj: dict, expand: list) -> dict:
        result = {k: v for k, v in copy.deepcopy(obj).items() if not k.startswith("_")}
        if result.get("object") == "price" and ("product" in expand or "data.product" in expand):
            result["product"] = self.get("product", result["product"])
        return result

    def _list(self, kind: str, params: dict, expand: list) -> dict:
        items = self.all(kind)
        if kind == "price":
            if "lookup_keys" in params:
                items = [p for p in items if p.get("lookup_key") in params["lookup_keys"]]
            if "active" in params:
                items = [p for p in items if p["active"] == _bool(params["active"])]
            if "product" in params:
                items = [p for p in items if p["product"] == params["product"]]
        if "customer" in params:
            items = [o for o in items if o.get("customer") == params["customer"]]
        if kind == "subscription" and params.get("status", "all") != "all":
            items = [o for o in items if o["status"] == params["status"]]
        if kind == "subscription" and "status" not in params:
            items = [o for o in items if o["status"] != "canceled"]
        items.sort(key=lambda o: o.get("created", 0), reverse=True)
        return {
            "object": "list",
            "data": [self._public(o, [e.removeprefix("data.") for e in expand]) for o in items],
            "has_more": False,
            "url": f"/v1/{kind}s",
        }

    def _create(self, kind: str, params: dict) -> dict:
        now = self.clock()
        if kind == "customer":
            return self.customer_create(
                email=params.get("email", ""),
                name=params.get("name", ""),
                metadata=params.get("metadata"),
            )
        if kind == "product":
            product_id = params.get("id") or self.new_id("prod")
            if product_id in self.objects.get("product", {}):
                raise StripeError(
                    400, f"Product already exists: {product_id}", code="resource_already_exists"
                )
            return self._store(
                "product",
                {
                    "id": product_id,
                    "object": "product",
                    "active": _bool(params.get("active", "true")),
                    "name": params["name"],
                    "description": params.get("description"),
                    "metadata": params.get("metadata", {}),
                    "created": now,
                    "updated": now,
                    "livemode": False,
                    "default_price": None,
                    "images": [],
                    "marketing_features": [],
                    "package_dimensions": None,
                    "shippable": None,
                    "statement_descriptor": None,
                    "tax_code": None,
                    "type": "service",
                    "unit_label": None,
                    "url": None,
                },
            )
        if kind == "price":
            lookup_key = params.get("lookup_key")
            with self._lock:
                taken = [
                    p for p in self.all("price") if lookup_key and p.get("lookup_key") == lookup_key
                ]
                if taken and not _bool(params.get("transfer_lookup_key", "false")):
                    raise StripeError(400, f"A price with lookup key {lookup_key!r} exists.")
                for old in taken:
                    old["lookup_key"] = None
                recurring = params.get("recurring", {})
                return self._store(
                    "price",
                    {
                        "id": self.new_id("price"),
                        "object": "price",
                        "active": True,
                        "currency": params["currency"],
                        "unit_amount": int(params["unit_amount"]),
                        "unit_amount_decimal": params["unit_amount"],
                        "lookup_key": lookup_key,
                        "nickname": params.get("nickname"),
                        "product": params["product"],
                        "recurring": {
                            "interval": recurring.get("interval", "month"),
                            "interval_count": int(recurring.get("interval_count", 1)),
                            "usage_type": "licensed",
                            "aggregate_usage": None,
                            "trial_period_days": None,
                            "meter": None,
                        },
                        "type": "recurring",
                        "billing_scheme": "per_unit",
                        "tax_behavior": "unspecified",
                        "tiers_mode": None,
                        "transform_quantity": None,
                        "custom_unit_amount": None,
                        "metadata": params.get("metadata", {}),
                        "created": now,
                        "livemode": False,
                    },
                )
        if kind == "checkout.session":
            return self._checkout_session(params)
        if kind == "subscription":
            items = params.get("items", [{}])
            return self.subscription_create(customer=params["customer"], price=items[0]["price"])
        raise StripeError(404, f"Cannot create {kind} here.")

    def _modify(self, kind: str, obj: dict, params: dict) -> None:
        if kind == "subscription" and "cancel_at_period_end" in params:
            obj["cancel_at_period_end"] = _bool(params["cancel_at_period_end"])
            return
        for field, value in params.items():
            if field == "metadata":
                obj.setdefault("metadata", {}).update(value)
            elif field == "active":
                obj["active"] = _bool(value)
            elif field in ("name", "description", "email", "nickname", "lookup_key"):
                obj[field] = value
        if "updated" in obj:
            obj["updated"] = self.clock()

    def _checkout_session(self, params: dict) -> dict:
        if params.get("mode") != "subscription":
            raise StripeError(400, "Only mode=subscription is supported by this fake.")
        if not params.get("customer"):
            raise StripeError(400, "A customer is required.", param="customer")
        self.get("customer", params["customer"])
        line_items = params.get("line_items") or []
        price = self.get("price", line_items[0]["price"])
        session_id = self.new_id("cs_test")
        subscription_data = params.get("subscription_data", {})
        return self._store(
            "checkout.session",
            {
                "id": session_id,
                "object": "checkout.session",
                "mode": "subscription",
                "status": "open",
                "payment_status": "unpaid",
                "customer": params["customer"],
                "subscription": None,
                "client_reference_id": params.get("client_reference_id"),
                "metadata": params.get("metadata", {}),
                "success_url": params["success_url"],
                "cancel_url": params.get("cancel_url"),
                "url": f"{self.url}/checkout/{session_id}",
                "created": self.clock(),
                "expires_at": self.clock() + 86400,
                "livemode": False,
                "currency": price["currency"],
                "amount_total": price["unit_amount"],
                "payment_intent": None,
                "setup_intent": None,
                "invoice": None,
                "_line_items": line_items,
                "_subscription_metadata": subscription_data.get("metadata", {}),
                "_trial_days": subscription_data.get("trial_period_days", 0),
            },
        )

    def _portal_session(self, params: dict) -> dict:
        self.get("customer", params.get("customer", ""))
        session_id = self.new_id("bps")
        return self._store(
            "billing_portal.session",
            {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": params["customer"],
                "return_url": params.get("return_url"),
                "url": f"{self.url}/portal/{session_id}",
                "created": self.clock(),
                "livemode": False,
                "configuration": "bpc_fake",
                "flow": None,
                "locale": None,
                "on_behalf_of": None,
            },
        )

    # --- the hosted pages a browser visits ----------------------------------------------------
    def _page(self, method: str, path: str, params: dict, start_response):
        parts = path.strip("/").split("/")
        try:
            if parts[0] == "checkout" and len(parts) == 2:
                session = self.get("checkout.session", parts[1])
                price = self.get("price", session["_line_items"][0]["price"])
                product = self.get("product", price["product"])
                pay = f"/checkout/{session['id']}/pay"
                body = (
                    f"<h1>Pay Career Copilot</h1><p>Subscribe to {html.escape(product['name'])}"
                    f" for ${price['unit_amount'] / 100:.2f} per month.</p>"
                    f'<form method="post" action="{pay}"><label>Card number'
                    ' <input name="card" value="4242 4242 4242 4242"></label>'
                    '<button type="submit">Subscribe</button></form>'
                    f'<a href="{html.escape(session["cancel_url"] or "/")}">Back</a>'
                )
                return self._html(start_response, body)
            if parts[0] == "checkout" and parts[2:] == ["pay"] and method == "POST":
                events = self.checkout_complete(parts[1])
                session = self.get("checkout.session", parts[1])
                if self.webhook_url:
                    self.deliver_later(events)
                target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
                start_response("303 See Other", [("Location", target)])
                return [b""]
            if parts[0] == "portal" and len(parts) == 2:
                portal = self.get("billing_portal.session", parts[1])
                back = html.escape(portal["return_url"] or "/")
                return self._html(
                    start_response,
                    f"<h1>Manage billing</h1><p>Customer {portal['customer']}</p>"
                    f'<a href="{back}">Return to Career Copilot</a>',
                )
            if parts[0] == "invoices" and len(parts) == 2:
                invoice = self.get("invoice", parts[1])
                return self._html(start_response, f"<h1>Invoice {invoice['number']}</h1>")
        except StripeError as exc:
            start_response(f"{exc.status} Error", [("Content-Type", "text/plain")])
            return [exc.message.encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    @staticmethod
    def _html(start_response, body: str):
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<link rel="icon" href="data:,"><title>Stripe (fake)</title></head>'
            f"<body><main>{body}</main></body></html>"
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]
