"""LTI endpoints. The platform posts to the login and launch endpoints from its own site,
so they are CSRF-exempt by design: each request is checked by the signed launch JWT
(state, nonce, signature, audience, deployment) instead. The deep-link choice and the
"open in a new tab" hand-off run inside the platform's frame, where our cookies may be
blocked: they are exempt too and authenticated by an unguessable, server-side launch id
or a signed one-time token. Everything else follows the site's rules."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.contrib.auth import login
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoOIDCLogin
from pylti1p3.exception import LtiException

from accounts.middleware import PLATFORM_SIGNED_IN
from courses.models.courses import TEACHING_ROLES

from . import jobs, keys, registration, services
from .models import Platform
from .services import LaunchRefused
from .toolconf import ToolConf, ToolMessageLaunch, launch_restore

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


def sign_in(request: HttpRequest, user) -> None:
    login(request, user, backend=AUTH_BACKEND)
    # The platform signed this person in (under the institution's own sign-in policy), so
    # course pages do not ask for our authenticator too; the admin still does.
    request.session[PLATFORM_SIGNED_IN] = True


HANDOFF_SALT = "lti.handoff"
HANDOFF_SECONDS = 120

REFUSALS = [
    ("expired", "This launch has expired", "Open the link again from your course."),
    ("already used", "This launch was already used", "Open the link again from your course."),
    (
        "Invalid Nonce",
        "This launch was not started here",
        "Its sign-in step did not come from Career Copilot. Open the link again from your course.",
    ),
    (
        "Registration not found",
        "This launch is not for Career Copilot",
        "The platform sent it to another tool, or this platform is not registered with us.",
    ),
    (
        "Client id not registered",
        "This launch is not for Career Copilot",
        "The platform sent it to another tool, or this platform is not registered with us.",
    ),
    (
        "audiences",
        "This launch is not for Career Copilot",
        "The platform sent it to another tool, or this platform is not registered with us.",
    ),
    (
        "public key",
        "This launch is not signed by your platform",
        "Its signature does not match the keys the platform publishes.",
    ),
    (
        "KID",
        "This launch is not signed by your platform",
        "Its signature does not match the keys the platform publishes.",
    ),
    (
        "Signature verification",
        "This launch is not signed by your platform",
        "Its signature does not match the keys the platform publishes.",
    ),
    (
        "deployment",
        "This deployment is not registered",
        "Ask your Career Copilot administrator to add the deployment ID.",
    ),
    (
        "State not found",
        "Your browser lost this launch",
        "Open the link again from your course. If it keeps happening, allow cookies for "
        "Career Copilot or open it in a new window.",
    ),
    ("Missing state", "Your browser lost this launch", "Open the link again from your course."),
]


def refused(request: HttpRequest, title: str, message: str, status: int = 403) -> HttpResponse:
    response = render(
        request, "lti/refused.html", {"title": title, "message": message}, status=status
    )
    return framable(response, request)


def _refusal_for(exc: Exception) -> tuple[str, str]:
    text = str(exc)
    for needle, title, message in REFUSALS:
        if needle.lower() in text.lower():
            return title, message
    return "This launch could not be checked", "Open the link again from your course."


def framable(response: HttpResponse, request: HttpRequest, platform: Platform | None = None):
    """LTI pages show inside the platform's frame: allowed for the platform's origin."""
    response.xframe_options_exempt = True
    origins = []
    if platform is not None:
        parts = urlsplit(platform.auth_login_url)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    response._csp_replace = {"frame-ancestors": origins or ["*"]}
    return response


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(keys.jwks())


@csrf_exempt
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Third-party login initiation: sends the browser to the platform with state+nonce."""
    params = request.POST if request.method == "POST" else request.GET
    launch_url = services.site_url(reverse("lti:launch"))
    target = params.get("target_link_uri") or ""
    if urlsplit(target)[:3] != urlsplit(launch_url)[:3]:
        return refused(
            request,
            "This link is not for Career Copilot",
            "The platform asked to open an address that is not our launch URL.",
            400,
        )
    try:
        oidc = DjangoOIDCLogin(request, ToolConf(), launch_data_storage=DjangoCacheDataStorage())
        return oidc.redirect(launch_url)
    except LtiException as exc:
        return refused(request, *_refusal_for(exc), status=400)


@csrf_exempt
@xframe_options_exempt
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    tool_conf = ToolConf()
    message = ToolMessageLaunch(request, tool_conf)
    try:
        claims = message.get_launch_data()
    except LtiException as exc:
        return refused(request, *_refusal_for(exc))
    platform, deployment = tool_conf.platform, tool_conf.deployment
    try:
        result = services.launch_accept(claims=claims, platform=platform, deployment=deployment)
    except LaunchRefused as exc:
        return framable(refused(request, exc.title, exc.message), request, platform)
    if result.role in TEACHING_ROLES:
        jobs.roster_sync_soon(context=result.context, requested_by=result.user)
    if message.is_deep_link_launch():
        context = {
            "launch_id": message.get_launch_id(),
            "course": result.context.course,
            "choices": services.deep_link_choices(course=result.context.course),
        }
        return framable(render(request, "lti/deep_link.html", context), request, platform)
    target = (claims.get(services.CLAIM + "launch_presentation") or {}).get("document_target")
    if target in ("iframe", "frame", "embed"):
        token = signing.dumps(
            {"u": result.user.pk, "next": result.url, "j": uuid.uuid4().hex}, salt=HANDOFF_SALT
        )
        page = render(request, "lti/open.html", {"token": token, "course": result.context.course})
        return framable(page, request, platform)
    sign_in(request, result.user)
    return redirect(result.url)


@csrf_exempt
@require_POST
def handoff(request: HttpRequest) -> HttpResponse:
    """The new tab opened from a framed launch: one sign-in per signed token."""
    try:
        data = signing.loads(
            request.POST.get("token", ""), salt=HANDOFF_SALT, max_age=HANDOFF_SECONDS
        )
    except signing.BadSignature:
        return refused(
            request, "This link has expired", "Open Career Copilot again from your course."
        )
    if not cache.add(f"lti:handoff:{data['j']}", 1, HANDOFF_SECONDS * 2):
        return refused(
            request, "This link was already used", "Open Career Copilot again from your course."
        )
    from accounts.models import User

    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        return refused(request, "This account is closed", "Ask your instructor for help.")
    sign_in(request, user)
    return redirect(data["next"])


@csrf_exempt
@xframe_options_exempt
@require_POST
def deep_link_pick(request: HttpRequest, launch_id: str) -> HttpResponse:
    """The instructor's choice, answered to the platform as a signed deep-linking response."""
    try:
        message = launch_restore(request, launch_id)
    except LtiException:
        return refused(
            request, "This choice has expired", "Start placing content again from your course."
        )
    platform = message.get_tool_conf().platform
    if not message.is_deep_link_launch():
        return refused(request, "Not a placement", "This launch does not place content.")
    claims = message.get_launch_data()
    try:
        role = services.role_map.course_role(claims.get(services.CLAIM + "roles") or [])
        if role not in ("instructor", "ta"):
            raise LaunchRefused("Only instructors place content", "You need a teaching role.")
        context = platform.contexts.select_related("course").get(
            context_id=str((claims.get(services.CLAIM + "context") or {}).get("id") or "")
        )
        resource = services.deep_link_resource(
            course=context.course, key=request.POST.get("item", "")
        )
    except LaunchRefused as exc:
        return refused(request, exc.title, exc.message)
    except platform.contexts.model.DoesNotExist:
        return refused(request, "Course not found", "Open the placement again from your course.")
    if not cache.add(f"lti:deep-link-used:{launch_id}", 1, 3600):
        return refused(request, "Already placed", "This placement was already answered.")
    deep_link = message.get_deep_link()
    context = {
        "return_url": deep_link._deep_link_settings["deep_link_return_url"],
        "jwt": deep_link.get_response_jwt([resource]),
        "title": resource.get_title(),
    }
    response = framable(render(request, "lti/deep_link_return.html", context), request, platform)
    parts = urlsplit(context["return_url"])
    response._csp_update = {"form-action": [f"{parts.scheme}://{parts.netloc}"]}
    return response


@xframe_options_exempt
@require_GET
def register_start(request: HttpRequest, link: str) -> HttpResponse:
    """Dynamic registration, opened by the platform: shows what will be registered."""
    try:
        registration.link_check(link)
        config = registration.platform_configuration(
            request.GET.get("openid_configuration", ""), request.GET.get("registration_token", "")
        )
    except LaunchRefused as exc:
        return refused(request, exc.title, exc.message, status=400)
    context = {
        "link": link,
        "issuer": config["issuer"],
        "openid_configuration": request.GET["openid_configuration"],
        "registration_token": request.GET["registration_token"],
    }
    return framable(render(request, "lti/register.html", context), request)


@csrf_exempt
@xframe_options_exempt
@require_POST
def register_finish(request: HttpRequest, link: str) -> HttpResponse:
    try:
        platform = registration.platform_register(
            link=link,
            openid_configuration=request.POST.get("openid_configuration", ""),
            registration_token=request.POST.get("registration_token", ""),
        )
    except LaunchRefused as exc:
        return refused(request, exc.title, exc.message, status=400)
    return framable(render(request, "lti/registered.html", {"platform": platform}), request)
