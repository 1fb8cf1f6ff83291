"""LTI Dynamic Registration: a platform admin pastes our registration link, the platform
opens it with its OpenID configuration and a registration token, and we register
ourselves with the platform and record it here, ready for launches.

The link is made in our admin (signed, one use, valid for ``LINK_DAYS``): without it
anyone running a platform could register with us."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from .models import Deployment, Platform
from .services import LaunchRefused, site_url
from .toolconf import http_session

LINK_SALT = "lti.register"
LINK_DAYS = 7
TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
]


def registration_link() -> str:
    token = signing.dumps({"j": uuid.uuid4().hex}, salt=LINK_SALT)
    return site_url(reverse("lti:register", args=[token]))


def link_check(token: str) -> str:
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_DAYS * 86400)
    except signing.BadSignature:
        raise LaunchRefused(
            "This registration link is not valid",
            "Make a new registration link in the Career Copilot admin (LTI platforms).",
        ) from None
    return data["j"]


def platform_configuration(openid_configuration: str, registration_token: str) -> dict:
    """The platform's OpenID configuration; its issuer must be the site it came from."""
    if not openid_configuration.startswith(("https://", "http://")):
        raise LaunchRefused(
            "No platform configuration", "Start the registration from the platform."
        )
    try:
        response = http_session().get(
            openid_configuration, headers={"Authorization": f"Bearer {registration_token}"}
        )
        response.raise_for_status()
        config = response.json()
    except Exception:  # noqa: BLE001 - any failure is the same answer to the admin
        raise LaunchRefused(
            "The platform's configuration could not be read", "Try the registration again."
        ) from None
    issuer = str(config.get("issuer") or "")
    same_site = urlsplit(issuer)[:2] == urlsplit(openid_configuration)[:2]
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint")
    if not issuer or not same_site or not all(config.get(k) for k in needed):
        raise LaunchRefused(
            "The platform's configuration is incomplete",
            "It must name its issuer (on its own site) and its endpoints.",
        )
    return config


def tool_configuration() -> dict:
    launch_url = site_url(reverse("lti:launch"))
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": site_url(reverse("lti:login")),
        "redirect_uris": [launch_url],
        "client_name": "Career Copilot",
        "jwks_uri": site_url(reverse("lti:jwks")),
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIG: {
            "domain": urlsplit(launch_url).netloc,
            "target_link_uri": launch_url,
            "claims": ["iss", "sub", "name", "given_name", "family_name", "email"],
            "messages": [
                {"type": "LtiResourceLinkRequest", "target_link_uri": launch_url},
                {
                    "type": "LtiDeepLinkingRequest",
                    "target_link_uri": launch_url,
                    "label": "Career Copilot",
                    "placements": ["ContentArea", "link_selection", "assignment_selection"],
                },
            ],
        },
    }


def platform_register(*, link: str, openid_configuration: str, registration_token: str) -> Platform:
    """Registers our tool with the platform and records the platform; the link is spent."""
    link_id = link_check(link)
    config = platform_configuration(openid_configuration, registration_token)
    if not cache.add(f"lti:register:{link_id}", 1, (LINK_DAYS + 1) * 86400):
        raise LaunchRefused(
            "This registration link was already used", "Make a new one in the Career Copilot admin."
        )
    try:
        response = http_session().post(
            config["registration_endpoint"],
            json=tool_configuration(),
            headers={"Authorization": f"Bearer {registration_token}"},
        )
        response.raise_for_status()
        answer = response.json()
    except Exception:  # noqa: BLE001
        cache.delete(f"lti:register:{link_id}")
        raise LaunchRefused(
            "The platform did not accept the registration", "Try again from the platform."
        ) from None
    product = config.get("https://purl.imsglobal.org/spec/lti-platform-configuration") or {}
    with transaction.atomic():
        platform, _ = Platform.objects.update_or_create(
            issuer=config["issuer"],
            client_id=str(answer["client_id"]),
            defaults={
                "name": str(product.get("product_family_code") or config["issuer"])[:200],
                "auth_login_url": config["authorization_endpoint"],
                "auth_token_url": config["token_endpoint"],
                "keyset_url": config["jwks_uri"],
                "registered_dynamically": True,
                "is_active": True,
            },
        )
        deployment_id = (answer.get(TOOL_CONFIG) or {}).get("deployment_id")
        if deployment_id:
            Deployment.objects.get_or_create(platform=platform, deployment_id=str(deployment_id))
    return platform
