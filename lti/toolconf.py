"""pylti1p3 wired to our registrations: the tool configuration it asks for platforms and
deployments, and a message launch with the checks pylti1p3 leaves to the tool (a nonce
used once, the audience, the deployment registered in the admin)."""

from __future__ import annotations

from datetime import timedelta

import requests
from django.db import IntegrityError, transaction
from django.utils import timezone
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch
from pylti1p3.deployment import Deployment as LtiDeploymentRef
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.tool_config.abstract import ToolConfAbstract

from . import keys
from .models import Deployment, LtiNonce, Platform

HTTP_TIMEOUT = 10  # seconds, for every call to a platform
NONCE_KEEP_DAYS = 2


class ToolRegistration(Registration):
    """pylti1p3's registration, signing with our current tool key."""

    def __init__(self, platform: Platform) -> None:
        super().__init__()
        key = keys.signing_key()
        self.platform = platform
        self._kid = key.kid
        self.set_issuer(platform.issuer).set_client_id(platform.client_id)
        self.set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url)
        self.set_auth_audience(platform.auth_audience or None)
        self.set_key_set_url(platform.keyset_url).set_tool_private_key(key.private_pem)

    def get_kid(self) -> str:
        return self._kid

    def get_jwks(self) -> list:
        return keys.jwks()["keys"]


class ToolConf(ToolConfAbstract):
    """Platforms and deployments from the admin. Many client IDs per issuer."""

    def __init__(self) -> None:
        super().__init__()
        self.platform: Platform | None = None
        self.deployment: Deployment | None = None

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return None  # a client ID is always required

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        if not client_id:
            return None
        self.platform = Platform.objects.filter(
            issuer=iss, client_id=client_id, is_active=True
        ).first()
        return ToolRegistration(self.platform) if self.platform else None

    def find_deployment(self, iss, deployment_id):
        return None

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        self.deployment = (
            Deployment.objects.select_related("platform")
            .filter(
                platform__issuer=iss,
                platform__client_id=client_id,
                platform__is_active=True,
                deployment_id=deployment_id,
                is_active=True,
            )
            .first()
        )
        if self.deployment is None:
            return None
        return LtiDeploymentRef().set_deployment_id(deployment_id)


def http_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "CareerCopilot-LTI"
    session.request = _with_timeout(session.request)  # type: ignore[method-assign]
    return session


def _with_timeout(request):
    def call(method, url, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return request(method, url, **kwargs)

    return call


class ToolMessageLaunch(DjangoMessageLaunch):
    """pylti1p3's launch validation plus: the audience must name our client ID (and
    ``azp`` must, when several audiences are listed), and a nonce is accepted once."""

    def __init__(self, request, tool_conf: ToolConf, **kwargs) -> None:
        kwargs["launch_data_storage"] = (
            kwargs.get("launch_data_storage") or DjangoCacheDataStorage()
        )
        kwargs["requests_session"] = kwargs.get("requests_session") or http_session()
        super().__init__(request, tool_conf, **kwargs)

    def get_client_id(self) -> str:
        body = self._get_jwt_body()
        aud = body.get("aud")
        if isinstance(aud, list):
            if len(aud) == 1:
                return aud[0]
            azp = body.get("azp")
            if not azp or azp not in aud:
                raise LtiException("The launch names several audiences and no authorised party")
            return azp
        return aud

    def validate_message(self):
        super().validate_message()
        self._consume_nonce()
        return self

    def _consume_nonce(self) -> None:
        platform = self._tool_config.platform
        nonce = self._get_jwt_body().get("nonce")
        LtiNonce.objects.filter(
            used_at__lt=timezone.now() - timedelta(days=NONCE_KEEP_DAYS)
        ).delete()
        try:
            with transaction.atomic():
                LtiNonce.objects.create(platform=platform, nonce=nonce)
        except IntegrityError:
            raise LtiException("This launch was already used") from None


def service_connector(platform: Platform) -> ServiceConnector:
    return ServiceConnector(ToolRegistration(platform), http_session())


def launch_restore(request, launch_id: str) -> ToolMessageLaunch:
    """A validated launch kept in the cache (deep linking answers it after a choice)."""
    tool_conf = ToolConf()
    return ToolMessageLaunch.from_cache(launch_id, request, tool_conf)
