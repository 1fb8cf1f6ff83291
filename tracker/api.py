"""/api/v1/ endpoints for applications, contacts and interviews.

Every endpoint goes through the same ownership helpers (404 for anyone else's object)
and the same services as the pages, so a move through the API is validated and lands
in the timeline exactly like a drag on the board.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from careercopilot.api_input import InputSchema
from careercopilot.converters import DbId
from careercopilot.timezones import user_zone

from . import selectors, services
from .models import Contact, ContactRole, InterviewKind, Status, WorkMode
from .selectors.applications import (
    TableFilters,
    application_table,
    days_in_stage,
    with_stage_entered,
)

router = Router(tags=["Job tracker"])

StatusValue = Literal[tuple(Status.values)]  # type: ignore[valid-type]
WorkModeValue = Literal[("", *WorkMode.values)]  # type: ignore[valid-type]
RoleValue = Literal[tuple(ContactRole.values)]  # type: ignore[valid-type]
KindValue = Literal[tuple(InterviewKind.values)]  # type: ignore[valid-type]


MAX_PAGE = 10**9
MAX_SALARY = 2**31 - 1  # the column's range


class ApiPagination(PageNumberPagination):
    class Input(Schema):
        # An offset past PostgreSQL's 64-bit range was a 500; now it is a 422.
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=10_000)

    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


# --- Schemas ----------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str | list[str] | dict[str, list[str]]


class ApplicationIn(InputSchema):
    company: str = Field(..., max_length=200)
    position: str = Field(..., max_length=200)
    posting_url: str = Field(
        "", max_length=1000, description="http or https only; never fetched by the server"
    )
    location: str = ""
    work_mode: WorkModeValue = ""
    salary_min: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_max: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_currency: str = Field("USD", max_length=3)
    source: str = ""
    applied_on: dt.date | None = None
    deadline: dt.date | None = None
    description: str = ""
    notes: str = ""
    excitement: int = Field(3, ge=1, le=5)
    tags: list[str] = []
    status: StatusValue = Status.SAVED


class ApplicationPatch(InputSchema):
    company: str | None = Field(None, max_length=200)
    position: str | None = Field(None, max_length=200)
    posting_url: str | None = Field(None, max_length=1000)
    location: str | None = None
    work_mode: WorkModeValue | None = None
    salary_min: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_max: int | None = Field(None, ge=0, le=MAX_SALARY)
    salary_currency: str | None = Field(None, max_length=3)
    source: str | None = None
    applied_on: dt.date | None = None
    deadline: dt.date | None = None
    description: str | None = None
    notes: str | None = None
    excitement: int | None = Field(None, ge=1, le=5)
    tags: list[str] | None = None
    archived: bool | None = Field(None, description="Archive (true) or restore (false).")


class ApplicationOut(Schema):
    id: int
    company: str
    position: str
    posting_url: str
    location: str
    work_mode: str
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
    status: str
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
    from_status: str
    to_status: str
    changed_at: dt.datetime
    note: str


class ContactIn(InputSchema):
    name: str = Field(..., max_length=150)
    role: RoleValue = ContactRole.RECRUITER
    company: str = ""
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    notes: str = ""
    application_ids: list[DbId] = []


class ContactPatch(InputSchema):
    name: str | None = Field(None, max_length=150)
    role: RoleValue | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    notes: str | None = None
    application_ids: list[DbId] | None = None


class ContactOut(Schema):
    id: int
    name: str
    role: str
    company: str
    email: str
    phone: str
    linkedin_url: str
    notes: str
    application_ids: list[int]

    @staticmethod
    def resolve_application_ids(obj) -> list[int]:
        return [app.pk for app in obj.applications.all()]


class InterviewIn(InputSchema):
    application_id: DbId
    kind: KindValue = InterviewKind.VIDEO
    starts_at: dt.datetime = Field(
        ..., description="ISO 8601; without an offset it is read in your profile's time zone"
    )
    ends_at: dt.datetime
    location: str = ""
    meeting_url: str = ""
    notes: str = ""


class InterviewPatch(InputSchema):
    kind: KindValue | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    location: str | None = None
    meeting_url: str | None = None
    notes: str | None = None


class InterviewOut(Schema):
    id: int
    application_id: int
    kind: str
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


class ServiceError(Exception):
    """Carries a service's ValidationError to the API's 422 handler."""

    def __init__(self, error: ValidationError):
        self.error = error


def error_detail(error: ValidationError):
    return error.message_dict if hasattr(error, "error_dict") else error.messages


def _call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except ValidationError as exc:
        raise ServiceError(exc) from exc


def _aware(value: dt.datetime | None, user) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, user_zone(user))
    return value


def _application_out(user, pk: int):
    return (
        with_stage_entered(selectors.applications_for_user(user, archived=None))
        .prefetch_related("tags")
        .get(pk=pk)
    )


# --- Applications -----------------------------------------------------------------------


@router.get("/applications", response=list[ApplicationOut], summary="List applications")
@paginate(ApiPagination)
def list_applications(
    request: HttpRequest,
    q: str = "",
    status: list[StatusValue] = Query([]),  # noqa: B008 - how ninja declares a repeated query parameter
    tag: str = "",
    work_mode: str = "",
    archived: bool = False,
    sort: str = "-updated",
):
    filters = TableFilters(
        q=q, statuses=list(status), tag=tag, work_mode=work_mode, archived=archived, sort=sort
    )
    return application_table(request.auth, filters)


@router.post(
    "/applications", response={201: ApplicationOut, 422: ErrorOut}, summary="Create an application"
)
def create_application(request: HttpRequest, payload: ApplicationIn):
    data = payload.dict()
    tags, status = data.pop("tags"), data.pop("status")
    app = _call(services.application_create, user=request.auth, data=data, tags=tags, status=status)
    return 201, _application_out(request.auth, app.pk)


@router.get(
    "/applications/{id:application_id}", response=ApplicationOut, summary="Get an application"
)
def get_application(request: HttpRequest, application_id: int):
    selectors.get_application_for_user(request.auth, application_id)
    return _application_out(request.auth, application_id)


@router.patch("/applications/{id:application_id}", response={200: ApplicationOut, 422: ErrorOut})
def update_application(request: HttpRequest, application_id: int, payload: ApplicationPatch):
    app = selectors.get_application_for_user(request.auth, application_id)
    data = payload.dict(exclude_unset=True)
    tags, archived = data.pop("tags", None), data.pop("archived", None)
    _call(services.application_update, application=app, data=data, tags=tags)
    if archived is True:
        services.application_archive(application=app)
    elif archived is False:
        services.application_unarchive(application=app)
    return _application_out(request.auth, app.pk)


@router.delete("/applications/{id:application_id}", response={204: None})
def delete_application(request: HttpRequest, application_id: int):
    services.application_delete(
        application=selectors.get_application_for_user(request.auth, application_id)
    )
    return 204, None


@router.post(
    "/applications/{id:application_id}/move",
    response={200: ApplicationOut, 422: ErrorOut},
    summary="Move an application to another status",
    description="Validated like a move on the board, and recorded in the timeline.",
)
def move_application(request: HttpRequest, application_id: int, payload: MoveIn):
    app = selectors.get_application_for_user(request.auth, application_id)
    _call(services.application_move, application=app, to_status=payload.status, note=payload.note)
    return _application_out(request.auth, app.pk)


@router.get("/applications/{id:application_id}/timeline", response=list[StatusChangeOut])
def application_timeline(request: HttpRequest, application_id: int):
    return selectors.application_timeline(
        selectors.get_application_for_user(request.auth, application_id)
    )


# --- Contacts ---------------------------------------------------------------------------


def _contacts(user):
    return Contact.objects.filter(user=user).prefetch_related("applications")


@router.get("/contacts", response=list[ContactOut])
@paginate(ApiPagination)
def list_contacts(request: HttpRequest, q: str = ""):
    return selectors.contacts_for_user(request.auth, q=q).prefetch_related("applications")


@router.post("/contacts", response={201: ContactOut, 422: ErrorOut})
def create_contact(request: HttpRequest, payload: ContactIn):
    data = payload.dict()
    ids = data.pop("application_ids")
    contact = _call(services.contact_create, user=request.auth, data=data, application_ids=ids)
    return 201, _contacts(request.auth).get(pk=contact.pk)


@router.get("/contacts/{id:contact_id}", response=ContactOut)
def get_contact(request: HttpRequest, contact_id: int):
    selectors.get_contact_for_user(request.auth, contact_id)
    return _contacts(request.auth).get(pk=contact_id)


@router.patch("/contacts/{id:contact_id}", response={200: ContactOut, 422: ErrorOut})
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch):
    contact = selectors.get_contact_for_user(request.auth, contact_id)
    data = payload.dict(exclude_unset=True)
    ids = data.pop("application_ids", None)
    _call(services.contact_update, contact=contact, data=data, application_ids=ids)
    return _contacts(request.auth).get(pk=contact.pk)


@router.delete("/contacts/{id:contact_id}", response={204: None})
def delete_contact(request: HttpRequest, contact_id: int):
    services.contact_delete(contact=selectors.get_contact_for_user(request.auth, contact_id))
    return 204, None


# --- Interviews -------------------------------------------------------------------------


@router.get("/interviews", response=list[InterviewOut])
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


@router.post("/interviews", response={201: InterviewOut, 422: ErrorOut})
def create_interview(request: HttpRequest, payload: InterviewIn):
    app = selectors.get_application_for_user(request.auth, payload.application_id)
    data = payload.dict(exclude={"application_id"})
    data["starts_at"], data["ends_at"] = (
        _aware(data["starts_at"], request.auth),
        _aware(data["ends_at"], request.auth),
    )
    return 201, _call(services.interview_create, application=app, data=data)


@router.get("/interviews/{id:interview_id}", response=InterviewOut)
def get_interview(request: HttpRequest, interview_id: int):
    return selectors.get_interview_for_user(request.auth, interview_id)


@router.patch("/interviews/{id:interview_id}", response={200: InterviewOut, 422: ErrorOut})
def update_interview(request: HttpRequest, interview_id: int, payload: InterviewPatch):
    interview = selectors.get_interview_for_user(request.auth, interview_id)
    data = payload.dict(exclude_unset=True)
    for key in ("starts_at", "ends_at"):
        if key in data:
            data[key] = _aware(data[key], request.auth)
    return _call(services.interview_update, interview=interview, data=data)


@router.delete("/interviews/{id:interview_id}", response={204: None})
def delete_interview(request: HttpRequest, interview_id: int):
    services.interview_delete(
        interview=selectors.get_interview_for_user(request.auth, interview_id)
    )
    return 204, None
