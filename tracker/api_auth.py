"""Personal access tokens for the API: ``Authorization: Bearer cct_…``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from .services.preferences import api_token_authenticate


class PersonalAccessTokenAuth(HttpBearer):
    """Accepts an active token; a revoked, unknown or malformed one gets 401."""

    def authenticate(self, request: HttpRequest, token: str):
        found = api_token_authenticate(raw=token.strip())
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        return found.user
