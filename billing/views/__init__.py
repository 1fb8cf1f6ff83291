from .pages import billing_home, checkout, checkout_cancelled, checkout_success, invoice, portal
from .webhook import stripe_webhook

__all__ = [
    "billing_home",
    "checkout",
    "checkout_cancelled",
    "checkout_success",
    "invoice",
    "portal",
    "stripe_webhook",
]
