"""/api/v1/capture/: the browser extension's (and any client's) way to capture a job.

Both endpoints take full-access and capture-only tokens (``CaptureTokenAuth``); a
capture-only token can call nothing else. The server never fetches the page: the client
sends the HTML it already has.

Browser extensions call from their own origin (``chrome-extension://…``,
``moz-extension://…``), so these endpoints answer CORS for extension origins only. The
token is the credential and no cookie is ever accepted, so no web page gains anything.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import field_validator, model_validator

from careercopilot import ratelimit
from careercopilot.api_errors import ServiceError, errors
from careercopilot.api_input import InputSchema, IsoDate

from ..api import NOT_BLANK, WEB_ADDRESS, check_salary_range
from ..api_auth import CaptureTokenAuth
from .document import MAX_HTML_CHARS, MAX_TEXT_CHARS
from .parser import parse_posting
from .selectors import tracked_application
from .services import application_capture, capture_match_start
from .urls import is_web_address, normalise_url
from .values import MAX_SALARY

router = Router(tags=["Job capture"], auth=CaptureTokenAuth())

EXTENSION_ORIGINS = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
Period = Literal["", "hour", "day", "week", "month", "year"]
TOO_MANY = {
    "detail": "Too many captures in a short time; wait a minute and try again.",
    "errors": [],
}


def extension_cors(run):
    """CORS headers for browser extension origins, on every answer (errors included)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        origin = request.headers.get("Origin", "")
        if origin.startswith(EXTENSION_ORIGINS):
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
            response["Access-Control-Max-Age"] = "600"
        patch_vary_headers(response, ["Origin"])
        return response

    return wrapper


def _web_address(value: str) -> str:
    value = value.strip()
    if value and not is_web_address(value):
        raise ValueError("Enter a web address starting with http:// or https://.")
    return value


class CapturePageIn(InputSchema):
    url: str = Field(
        "", max_length=4000, pattern=WEB_ADDRESS, description="The page's address (http or https)."
    )
    html: str = Field(
        ...,
        min_length=1,
        max_length=MAX_HTML_CHARS,
        description="The page's HTML (document.documentElement.outerHTML), or its text.",
    )

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _web_address(value)


class CapturedOut(Schema):
    title: str
    company: str
    location: str
    remote: bool
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    salary_period: Period
    date_posted: dt.date | None
    deadline: dt.date | None
    description: str
    source: Literal["jsonld", "microdata", "opengraph", "text"]
    url: str = Field(description="The posting's address, cleaned (tracking parameters removed).")
    tracked: bool = Field(
        description="An application already tracks this address: saving updates it."
    )


class CaptureSaveIn(InputSchema):
    url: str = Field("", max_length=1000, pattern=WEB_ADDRESS)
    title: str = Field(..., min_length=1, max_length=200, pattern=NOT_BLANK)
    company: str = Field(..., min_length=1, max_length=200, pattern=NOT_BLANK)
    location: str = Field("", max_length=200)
    remote: bool = False
    salary_min: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_max: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_currency: str = Field("", pattern=r"^([A-Za-z]{3})?$")
    salary_period: Period = ""
    deadline: IsoDate | None = None
    description: str = Field("", max_length=MAX_TEXT_CHARS)
    start_match: bool = Field(False, description="Also match the job against your default resume.")

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _web_address(value)

    @model_validator(mode="after")
    def _salary_range(self):
        return check_salary_range(self)

    @field_validator("title", "company")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("This field is required.")
        return value.strip()


class CaptureSavedOut(Schema):
    application_id: int
    created: bool = Field(
        description="False when an application already tracked this posting and was updated."
    )
    application_url: str = Field(description="The application's page in the tracker.")
    match_id: int | None = None
    match_url: str = ""
    match_error: str = Field("", description="Why no match was started, when one was asked for.")


@router.post(
    "/parse",
    response={200: CapturedOut, **errors(400, 401, 403, 422, 429)},
    summary="Read a job posting from a page",
    description="Parses the page (nothing is stored) and says whether it is already tracked.",
)
@decorate_view(extension_cors)
def capture_parse(request: HttpRequest, payload: CapturePageIn):
    if not ratelimit.allow(user_id=request.auth.pk, action="capture"):
        return Status(429, TOO_MANY)
    posting = parse_posting(payload.html, url=payload.url)
    data = posting.as_json()
    data["url"] = normalise_url(payload.url) or normalise_url(posting.url)
    data["tracked"] = (
        bool(data["url"]) and tracked_application(request.auth, data["url"]) is not None
    )
    return data


@router.post(
    "/save",
    response={
        200: CaptureSavedOut,
        201: CaptureSavedOut,
        **errors(400, 401, 403, 422, 429),
    },
    summary="Save a confirmed posting to the tracker",
    description=(
        "Creates an application (201), or updates the one that already tracks this address "
        "(200): the same posting is never tracked twice. Optionally starts a match against "
        "your default resume."
    ),
)
@decorate_view(extension_cors)
def capture_save(request: HttpRequest, payload: CaptureSaveIn):
    user = request.auth
    if not ratelimit.allow(user_id=user.pk, action="capture"):
        return Status(429, TOO_MANY)
    fields = payload.dict(exclude={"url", "start_match"})
    try:
        outcome = application_capture(user=user, url=payload.url, fields=fields)
    except ValidationError as exc:
        raise ServiceError(exc) from exc
    application = outcome.application
    body = {
        "application_id": application.pk,
        "created": outcome.created,
        "application_url": request.build_absolute_uri(application.get_absolute_url()),
    }
    if payload.start_match:
        if ratelimit.allow(user_id=user.pk, action="ai"):
            analysis, body["match_error"] = capture_match_start(user=user, application=application)
        else:
            analysis, body["match_error"] = (
                None,
                "Too many AI requests just now; start the match from the tracker in a minute.",
            )
        if analysis is not None:
            body["match_id"] = analysis.pk
            body["match_url"] = request.build_absolute_uri(
                reverse("resumes:analysis_detail", args=[analysis.pk])
            )
    return Status(201 if outcome.created else 200, body)


@router.api_operation(["OPTIONS"], "/parse", auth=None, include_in_schema=False)
@decorate_view(extension_cors)
def capture_parse_preflight(request: HttpRequest):
    return HttpResponse(status=204)


@router.api_operation(["OPTIONS"], "/save", auth=None, include_in_schema=False)
@decorate_view(extension_cors)
def capture_save_preflight(request: HttpRequest):
    return HttpResponse(status=204)
