"""Everything that changes billing state. Other apps import from here:

- ``entitlement_consume(*, user, feature, amount=1)`` and ``QuotaExceeded`` (quotas, D5)
- ``entitlement_release(*, user, feature, amount=1, period_start=None)`` (work that failed)
- ``subscription_cancel_for_user(*, user)`` (account deletion, A6)
- ``plan_grant(*, user, plan_code, until, note="")`` (admin grants, D7)
"""

from .accounts import (
    fraud_flag_review,
    grace_periods_expire,
    plan_grant,
    plan_grant_revoke,
    subscription_cancel_for_user,
)
from .catalog import (
    plans_sync,
)
from .checkout import (
    NoBillingCustomer,
    Redirect,
    checkout_start,
    portal_start,
)
from .entitlements import (
    Allowance,
    QuotaExceeded,
    entitlement_consume,
    entitlement_release,
)
from .stripe_sync import (
    account_for_user,
    account_lock_for_customer,
    customer_sync,
    subscription_is_live,
)
from .webhooks import (
    webhook_event_fail,
    webhook_event_handle,
    webhook_event_record,
    webhook_event_retry,
    webhook_events_purge,
)

__all__ = [
    "Allowance",
    "NoBillingCustomer",
    "QuotaExceeded",
    "Redirect",
    "account_for_user",
    "account_lock_for_customer",
    "checkout_start",
    "customer_sync",
    "entitlement_consume",
    "entitlement_release",
    "fraud_flag_review",
    "grace_periods_expire",
    "plan_grant",
    "plan_grant_revoke",
    "plans_sync",
    "portal_start",
    "subscription_cancel_for_user",
    "subscription_is_live",
    "webhook_event_fail",
    "webhook_event_handle",
    "webhook_event_record",
    "webhook_event_retry",
    "webhook_events_purge",
]
