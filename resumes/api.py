"""/api/v1/resumes: the resume versions built in the builder (masters and the versions
tailored for an application), and each one's JSON Resume (v1.0.0) export.

Read-only, full-access tokens only (a capture-only token gets 403); another user's
resume is a 404 like every object of the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from careercopilot.api_errors import errors
from careercopilot.converters import DbId
from tracker.api import ApiPagination

from .builder import importers, selectors
from .builder.models import BuiltResume

router = Router(tags=["Resumes"])

SourceValue = Literal[tuple(BuiltResume.Source.values)]  # type: ignore[valid-type]


class ResumeVersionOut(Schema):
    id: int
    name: str
    source: SourceValue
    base_id: int | None = Field(description="The master a tailored version came from.")
    application_id: int | None = Field(description="The application it is tailored for.")
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime


@router.get(
    "/resumes",
    response={200: list[ResumeVersionOut], **errors(401, 403, 422)},
    summary="List resume versions",
)
@paginate(ApiPagination)
def list_resumes(request: HttpRequest):
    return selectors.built_for_user(request.auth).order_by("-updated_at", "-id")


@router.get(
    "/resumes/{resume_id}",
    response={200: ResumeVersionOut, **errors(401, 403, 404, 422)},
    summary="Get a resume version",
)
def get_resume(request: HttpRequest, resume_id: DbId):
    return selectors.get_built_for_user(request.auth, resume_id)


@router.get(
    "/resumes/{resume_id}/json-resume",
    response={200: dict[str, Any], **errors(401, 403, 404, 422)},
    summary="Export a resume version as JSON Resume",
    description=f"A JSON Resume v1.0.0 document ({importers.SCHEMA_URL}).",
)
def export_json_resume(request: HttpRequest, resume_id: DbId):
    resume = selectors.get_built_for_user(request.auth, resume_id)
    return json.loads(importers.to_json_resume(resume.document))
