"""Stripe products and prices from the one plan definition (``billing_sync_plans``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import stripe_gateway as gateway
from ..plans import CURRENCY, PAID_PLANS, Plan

__all__ = [
    "plans_sync",
]


@dataclass
class PlanSyncResult:
    plan: Plan
    product_id: str
    price_id: str = ""
    changes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        done = "; ".join(self.changes) if self.changes else "unchanged"
        return f"{self.plan.name}: {done} (product {self.product_id}, price {self.price_id or '-'})"


def _product_fields(plan: Plan) -> dict:
    return {
        "name": f"Career Copilot {plan.name}",
        "description": plan.tagline,
        "metadata": {"plan": plan.code},
    }


def _price_matches(price: dict, plan: Plan) -> bool:
    recurring = price.get("recurring") or {}
    return (
        price.get("unit_amount") == plan.unit_amount
        and price.get("currency") == CURRENCY
        and recurring.get("interval") == "month"
        and recurring.get("interval_count", 1) == 1
        and price.get("product") == plan.stripe_product_id
    )


def _sync_product(plan: Plan, result: PlanSyncResult, *, dry_run: bool) -> None:
    wanted = _product_fields(plan)
    product = gateway.product_retrieve(plan.stripe_product_id)
    if product is None:
        result.changes.append("product created")
        if not dry_run:
            gateway.product_create(id=plan.stripe_product_id, **wanted)
        return
    stale = {key: wanted[key] for key in ("name", "description") if product.get(key) != wanted[key]}
    if not wanted["metadata"].items() <= (product.get("metadata") or {}).items():
        stale["metadata"] = wanted["metadata"]
    if not product.get("active", True):
        stale["active"] = True
    if stale:
        result.changes.append(f"product updated ({', '.join(sorted(stale))})")
        if not dry_run:
            gateway.product_modify(plan.stripe_product_id, **stale)


def _sync_price(plan: Plan, result: PlanSyncResult, *, dry_run: bool) -> None:
    current = gateway.prices_for_lookup_key(plan.stripe_lookup_key)
    if current and _price_matches(current[0], plan):
        result.price_id = current[0]["id"]
        return
    result.changes.append("price replaced" if current else "price created")
    if dry_run:
        return
    price = gateway.price_create(
        product=plan.stripe_product_id,
        currency=CURRENCY,
        unit_amount=plan.unit_amount,
        recurring={"interval": "month"},
        lookup_key=plan.stripe_lookup_key,
        transfer_lookup_key=True,  # move the key off the old price in the same call
        nickname=f"{plan.name} monthly",
        metadata={"plan": plan.code},
    )
    result.price_id = price["id"]
    for old in current:  # existing subscribers keep their price; new checkouts get the new one
        gateway.price_modify(old["id"], active=False)
    gateway.price_cache_clear(plan)


def _mirror(result: PlanSyncResult) -> None:
    """Keep dj-stripe's copies of the product and price current."""
    product = gateway.product_retrieve(result.product_id)
    if product is not None:
        gateway.product_mirror(product)
    if result.price_id:
        gateway.price_mirror(result.price_id)


def plans_sync(*, dry_run: bool = False) -> list[PlanSyncResult]:
    """Create or update each paid plan's Stripe product and monthly price.

    Idempotent: products have our own ids, prices are found by lookup key, and a price
    is only replaced when its amount, currency or interval differ from the plan.
    """
    results = []
    for plan in PAID_PLANS:
        result = PlanSyncResult(plan=plan, product_id=plan.stripe_product_id)
        _sync_product(plan, result, dry_run=dry_run)
        _sync_price(plan, result, dry_run=dry_run)
        if not dry_run:
            _mirror(result)
        results.append(result)
    return results
