"""Bob gets 404 on every resumes URL that names one of Alice's objects.

The test walks the resumes URL conf: a new URL with an object in its path fails here until
it is added to OBJECT_URLS, so none can be forgotten.
"""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from resumes import services
from resumes.models import ChatMessage, CoverLetter, MatchAnalysis, Resume

from . import samples

pytestmark = pytest.mark.django_db

OBJECT_URLS = {
    "resume_detail": {"pk": "resume"},
    "resume_set_default": {"pk": "resume"},
    "resume_rename": {"pk": "resume"},
    "resume_delete": {"pk": "resume"},
    "version_detail": {"pk": "version"},
    "version_download": {"pk": "version"},
    "version_retry": {"pk": "version"},
    "analysis_detail": {"pk": "analysis"},
    "analysis_retry": {"pk": "analysis"},
    "letter_detail": {"pk": "letter"},
    "letter_edit": {"pk": "letter"},
    "letter_retry": {"pk": "letter"},
    "letter_export": {"pk": "letter", "fmt": "docx"},
    "prep_detail": {"pk": "prep"},
    "prep_retry": {"pk": "prep"},
    "practice_submit": {"pk": "prep"},
    "answer_detail": {"pk": "answer"},
    "chat_thread": {"pk": "thread"},
    "chat_post": {"pk": "thread"},
    "chat_delete": {"pk": "thread"},
    "chat_message": {"pk": "message"},
    "chat_retry": {"pk": "message"},
}


def resumes_patterns() -> list[URLPattern]:
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "resumes"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


@pytest.fixture
def alices_things(alice, alice_version, on_commit):
    with on_commit():
        analysis = services.analysis_request(
            user=alice, version=alice_version, job_description=samples.JOB
        )
        letter = services.letter_request(
            user=alice, version=alice_version, job_description=samples.JOB
        )
        prep = services.prep_request(user=alice, version=alice_version, job_description=samples.JOB)
        answer = services.practice_submit(
            prep=prep, question="Why us?", answer="Because I built five things here."
        )
        thread = services.thread_create(user=alice)
        reply = services.message_post(thread=thread, content="How long should my resume be?")
    return {
        "resume": alice_version.resume_id,
        "version": alice_version.pk,
        "analysis": analysis.pk,
        "letter": letter.pk,
        "prep": prep.pk,
        "answer": answer.pk,
        "thread": thread.pk,
        "message": reply.pk,
    }


def test_every_url_with_an_object_in_its_path_is_covered():
    with_args = {p.name for p in resumes_patterns() if p.pattern.converters}
    assert with_args == set(OBJECT_URLS), "add new URLs to OBJECT_URLS with the object they name"


def test_bob_gets_404_on_every_url_of_alices(bob_client, alices_things):
    for pattern in resumes_patterns():
        if not pattern.pattern.converters:
            continue
        kwargs = {
            arg: alices_things.get(kind, kind) for arg, kind in OBJECT_URLS[pattern.name].items()
        }
        url = reverse(f"resumes:{pattern.name}", kwargs=kwargs)
        assert bob_client.get(url).status_code in (404, 405), f"GET {url}"
        data = {
            "name": "x",
            "body": "Hacked",
            "content": "hi",
            "answer": "a b c d e f",
            "question": "q",
        }
        assert bob_client.post(url, data).status_code == 404, f"POST {url}"
        assert bob_client.post(url, data, HTTP_HX_REQUEST="true").status_code == 404, (
            f"htmx POST {url}"
        )
    assert Resume.objects.filter(pk=alices_things["resume"]).exists()
    assert CoverLetter.objects.get(pk=alices_things["letter"]).body != "Hacked"
    assert ChatMessage.objects.filter(thread_id=alices_things["thread"]).count() == 2


def test_alice_reaches_her_own_pages(alice_client, alices_things):
    for name in (
        "version_detail",
        "analysis_detail",
        "letter_detail",
        "prep_detail",
        "answer_detail",
        "chat_thread",
    ):
        kind = OBJECT_URLS[name]["pk"]
        assert (
            alice_client.get(reverse(f"resumes:{name}", args=[alices_things[kind]])).status_code
            == 200
        ), name
    assert alice_client.get(
        reverse("resumes:version_download", args=[alices_things["version"]])
    ).status_code in (200, 302)


def test_bob_cannot_use_alices_version_or_application_in_his_forms(
    bob_client, alices_things, alice
):
    from tracker.models import Application

    app = Application.objects.create(
        user=alice, company="Acme", position="Dev", description=samples.JOB
    )
    response = bob_client.post(
        reverse("resumes:analysis_new"),
        {
            "version": alices_things["version"],
            "application": app.pk,
            "job_description": samples.JOB,
        },
    )
    assert response.status_code == 422
    assert MatchAnalysis.objects.filter(user__email="bob@example.com").count() == 0


def test_pages_need_a_login(client):
    for pattern in resumes_patterns():
        if pattern.pattern.converters:
            continue
        url = reverse(f"resumes:{pattern.name}")
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "/accounts/login/" in response.url
