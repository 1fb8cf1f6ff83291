"""A small LTI 1.3 platform for the tests: its own RSA keys, a JWKS, the OAuth2 token
endpoint (client_credentials with a JWT assertion signed by the tool, checked against the
tool's JWKS), NRPS and AGS, and a record of everything it receives.

A WSGI app on a local port, served from a thread; the tool reaches it over real HTTP.

    with FakePlatform(tool_jwks=lambda: ...) as platform:
        token = platform.id_token(sub="u1", roles=[...], nonce=...)
"""

from __future__ import annotations

import html
import json
import threading
import time
import uuid
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class FakePlatform:
    def __init__(self, *, tool_jwks, client_id: str = "tool-client", deployment_id: str = "dep-1"):
        self.tool_jwks = tool_jwks  # () -> the tool's JWKS dict
        self.client_id = client_id
        self.deployment_id = deployment_id
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self.kid = uuid.uuid4().hex
        self.jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key())) | {
            "kid": self.kid,
            "alg": "RS256",
            "use": "sig",
        }
        self.members: list[dict] = []
        self.line_items: dict[str, dict] = {}
        self.scores: list[dict] = []  # what AGS received: {"line_item": url, **score}
        self.tokens: list[dict] = []  # token requests: the verified assertion and scopes
        self.fail_next: list[int] = []  # HTTP statuses to answer the next score posts with
        self.registrations: list[dict] = []  # dynamic registrations received
        self.registration_token = "reg-" + uuid.uuid4().hex
        # Browser launches: login_hint -> the id_token arguments the next /auth answers with.
        self.launches: dict[str, dict] = {}
        self._server: WSGIServer | None = None

    # --- lifecycle ----------------------------------------------------------------------
    def __enter__(self) -> FakePlatform:
        self._server = make_server("127.0.0.1", 0, self, server_class=_Server, handler_class=_Quiet)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def issuer(self) -> str:
        return self.url

    def registration(self) -> dict:
        """What an admin types into our Platform form."""
        return {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "auth_login_url": self.url + "/auth",
            "auth_token_url": self.url + "/token",
            "keyset_url": self.url + "/jwks",
        }

    # --- launches -----------------------------------------------------------------------
    def id_token(
        self,
        *,
        sub: str,
        roles: list[str],
        nonce: str,
        context_id: str = "ctx-1",
        message_type: str = "LtiResourceLinkRequest",
        custom: dict | None = None,
        target: str = "window",
        expires_in: int = 300,
        aud=None,
        key_pem: str | None = None,
        kid: str | None = None,
        resource_link: str = "rl-1",
        extra: dict | None = None,
    ) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": aud if aud is not None else self.client_id,
            "sub": sub,
            "iat": now - 5,
            "exp": now + expires_in,
            "nonce": nonce,
            "name": f"Person {sub}",
            "email": f"{sub}@school.example",
            CLAIM + "message_type": message_type,
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "target_link_uri": "http://testserver/lti/launch/",
            CLAIM + "roles": roles,
            CLAIM + "context": {"id": context_id, "title": "Interview skills", "label": "INT-1"},
            CLAIM + "launch_presentation": {"document_target": target},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.url}/nrps/{context_id}",
                "service_versions": ["2.0"],
            },
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": AGS_SCOPES,
                "lineitems": f"{self.url}/ags/{context_id}/lineitems",
            },
        }
        if message_type == "LtiResourceLinkRequest":
            claims[CLAIM + "resource_link"] = {"id": resource_link}
        if message_type == "LtiDeepLinkingRequest":
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": self.url + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "data": "opaque-data",
            }
        if custom:
            claims[CLAIM + "custom"] = custom
        claims.update(extra or {})
        return jwt.encode(
            claims, key_pem or self.private_pem, algorithm="RS256", headers={"kid": kid or self.kid}
        )

    # --- HTTP ---------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode() if length else ""
        status, payload = "404 Not Found", {"error": "not found"}
        if path == "/favicon.ico":  # a browser on the authorisation page asks for one
            start_response("204 No Content", [])
            return [b""]
        if path == "/auth" and method == "GET":
            return self._auth(environ, start_response)
        if path == "/jwks":
            status, payload = "200 OK", {"keys": [self.jwk]}
        elif path == "/.well-known/openid-configuration":
            status, payload = "200 OK", self.openid_configuration()
        elif path == "/register" and method == "POST":
            status, payload = self._register(environ, body)
        elif path == "/token" and method == "POST":
            status, payload = self._token(parse_qs(body))
        elif not self._authorised(environ):
            status, payload = "401 Unauthorized", {"error": "no token"}
        elif path.startswith("/nrps/"):
            status, payload = "200 OK", {"id": path, "members": self.members}
        elif path.endswith("/lineitems"):
            status, payload = self._lineitems(path, method, body)
        elif path.endswith("/scores") and method == "POST":
            status, payload = self._score(path, body)
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(payload).encode()]

    def _auth(self, environ, start_response):
        """The OIDC authorisation step of a browser launch: a page that posts the signed
        id_token (for the person ``launches[login_hint]`` describes) back to the tool."""
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        claims = self.launches.get(query.get("login_hint", ""))
        if claims is None or query.get("client_id") != self.client_id:
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"unknown login_hint or client_id"]
        token = self.id_token(nonce=query["nonce"], **claims)
        fields = {"id_token": token, "state": query["state"]}
        inputs = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
            for name, value in fields.items()
        )
        page = (
            '<!doctype html><title>Platform</title><body onload="document.forms[0].submit()">'
            f'<form method="post" action="{html.escape(query["redirect_uri"])}">{inputs}</form>'
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode()]

    def _token(self, form: dict):
        assertion = (form.get("client_assertion") or [""])[0]
        try:
            header = jwt.get_unverified_header(assertion)
            key = next(k for k in self.tool_jwks()["keys"] if k["kid"] == header.get("kid"))
            claims = jwt.decode(
                assertion,
                RSAAlgorithm.from_jwk(json.dumps(key)),
                algorithms=["RS256"],
                audience=self.url + "/token",
            )
        except Exception as exc:  # noqa: BLE001 - any bad assertion is a 400
            return "400 Bad Request", {"error": "invalid_client", "detail": str(exc)}
        if claims.get("iss") != self.client_id or claims.get("sub") != self.client_id:
            return "400 Bad Request", {"error": "invalid_client"}
        scopes = (form.get("scope") or [""])[0].split()
        self.tokens.append({"claims": claims, "scopes": scopes})
        return "200 OK", {
            "access_token": "tok-" + uuid.uuid4().hex,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": " ".join(scopes),
        }

    def openid_configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.url + "/auth",
            "token_endpoint": self.url + "/token",
            "jwks_uri": self.url + "/jwks",
            "registration_endpoint": self.url + "/register",
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                "product_family_code": "fakeplatform",
            },
        }

    def _register(self, environ, body: str):
        if environ.get("HTTP_AUTHORIZATION") != f"Bearer {self.registration_token}":
            return "401 Unauthorized", {"error": "bad registration token"}
        request = json.loads(body)
        self.registrations.append(request)
        tool_config = "https://purl.imsglobal.org/spec/lti-tool-configuration"
        return "200 OK", {
            **request,
            "client_id": self.client_id,
            tool_config: {**request[tool_config], "deployment_id": self.deployment_id},
        }

    def _authorised(self, environ) -> bool:
        return environ.get("HTTP_AUTHORIZATION", "").startswith("Bearer tok-")

    def _lineitems(self, path: str, method: str, body: str):
        if method == "POST":
            item = json.loads(body)
            item["id"] = f"{self.url}{path}/{len(self.line_items) + 1}"
            self.line_items[item["id"]] = item
            return "201 Created", item
        return "200 OK", list(self.line_items.values())

    def _score(self, path: str, body: str):
        if self.fail_next:
            code = self.fail_next.pop(0)
            return f"{code} Unavailable", {"error": "busy"}
        line_item = self.url + path.removesuffix("/scores")
        self.scores.append({"line_item": line_item, **json.loads(body)})
        return "200 OK", {}
