"""The API's one error shape, and the error answers each operation declares.

Every error, whatever raised it (a malformed body, a missing token, an unknown id, input
that fails a check, a service's rule), answers ``{"detail": str, "errors": [...]}``:
``detail`` is a sentence for people and ``errors`` lists the fields at fault
(``{"field": "body.ends_at", "message": "…"}``). Operations list their codes with
``errors(401, 404, 422)``, so the OpenAPI schema names every status a client can get.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as InputError


class FieldError(Schema):
    field: str = Field(
        description="Where: body.<field>, query.<name> or path.<name>; empty for the request."
    )
    message: str


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in a sentence.")
    errors: list[FieldError] = Field(description="The fields at fault (empty when none is).")


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries for an operation's error codes."""
    return dict.fromkeys(codes, ErrorOut)


class ServiceError(Exception):
    """Carries a service's ValidationError to the 422 handler."""

    def __init__(self, error: DjangoValidationError, *, status: int = 422):
        self.error = error
        self.status = status


class ConflictError(ServiceError):
    """A request the resource's current state refuses (409), e.g. moving to the status
    an application is already in."""

    def __init__(self, error: DjangoValidationError):
        super().__init__(error, status=409)


def service_call(fn, *, error_class: type[ServiceError] = ServiceError, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise error_class(exc) from exc


def _body(detail: str, field_errors: list[dict[str, str]] | None = None) -> dict:
    return {"detail": detail, "errors": field_errors or []}


def _summary(field_errors: list[dict[str, str]]) -> str:
    parts = [
        f"{e['field'].split('.', 1)[-1]}: {e['message']}" if e["field"] else e["message"]
        for e in field_errors
    ]
    return " ".join(parts) or "The request is not valid."


def service_error_body(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        field_errors = [
            {"field": "" if name == "__all__" else f"body.{name}", "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        field_errors = [{"field": "", "message": message} for message in error.messages]
    return _body(_summary(field_errors), field_errors)


def input_error_body(exc: InputError) -> dict:
    """pydantic's errors (``loc``, ``msg``, ``type``) in the one shape."""
    field_errors = []
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ())]
        if len(loc) > 1 and loc[0] == "body" and loc[1] == "payload":
            loc = ["body", *loc[2:]]
        message = str(item.get("msg", "Invalid value.")).removeprefix("Value error, ")
        field_errors.append({"field": ".".join(loc), "message": message})
    return _body(_summary(field_errors), field_errors)


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request, body: dict, status: int):
        return api.create_response(request, body, status=status)

    @api.exception_handler(ServiceError)
    def service_error(request, exc: ServiceError):
        return respond(request, service_error_body(exc.error), exc.status)

    @api.exception_handler(InputError)
    def input_error(request, exc: InputError):
        return respond(request, input_error_body(exc), 422)

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, _body("Not found."), 404)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc: AuthenticationError):
        body = _body("A valid personal access token is required (Authorization: Bearer …).")
        response = respond(request, body, 401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(AuthorizationError)
    def insufficient_scope(request, exc: AuthorizationError):
        """A valid token whose scope does not cover the route (a capture-only token)."""
        response = respond(request, _body(exc.message), 403)
        response["WWW-Authenticate"] = 'Bearer realm="api", error="insufficient_scope"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        """ninja's own errors, e.g. a body that is not JSON (400)."""
        return respond(request, _body(exc.message), exc.status_code)
