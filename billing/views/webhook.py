"""The Stripe webhook endpoint: verify, record, answer. Processing happens in Celery.

Each delivery's signature is checked by the Stripe gateway against
STRIPE_WEBHOOK_SECRET (``Stripe-Signature: t=…,v1=HMAC-SHA256``, 5-minute tolerance).
A verified delivery is recorded as a dj-stripe ``WebhookEventTrigger`` (headers, body,
IP), its event goes into our inbox once per event id, and a task processes it. A
forged or malformed delivery gets 400 and stores nothing.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import stripe_gateway as gateway
from ..selectors import billing_enabled
from ..services.webhooks import webhook_event_record

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 512 * 1024


def _event_payload(body: str) -> dict | None:
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or payload.get("object") != "event":
        return None
    if not isinstance(payload.get("id"), str) or not isinstance(payload.get("type"), str):
        return None
    data = payload.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return None
    return payload


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    from djstripe.models import WebhookEventTrigger
    from djstripe.models.webhooks import get_remote_ip

    secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
    if not billing_enabled() or not secret:
        # Stripe retries for days: nothing is lost while the configuration is fixed.
        return HttpResponse("Billing is not configured.", status=503)
    if "stripe-signature" not in request.headers:
        return HttpResponseBadRequest("Missing Stripe-Signature.")
    if len(request.body) > MAX_BODY_BYTES:
        return HttpResponseBadRequest("Payload too large.")
    body = request.body.decode("utf-8", errors="replace")
    payload = _event_payload(body)
    trigger = WebhookEventTrigger(
        headers=dict(request.headers), body=body, remote_ip=get_remote_ip(request)
    )
    if payload is None or not gateway.webhook_signature_valid(
        body=body, signature=request.headers["stripe-signature"], secret=secret
    ):
        # Nothing is stored for a forged or malformed delivery.
        logger.warning("billing: rejected a webhook delivery from %s", trigger.remote_ip)
        return HttpResponseBadRequest("Invalid signature or payload.")
    with transaction.atomic():  # the task is queued when both rows are committed
        trigger.valid = True
        trigger.save()
        event = webhook_event_record(payload=payload, trigger_id=trigger.pk)
    return HttpResponse(f"{event.status}", content_type="text/plain")
