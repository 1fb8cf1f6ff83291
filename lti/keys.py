"""Our tool's signing keys: generated, rotated and published as a JWKS."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import transaction
from jwt.algorithms import RSAAlgorithm

from .models import ToolKey


def _thumbprint(jwk: dict) -> str:
    import base64
    import hashlib

    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@transaction.atomic
def tool_key_rotate() -> ToolKey:
    """A new 2048-bit RSA key that signs from now on. Older active keys stay published
    until retired, so platforms that cached them keep verifying."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    jwk = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    jwk.update(kid=_thumbprint(jwk), alg="RS256", use="sig")
    return ToolKey.objects.create(kid=jwk["kid"], private_pem=pem, public_jwk=jwk)


def tool_keys_retire(*, keep_newest: bool = True) -> int:
    """Stops publishing every active key but the signing one."""
    current = signing_key() if keep_newest else None
    keys = ToolKey.objects.filter(is_active=True)
    if current is not None:
        keys = keys.exclude(pk=current.pk)
    return keys.update(is_active=False)


def signing_key() -> ToolKey:
    """The newest active key; one is made on first use."""
    key = ToolKey.objects.filter(is_active=True).order_by("-created_at", "-id").first()
    return key or tool_key_rotate()


def jwks() -> dict:
    signing_key()
    return {"keys": [k.public_jwk for k in ToolKey.objects.filter(is_active=True)]}
