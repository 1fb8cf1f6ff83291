"""The JSON API at /api/v1/, with its OpenAPI schema and docs page.

Why django-ninja rather than Django REST framework: endpoints are plain functions with
typed pydantic schemas, so they call our services and ownership helpers directly with
no serializer/viewset layer in between; the OpenAPI 3 schema and the docs page come
from those same type hints, so they cannot drift from the code; and it is small (one
dependency on pydantic), which suits an API that serves browser extensions and
automations rather than a whole second front end.

Authentication is by personal access token (``Authorization: Bearer cct_…``), created
and revoked on the tracker settings page. Apps add their routers here.
"""

from __future__ import annotations

from ninja import NinjaAPI

from careercopilot.api_errors import install_error_handlers
from resumes.api import router as resumes_router
from tracker.api import router as tracker_router
from tracker.api_auth import PersonalAccessTokenAuth
from tracker.capture.api import router as capture_router

api = NinjaAPI(
    title="Career Copilot API",
    version="1",
    description=(
        "Track job applications, contacts and interviews, and read your resume versions, from "
        "browser extensions and automations. "
        "Authenticate with a personal access token from your job tracker settings: "
        "`Authorization: Bearer cct_…`. Objects of other users do not exist for you (404)."
    ),
    auth=PersonalAccessTokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", tracker_router)
api.add_router("/capture", capture_router)
api.add_router("/", resumes_router)

install_error_handlers(api)
