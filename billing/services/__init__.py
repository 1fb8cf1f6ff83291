"""Everything that changes billing state. Other apps import from here:

- ``entitlement_consume(*, user, feature, amount=1)`` and ``QuotaExceeded`` (quotas, D5)
- ``entitlement_release(*, user, feature, amount=1, period_start=None)`` (work that failed)
- ``subscription_cancel_for_user(*, user)`` (account deletion, A6)
- ``plan_grant(*, user, plan_code, until, note="")`` (admin grants, D7)
"""

from .accounts import plan_grant, plan_grant_revoke, subscription_cancel_for_user
from .entitlements import Allowance, QuotaExceeded, entitlement_consume, entitlement_release

__all__ = [
    "Allowance",
    "QuotaExceeded",
    "entitlement_consume",
    "entitlement_release",
    "plan_grant",
    "plan_grant_revoke",
    "subscription_cancel_for_user",
]
