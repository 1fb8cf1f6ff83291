"""In-memory Stripe objects in the API's JSON shapes, and the events that describe them."""

from __future__ import annotations

import copy
import hashlib
import itertools
import threading
import time
from collections.abc import Callable

API_VERSION = "2026-08-26.dahlia"
ACCOUNT_ID = "acct_1FakeCareerCopilot0001"
MONTH = 30 * 24 * 60 * 60


class StripeError(Exception):
    def __init__(self, status: int, message: str, *, code: str = "", param: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param


class StripeObjects:
    """Storage and builders. ``url`` (the server's base URL) comes from the subclass."""

    url: str

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, dict]] = {}
        self.events: list[dict] = []
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self.clock: Callable[[], int] = lambda: int(time.time())
        self.objects["account"] = {ACCOUNT_ID: self._account()}

    # --- ids and storage -----------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):08d}{hashlib.sha1(str(time.time_ns()).encode()).hexdigest()[:16]}"  # noqa: S324

    def _store(self, kind: str, obj: dict) -> dict:
        with self._lock:
            self.objects.setdefault(kind, {})[obj["id"]] = obj
        return obj

    def get(self, kind: str, object_id: str) -> dict:
        with self._lock:
            obj = self.objects.get(kind, {}).get(object_id)
        if obj is None:
            raise StripeError(
                404, f"No such {kind}: '{object_id}'", code="resource_missing", param="id"
            )
        return obj

    def all(self, kind: str) -> list[dict]:
        with self._lock:
            return list(self.objects.get(kind, {}).values())

    # --- object builders (also used by tests) --------------------------------------------------
    def _account(self) -> dict:
        return {
            "id": ACCOUNT_ID,
            "object": "account",
            "business_profile": {"name": "Career Copilot (test)"},
            "settings": {"dashboard": {"display_name": "Career Copilot"}},
            "charges_enabled": True,
            "payouts_enabled": True,
            "details_submitted": True,
            "country": "US",
            "default_currency": "usd",
            "email": "billing@careercopilot.test",
            "type": "standard",
            "capabilities": {},
            "metadata": {},
            "created": 1_700_000_000,
        }

    def customer_create(self, *, email: str = "", name: str = "", metadata: dict | None = None):
        return self._store(
            "customer",
            {
                "id": self.new_id("cus"),
                "object": "customer",
                "email": email or None,
                "name": name or None,
                "description": None,
                "metadata": dict(metadata or {}),
                "created": self.clock(),
                "livemode": False,
                "balance": 0,
                "currency": "usd",
                "default_source": None,
                "delinquent": False,
                "discount": None,
                "address": None,
                "phone": None,
                "preferred_locales": [],
                "tax_exempt": "none",
                "test_clock": None,
                "invoice_settings": {"default_payment_method": None, "custom_fields": None},
            },
        )

    def price_by_lookup_key(self, lookup_key: str) -> dict:
        for price in self.all("price"):
            if price.get("lookup_key") == lookup_key and price["active"]:
                return price
        raise StripeError(404, f"No active price with lookup key {lookup_key!r}")

    def subscription_create(
        self,
        *,
        customer: str,
        price: str,
        status: str = "active",
        trial_days: int = 0,
        metadata: dict | None = None,
    ) -> dict:
        """A subscription as Stripe would hold it; ``price`` is an id or a lookup key."""
        price_obj = (
            self.get("price", price)
            if price.startswith("price_")
            else (self.price_by_lookup_key(price))
        )
        now = self.clock()
        trial_end = now + trial_days * 86400 if trial_days else None
        period_end = trial_end or now + MONTH
        sub_id = self.new_id("sub")
        item = {
            "id": self.new_id("si"),
            "object": "subscription_item",
            "subscription": sub_id,
            "price": copy.deepcopy(price_obj),
            "quantity": 1,
            "created": now,
            "current_period_start": now,
            "current_period_end": period_end,
            "metadata": {},
            "tax_rates": [],
            "discounts": [],
            "billing_thresholds": None,
        }
        return self._store(
            "subscription",
            {
                "id": sub_id,
                "object": "subscription",
                "customer": customer,
                "status": "trialing" if trial_days else status,
                "created": now,
                "start_date": now,
                "billing_cycle_anchor": period_end,
                "cancel_at_period_end": False,
                "cancel_at": None,
                "canceled_at": None,
                "ended_at": None,
                "trial_start": now if trial_days else None,
                "trial_end": trial_end,
                "currency": price_obj["currency"],
                "collection_method": "charge_automatically",
                "latest_invoice": None,
                "default_payment_method": None,
                "default_source": None,
                "default_tax_rates": [],
                "discounts": [],
                "pending_update": None,
                "schedule": None,
                "test_clock": None,
                "livemode": False,
                "metadata": dict(metadata or {}),
                "items": {
                    "object": "list",
                    "data": [item],
                    "has_more": False,
                    "total_count": 1,
                    "url": f"/v1/subscription_items?subscription={sub_id}",
                },
            },
        )

    def subscription_update(self, sub_id: str, *, price: str | None = None, **changes) -> dict:
        """Change a subscription the way the portal or dunning would (status, plan, ...)."""
        with self._lock:
            sub = self.get("subscription", sub_id)
            if price is not None:
                new_price = (
                    self.get("price", price)
                    if price.startswith("price_")
                    else (self.price_by_lookup_key(price))
                )
                sub["items"]["data"][0]["price"] = copy.deepcopy(new_price)
            if changes.get("status") == "canceled":
                changes.setdefault("canceled_at", self.clock())
                changes.setdefault("ended_at", self.clock())
            sub.update(changes)
            return copy.deepcopy(sub)

    def invoice_create(self, *, subscription: str, status: str = "paid") -> dict:
        sub = self.get("subscription", subscription)
        item = sub["items"]["data"][0]
        amount = item["price"]["unit_amount"]
        invoice = self._store(
            "invoice",
            {
                "id": self.new_id("in"),
                "object": "invoice",
                "customer": sub["customer"],
                "status": status,
                "number": f"CC-{next(self._ids):06d}",
                "currency": sub["currency"],
                "amount_due": amount,
                "amount_paid": amount if status == "paid" else 0,
                "amount_remaining": 0 if status == "paid" else amount,
                "subtotal": amount,
                "total": amount,
                "attempt_count": 1,
                "attempted": True,
                "billing_reason": "subscription_cycle",
                "collection_method": "charge_automatically",
                "created": self.clock(),
                "period_start": item["current_period_start"],
                "period_end": item["current_period_end"],
                "hosted_invoice_url": f"{self.url}/invoices/{{id}}",
                "invoice_pdf": None,
                "default_payment_method": None,
                "discounts": [],
                "livemode": False,
                "metadata": {},
                "lines": {"object": "list", "data": [], "has_more": False, "url": "/v1/lines"},
                "parent": {
                    "type": "subscription_details",
                    "subscription_details": {"subscription": subscription, "metadata": {}},
                },
                "status_transitions": {"paid_at": self.clock() if status == "paid" else None},
            },
        )
        invoice["hosted_invoice_url"] = f"{self.url}/invoices/{invoice['id']}"
        sub["latest_invoice"] = invoice["id"]
        return invoice

    def charge_create(self, *, customer: str, amount: int = 999) -> dict:
        return self._store(
            "charge",
            {
                "id": self.new_id("ch"),
                "object": "charge",
                "customer": customer,
                "amount": amount,
                "currency": "usd",
                "status": "succeeded",
                "paid": True,
                "created": self.clock(),
                "livemode": False,
                "metadata": {},
            },
        )

    def early_fraud_warning(self, *, charge: str) -> dict:
        return {
            "id": self.new_id("issfr"),
            "object": "radar.early_fraud_warning",
            "actionable": True,
            "charge": charge,
            "created": self.clock(),
            "fraud_type": "made_with_stolen_card",
            "livemode": False,
            "payment_intent": self.new_id("pi"),
        }

    # --- events and webhooks ---------------------------------------------------------------
    def event(self, event_type: str, obj: dict, *, previous_attributes: dict | None = None):
        data = {"object": copy.deepcopy(obj)}
        if previous_attributes:
            data["previous_attributes"] = previous_attributes
        event = {
            "id": self.new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": self.clock(),
            "data": data,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        with self._lock:
            self.events.append(event)
        return event
