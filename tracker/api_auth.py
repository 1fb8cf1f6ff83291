"""Personal access tokens for the API: ``Authorization: Bearer cct_…``.

Every route takes a full-access token by default; a route opens itself to other scopes
only by naming an auth class that allows them (the capture endpoints take
``CaptureTokenAuth``), so a capture-only token reads nothing, on new routes too.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from .models import ApiToken
from .services.preferences import api_token_authenticate


class PersonalAccessTokenAuth(HttpBearer):
    """Accepts an active token of an allowed scope: a revoked, unknown or malformed one
    gets 401, a valid one whose scope does not cover the route 403."""

    scopes: frozenset[str] = frozenset({ApiToken.Scope.FULL})

    def authenticate(self, request: HttpRequest, token: str):
        found = api_token_authenticate(raw=token.strip())
        if found is None:
            return None
        if found.scope not in self.scopes:
            raise AuthorizationError(
                message=(
                    "This token can only capture jobs (POST /api/v1/capture/…). "
                    "Create a full-access token in your job tracker settings for this."
                )
            )
        request.user = found.user
        request.api_token = found
        return found.user


class CaptureTokenAuth(PersonalAccessTokenAuth):
    """The capture endpoints: full-access and capture-only tokens."""

    scopes = frozenset({ApiToken.Scope.FULL, ApiToken.Scope.CAPTURE})
