"""/api/v1/ endpoints for applications, contacts and interviews.

Every endpoint goes through the same ownership helpers (404 for anyone else's object)
and the same services as the pages, so a move through the API is validated and lands
in the timeline exactly like a drag on the board.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import model_validator

from careercopilot.api_errors import (
    ConflictError,
    ErrorOut,
    ServiceError,
    errors,
    service_call,
)
from careercopilot.api_input import NUL_FREE, InputSchema, IsoDate, IsoDateTime
from careercopilot.converters import DbId
from careercopilot.timezones import user_zone

from . import selectors, services
from .models import Application, Contact, ContactRole, InterviewKind, Status, WorkMode
from .selectors.applications import (
    SORTS,
    TableFilters,
    application_table,
    days_in_stage,
    with_stage_entered,
)

__all__ = ["ErrorOut", "ServiceError", "router"]

router = Router(tags=["Job tracker"])

StatusValue = Literal[tuple(Status.values)]  # type: ignore[valid-type]
FromStatusValue = Literal[("", *Status.values)]  # type: ignore[valid-type]
WorkModeValue = Literal[("", *WorkMode.values)]  # type: ignore[valid-type]
RoleValue = Literal[tuple(ContactRole.values)]  # type: ignore[valid-type]
KindValue = Literal[tuple(InterviewKind.values)]  # type: ignore[valid-type]
SortValue = Literal[tuple(f"{d}{key}" for key in SORTS for d in ("", "-"))]  # type: ignore[valid-type]


MAX_PAGE = 10**9
MAX_SALARY = 2**31 - 1  # the column's range

# What the model validators accept, stated in the schema so that clients (and generated
# ones) can check input before sending it. Subsets of Django's URL and email validators.
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?"
_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_HOST = rf"(({_LABEL}\.){{1,5}}[A-Za-z]{{2,24}}|localhost|({_OCTET}\.){{3}}{_OCTET})"
WEB_ADDRESS = rf"^(https?://{_HOST}(:[0-9]{{1,5}})?([/?#][!-~]*)?)?$"
EMAIL = rf"^([A-Za-z0-9_%+-]{{1,32}}(\.[A-Za-z0-9_%+-]{{1,32}}){{0,3}}@({_LABEL}\.){{1,4}}[A-Za-z]{{2,24}})?$"
NOT_BLANK = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
CROSS_FIELD_RULES = {
    "salary": "salary_min cannot exceed salary_max (422).",
    "times": "ends_at must be after starts_at (422).",
}


def check_salary_range(payload):
    low, high = payload.salary_min, payload.salary_max
    if low is not None and high is not None and low > high:
        raise ValueError("salary_min cannot exceed salary_max.")
    return payload


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


CLEARS = "null empties it."


def clearable(**constraints) -> Any:
    """A text field a PATCH may leave out, or set to null to empty it."""
    return Field(None, description=CLEARS, **constraints)


def patch_data(payload: Schema) -> dict[str, Any]:
    """The fields sent, with null as "" for the text fields that null empties."""
    fields = type(payload).model_fields
    return {
        name: "" if value is None and fields[name].description == CLEARS else value
        for name, value in payload.dict(exclude_unset=True).items()
    }


def optional(**constraints) -> Any:
    """A field a PATCH may leave out but cannot set to null."""
    return Field(None, json_schema_extra=_no_default, **constraints)


class ApiPagination(PageNumberPagination):
    class Input(Schema):
        # An offset past PostgreSQL's 64-bit range was a 500; now it is a 422.
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=10_000)

    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


# --- Schemas ----------------------------------------------------------------------------


class ApplicationIn(InputSchema):
    company: str = Field(..., min_length=1, max_length=200, pattern=NOT_BLANK)
    position: str = Field(..., min_length=1, max_length=200, pattern=NOT_BLANK)
    posting_url: str = Field(
        "",
        max_length=1000,
        pattern=WEB_ADDRESS,
        description="http or https only; never fetched by the server",
    )
    location: str = Field("", max_length=200)
    work_mode: WorkModeValue = ""
    salary_min: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_max: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_currency: str = Field("USD", max_length=3)
    source: str = Field("", max_length=80)
    applied_on: IsoDate | None = None
    deadline: IsoDate | None = None
    description: str = ""
    notes: str = ""
    excitement: int = Field(3, ge=1, le=5)
    tags: list[str] = Field([], description="Tag names; blanks are dropped, each cut to 40.")
    status: StatusValue = Status.SAVED

    @model_validator(mode="after")
    def _salary_range(self):
        return check_salary_range(self)


class ApplicationPatch(InputSchema):
    company: str = optional(min_length=1, max_length=200, pattern=NOT_BLANK)
    position: str = optional(min_length=1, max_length=200, pattern=NOT_BLANK)
    posting_url: str | None = clearable(max_length=1000, pattern=WEB_ADDRESS)
    location: str | None = clearable(max_length=200)
    work_mode: WorkModeValue | None = clearable()
    salary_min: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_max: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_currency: str | None = clearable(max_length=3)
    source: str | None = clearable(max_length=80)
    applied_on: IsoDate | None = None
    deadline: IsoDate | None = None
    description: str | None = clearable()
    notes: str | None = clearable()
    excitement: int = optional(ge=1, le=5)
    tags: list[str] = optional(description="Replaces the tags.")
    archived: bool = optional(description="Archive (true) or restore (false).")

    @model_validator(mode="after")
    def _salary_range(self):
        return check_salary_range(self)


class ApplicationOut(Schema):
    id: int
    company: str
    position: str
    posting_url: str
    location: str
    work_mode: WorkModeValue
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    source: str
    applied_on: dt.date | None
    deadline: dt.date | None
    description: str
    notes: str
    excitement: int
    tags: list[str]
    status: StatusValue
    stage_entered_at: dt.datetime | None
    days_in_stage: int
    archived: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_days_in_stage(obj) -> int:
        return days_in_stage(obj)

    @staticmethod
    def resolve_archived(obj) -> bool:
        return obj.archived_at is not None


class MoveIn(InputSchema):
    status: StatusValue
    note: str = Field("", max_length=500)


class StatusChangeOut(Schema):
    from_status: FromStatusValue
    to_status: StatusValue
    changed_at: dt.datetime
    note: str


class ContactIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=150, pattern=NOT_BLANK)
    role: RoleValue = ContactRole.RECRUITER
    company: str = Field("", max_length=200)
    email: str = Field("", max_length=254, pattern=EMAIL)
    phone: str = Field("", max_length=40)
    linkedin_url: str = Field("", max_length=500, pattern=WEB_ADDRESS)
    notes: str = ""
    application_ids: list[DbId] = Field([], description="Your applications (404 for others).")


class ContactPatch(InputSchema):
    name: str = optional(min_length=1, max_length=150, pattern=NOT_BLANK)
    role: RoleValue = optional()
    company: str | None = clearable(max_length=200)
    email: str | None = clearable(max_length=254, pattern=EMAIL)
    phone: str | None = clearable(max_length=40)
    linkedin_url: str | None = clearable(max_length=500, pattern=WEB_ADDRESS)
    notes: str | None = clearable()
    application_ids: list[DbId] = optional(description="Replaces the links (404 for others).")


class ContactOut(Schema):
    id: int
    name: str
    role: RoleValue
    company: str
    email: str
    phone: str
    linkedin_url: str
    notes: str
    application_ids: list[int]

    @staticmethod
    def resolve_application_ids(obj) -> list[int]:
        return [app.pk for app in obj.applications.all()]


TIME_HELP = "ISO 8601; without an offset it is read in your profile's time zone"


class InterviewIn(InputSchema):
    application_id: DbId = Field(..., description="Your application (404 for others).")
    kind: KindValue = InterviewKind.VIDEO
    starts_at: IsoDateTime = Field(..., description=TIME_HELP)
    ends_at: IsoDateTime = Field(..., description="After starts_at. " + TIME_HELP)
    location: str = Field("", max_length=300)
    meeting_url: str = Field("", max_length=1000, pattern=WEB_ADDRESS)
    notes: str = ""


class InterviewPatch(InputSchema):
    kind: KindValue = optional()
    starts_at: IsoDateTime = optional(description=TIME_HELP)
    ends_at: IsoDateTime = optional(description="After starts_at. " + TIME_HELP)
    location: str | None = clearable(max_length=300)
    meeting_url: str | None = clearable(max_length=1000, pattern=WEB_ADDRESS)
    notes: str | None = clearable()


class InterviewOut(Schema):
    id: int
    application_id: int
    kind: KindValue
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    meeting_url: str
    notes: str
    uid: str

    @staticmethod
    def resolve_uid(obj) -> str:
        return str(obj.uid)


# --- Helpers ----------------------------------------------------------------------------

_call = service_call


def _aware(value: dt.datetime | None, user) -> dt.datetime | None:
    """A time without an offset is read in the user's zone; all are stored as UTC."""
    if value is not None and timezone.is_naive(value):
        try:
            return timezone.make_aware(value, user_zone(user)).astimezone(dt.UTC)
        except OverflowError:
            raise ServiceError(
                ValidationError("That moment is outside the supported range.")
            ) from None
    return value


def _own_application_ids(user, ids: list[int]) -> list[int]:
    """404 when one of the ids is not an application of the user's, like a path id."""
    wanted = set(ids)
    if Application.objects.filter(user=user, pk__in=wanted).count() != len(wanted):
        raise Http404("No such application.")
    return ids


def _application_out(user, pk: int):
    return (
        with_stage_entered(selectors.applications_for_user(user, archived=None))
        .prefetch_related("tags")
        .get(pk=pk)
    )


# --- Applications -----------------------------------------------------------------------
# Every operation needs a full-access token: 401 without a valid one, 403 for a
# capture-only one. 422 answers input that breaks the schema or a rule the schema cannot
# state (named in the description); 404 any id that is not yours.


@router.get(
    "/applications",
    response={200: list[ApplicationOut], **errors(401, 403, 422)},
    summary="List applications",
)
@paginate(ApiPagination)
def list_applications(
    request: HttpRequest,
    q: str = Query("", max_length=200, pattern=NUL_FREE),
    status: list[StatusValue] = Query([]),  # noqa: B008 - how ninja declares a repeated query parameter
    tag: str = Query("", max_length=40, pattern=NUL_FREE),
    work_mode: WorkModeValue = "",
    archived: bool = False,
    sort: SortValue = "-updated",
):
    filters = TableFilters(
        q=q, statuses=list(status), tag=tag, work_mode=work_mode, archived=archived, sort=sort
    )
    return application_table(request.auth, filters)


@router.post(
    "/applications",
    response={201: ApplicationOut, **errors(400, 401, 403, 422)},
    summary="Create an application",
    description=CROSS_FIELD_RULES["salary"],
)
def create_application(request: HttpRequest, payload: ApplicationIn):
    data = payload.dict()
    tags, status = data.pop("tags"), data.pop("status")
    app = _call(services.application_create, user=request.auth, data=data, tags=tags, status=status)
    return 201, _application_out(request.auth, app.pk)


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **errors(401, 403, 404, 422)},
    summary="Get an application",
)
def get_application(request: HttpRequest, application_id: DbId):
    selectors.get_application_for_user(request.auth, application_id)
    return _application_out(request.auth, application_id)


@router.patch(
    "/applications/{application_id}",
    response={200: ApplicationOut, **errors(400, 401, 403, 404, 422)},
    summary="Update an application",
    description="Only the fields sent change. " + CROSS_FIELD_RULES["salary"],
)
def update_application(request: HttpRequest, application_id: DbId, payload: ApplicationPatch):
    app = selectors.get_application_for_user(request.auth, application_id)
    data = patch_data(payload)
    tags, archived = data.pop("tags", None), data.pop("archived", None)
    _call(services.application_update, application=app, data=data, tags=tags)
    if archived is True:
        services.application_archive(application=app)
    elif archived is False:
        services.application_unarchive(application=app)
    return _application_out(request.auth, app.pk)


@router.delete(
    "/applications/{application_id}",
    response={204: None, **errors(401, 403, 404, 422)},
    summary="Delete an application",
)
def delete_application(request: HttpRequest, application_id: DbId):
    services.application_delete(
        application=selectors.get_application_for_user(request.auth, application_id)
    )
    return 204, None


@router.post(
    "/applications/{application_id}/move",
    response={200: ApplicationOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Move an application to another status",
    description=(
        "Validated like a move on the board, and recorded in the timeline. A move the "
        "pipeline does not allow from the current status (or to it) is a 409."
    ),
)
def move_application(request: HttpRequest, application_id: DbId, payload: MoveIn):
    app = selectors.get_application_for_user(request.auth, application_id)
    _call(
        services.application_move,
        error_class=ConflictError,
        application=app,
        to_status=payload.status,
        note=payload.note,
    )
    return _application_out(request.auth, app.pk)


@router.get(
    "/applications/{application_id}/timeline",
    response={200: list[StatusChangeOut], **errors(401, 403, 404, 422)},
    summary="An application's status history",
)
def application_timeline(request: HttpRequest, application_id: DbId):
    return selectors.application_timeline(
        selectors.get_application_for_user(request.auth, application_id)
    )


# --- Contacts ---------------------------------------------------------------------------


def _contacts(user):
    return Contact.objects.filter(user=user).prefetch_related("applications")


@router.get(
    "/contacts",
    response={200: list[ContactOut], **errors(401, 403, 422)},
    summary="List contacts",
)
@paginate(ApiPagination)
def list_contacts(request: HttpRequest, q: str = Query("", max_length=200, pattern=NUL_FREE)):
    return selectors.contacts_for_user(request.auth, q=q).prefetch_related("applications")


@router.post(
    "/contacts",
    response={201: ContactOut, **errors(400, 401, 403, 404, 422)},
    summary="Create a contact",
)
def create_contact(request: HttpRequest, payload: ContactIn):
    data = payload.dict()
    ids = _own_application_ids(request.auth, data.pop("application_ids"))
    contact = _call(services.contact_create, user=request.auth, data=data, application_ids=ids)
    return 201, _contacts(request.auth).get(pk=contact.pk)


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactOut, **errors(401, 403, 404, 422)},
    summary="Get a contact",
)
def get_contact(request: HttpRequest, contact_id: DbId):
    selectors.get_contact_for_user(request.auth, contact_id)
    return _contacts(request.auth).get(pk=contact_id)


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, **errors(400, 401, 403, 404, 422)},
    summary="Update a contact",
    description="Only the fields sent change.",
)
def update_contact(request: HttpRequest, contact_id: DbId, payload: ContactPatch):
    contact = selectors.get_contact_for_user(request.auth, contact_id)
    data = patch_data(payload)
    ids = data.pop("application_ids", None)
    if ids is not None:
        ids = _own_application_ids(request.auth, ids)
    _call(services.contact_update, contact=contact, data=data, application_ids=ids)
    return _contacts(request.auth).get(pk=contact.pk)


@router.delete(
    "/contacts/{contact_id}",
    response={204: None, **errors(401, 403, 404, 422)},
    summary="Delete a contact",
)
def delete_contact(request: HttpRequest, contact_id: DbId):
    services.contact_delete(contact=selectors.get_contact_for_user(request.auth, contact_id))
    return 204, None


# --- Interviews -------------------------------------------------------------------------


@router.get(
    "/interviews",
    response={200: list[InterviewOut], **errors(401, 403, 422)},
    summary="List interviews",
)
@paginate(ApiPagination)
def list_interviews(
    request: HttpRequest, application_id: DbId | None = None, upcoming: bool = False
):
    qs = selectors.interviews_for_user(
        request.auth, upcoming_from=timezone.now() if upcoming else None
    )
    if application_id is not None:
        qs = qs.filter(application_id=application_id)
    return qs


@router.post(
    "/interviews",
    response={201: InterviewOut, **errors(400, 401, 403, 404, 422)},
    summary="Schedule an interview",
    description=CROSS_FIELD_RULES["times"],
)
def create_interview(request: HttpRequest, payload: InterviewIn):
    app = selectors.get_application_for_user(request.auth, payload.application_id)
    data = payload.dict(exclude={"application_id"})
    data["starts_at"], data["ends_at"] = (
        _aware(data["starts_at"], request.auth),
        _aware(data["ends_at"], request.auth),
    )
    return 201, _call(services.interview_create, application=app, data=data)


@router.get(
    "/interviews/{interview_id}",
    response={200: InterviewOut, **errors(401, 403, 404, 422)},
    summary="Get an interview",
)
def get_interview(request: HttpRequest, interview_id: DbId):
    return selectors.get_interview_for_user(request.auth, interview_id)


@router.patch(
    "/interviews/{interview_id}",
    response={200: InterviewOut, **errors(400, 401, 403, 404, 422)},
    summary="Update an interview",
    description="Only the fields sent change. " + CROSS_FIELD_RULES["times"],
)
def update_interview(request: HttpRequest, interview_id: DbId, payload: InterviewPatch):
    interview = selectors.get_interview_for_user(request.auth, interview_id)
    data = patch_data(payload)
    for key in ("starts_at", "ends_at"):
        if key in data:
            data[key] = _aware(data[key], request.auth)
    return _call(services.interview_update, interview=interview, data=data)


@router.delete(
    "/interviews/{interview_id}",
    response={204: None, **errors(401, 403, 404, 422)},
    summary="Delete an interview",
)
def delete_interview(request: HttpRequest, interview_id: DbId):
    services.interview_delete(
        interview=selectors.get_interview_for_user(request.auth, interview_id)
    )
    return 204, None
