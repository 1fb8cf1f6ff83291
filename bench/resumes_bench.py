"""Resumes and AI benchmark: match quality on the evaluation set, and the speed of each step.

Quality (bench/eval/, the team's own regression sets; the measure on real data is
`make eval`): pairwise ranking accuracy — for each job, how often a stronger resume
outscores a weaker one (goal >= 0.9) — and skill-extraction precision and recall against
hand-labelled skills for 10 resumes (goal >= 0.85 each).

Speed: PDF (2 pages) and DOCX extraction, OCR of one 300 dpi page, the local match
analysis without any cached text (on the short own pairs, and on real-length pairs: a
600-1,200-word resume against a posting of up to ~450 words), a cached analysis, and
upload -> analysis visible with a real Celery worker on the embedded broker.

    python bench/run.py -k resumes      # with the other benches (make bench)
    python bench/resumes_bench.py       # this one alone
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "bench" / "eval"
ORDER = {"strong": 2, "medium": 1, "weak": 0}


def _pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def quality() -> dict:
    from careercopilot.ai.local.match import analyse
    from careercopilot.ai.local.taxonomy import taxonomy
    from careercopilot.ai.schemas import JobInput, ResumeInput

    pairs = json.loads((EVAL / "pairs.json").read_text())["pairs"]
    scores: dict[str, list[tuple[str, int, str]]] = {}
    for pair in pairs:
        resume = (EVAL / "resumes" / f"{pair['resume']}.txt").read_text()
        job = (EVAL / "jobs" / f"{pair['job']}.txt").read_text()
        score = analyse(ResumeInput(text=resume), JobInput(description=job)).score
        scores.setdefault(pair["job"], []).append((pair["label"], score, pair["resume"]))
    right = total = 0
    wrong = []
    for job, rows in scores.items():
        for a, b in combinations(rows, 2):
            if ORDER[a[0]] == ORDER[b[0]]:
                continue
            strong, weak = (a, b) if ORDER[a[0]] > ORDER[b[0]] else (b, a)
            total += 1
            if strong[1] > weak[1]:
                right += 1
            else:
                wrong.append(f"{job}: {strong[2]} {strong[1]} <= {weak[2]} {weak[1]}")
    labels = json.loads((EVAL / "skills.json").read_text())["resumes"]
    tp = fp = fn = 0
    for name, expected in labels.items():
        found = set(taxonomy().find((EVAL / "resumes" / f"{name}.txt").read_text()).named)
        expected = set(expected)
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
    return {
        "pairs": len(pairs),
        "fields": len(scores),
        "comparisons": total,
        "ranking_accuracy": right / total if total else 0.0,
        "wrong": wrong,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "labelled_resumes": len(labels),
        "scores": scores,
    }


def _time(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def speed() -> dict[str, list[float]]:
    from careercopilot.ai.local import embeddings
    from careercopilot.ai.local.match import analyse
    from careercopilot.ai.schemas import JobInput, ResumeInput
    from resumes.extraction import extract
    from resumes.tests import samples

    pdf = samples.text_pdf(samples.RESUME, pages=2)
    docx = samples.docx_file()
    png = samples.page_image(dpi=300)
    extract(pdf, "pdf")  # loads the taxonomy once
    results = {
        "PDF extraction, 2-page resume": _time(lambda: extract(pdf, "pdf"), 30),
        "DOCX extraction": _time(lambda: extract(docx, "docx"), 30),
        "OCR, one 300 dpi page": _time(lambda: extract(png, "png"), 3),
    }
    pairs = json.loads((EVAL / "pairs.json").read_text())["pairs"]
    inputs = [
        (
            ResumeInput(text=(EVAL / "resumes" / f"{p['resume']}.txt").read_text()),
            JobInput(description=(EVAL / "jobs" / f"{p['job']}.txt").read_text()),
        )
        for p in pairs
    ]
    analyse(*inputs[0])  # loads the model: "warm"
    timings = []
    for resume, job in inputs:
        embeddings._embedder._cache.clear()  # no text seen before: the honest worst case
        started = time.perf_counter()
        analyse(resume, job)
        timings.append((time.perf_counter() - started) * 1000)
    results["local match analysis (warm)"] = timings
    results[REAL_LENGTH] = _real_length_timings(analyse, embeddings)
    results["cached analysis"] = _cached_analysis()
    results["upload -> analysis visible, real worker"] = _end_to_end()
    return results


REAL_LENGTH = "local match analysis, real-length pair, no text cached"


def real_length_pairs() -> tuple[str, list[tuple[str, str]]]:
    """(source, [(resume, posting)]): real resumes of 600-1,200 words and real postings from
    the evaluation data when it is present (read here only, never by the product); else
    each own resume joined with four others of other fields (about 700 words) against three
    own postings joined (about 350 words), which has the length, not the sense, of a pair."""
    sys.path.insert(0, str(EVAL))
    from evalkit import data_file, read_csv

    if data_file("resumes_kaggle.csv") and data_file("jobs_linkedin_india.csv"):
        resumes = [
            r["text"]
            for r in read_csv("resumes_kaggle.csv")
            if 600 <= len(r["text"].split()) <= 1200
        ]
        jobs = [
            "Job title: " + j["title"] + "\n\n" + j["text"]
            for j in read_csv("jobs_linkedin_india.csv")
        ]
        return "real resumes and postings (EVAL_DATA_DIR)", [
            (text, jobs[i % len(jobs)]) for i, text in enumerate(resumes)
        ]
    own = [p.read_text() for p in sorted((EVAL / "resumes").glob("*_strong.txt"))]
    posts = [p.read_text() for p in sorted((EVAL / "jobs").glob("*.txt"))]
    pairs = []
    for i in range(len(own)):
        resume = "\n\n".join(own[(i + k) % len(own)] for k in range(5))
        job = "\n\n".join(posts[(i + k) % len(posts)] for k in range(3))
        pairs.append((resume, job))
    return "own texts joined to real length", pairs


def _real_length_timings(analyse, embeddings) -> list[float]:
    from careercopilot.ai.schemas import JobInput, ResumeInput

    _source, pairs = real_length_pairs()
    timings = []
    for resume, job in pairs:
        embeddings._embedder._cache.clear()  # model loaded, no text seen before
        started = time.perf_counter()
        analyse(ResumeInput(text=resume), JobInput(description=job))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _bench_user_and_version():
    import hashlib

    from django.core.files.base import ContentFile

    from accounts.models import User
    from careercopilot.jobs.models import JobState
    from resumes.models import Resume, ResumeVersion
    from resumes.tests import samples

    user, _ = User.objects.get_or_create(email="bench-resumes@example.com")
    import datetime as dt

    from django.utils import timezone

    from billing.services import plan_grant

    plan_grant(user=user, plan_code="premium", until=timezone.now() + dt.timedelta(days=1))
    resume, _ = Resume.objects.get_or_create(user=user, name="Bench")
    version = resume.versions.first()
    if version is None:
        version = ResumeVersion(
            resume=resume,
            number=1,
            file_kind="pdf",
            original_filename="cv.pdf",
            size_bytes=1,
            sha256="0",
            state=JobState.DONE,
            text=samples.RESUME,
            text_sha256=hashlib.sha256(samples.RESUME.encode()).hexdigest(),
        )
        version.file.save("bench", ContentFile(b"%PDF-1.4"), save=False)
        version.save()
    return user, version


def _cached_analysis() -> list[float]:
    from django.db import connection  # noqa: F401
    from django.test.utils import CaptureQueriesContext  # noqa: F401 - Django is set up

    from resumes import services
    from resumes.tests import samples

    user, version = _bench_user_and_version()
    first = services.analysis_request(user=user, version=version, job_description=samples.JOB)
    services.analysis_run_now(analysis_id=first.pk)  # fills the cache
    return _time(
        lambda: services.analysis_request(user=user, version=version, job_description=samples.JOB),
        30,
    )


def _end_to_end() -> list[float]:
    """A real `celery worker` on the embedded (filesystem) broker and the bench database."""
    from django.conf import settings
    from django.db import transaction

    from careercopilot.jobs.models import JobState
    from resumes import services
    from resumes.models import MatchAnalysis, ResumeVersion
    from resumes.tests import samples

    user, _ = _bench_user_and_version()
    env = {**os.environ, "LOG_LEVEL": "WARNING", "LOG_FORMAT": "plain"}
    log = open(Path(settings.STATE_DIR) / "bench-worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "careercopilot",
            "worker",
            "--pool",
            "solo",
            "--queues",
            "ai",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def wait(model, pk, limit=60.0):
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            row = model.objects.get(pk=pk)
            if row.state in (JobState.DONE, JobState.FAILED):
                return row
            time.sleep(0.02)
        raise TimeoutError(f"{model.__name__} {pk} not finished")

    def one(job_description: str) -> float:
        started = time.perf_counter()
        with transaction.atomic():
            version = services.resume_upload(
                user=user, name="E2E", filename="cv.pdf", data=samples.text_pdf()
            )
        version = wait(ResumeVersion, version.pk)
        with transaction.atomic():
            analysis = services.analysis_request(
                user=user, version=version, job_description=job_description
            )
        wait(MatchAnalysis, analysis.pk)
        return (time.perf_counter() - started) * 1000

    try:
        one(samples.JOB + "\nwarm-up")  # worker start, model load
        return [one(samples.JOB + f"\nrun {i}") for i in range(5)]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


GOALS = {
    "PDF extraction, 2-page resume": ("median", 20),
    "DOCX extraction": ("median", 50),
    "OCR, one 300 dpi page": ("median", 4000),
    "local match analysis (warm)": ("p95", 1000),
    REAL_LENGTH: ("p95", 1000),
    "cached analysis": ("median", 50),
    "upload -> analysis visible, real worker": ("median", 3000),
}


def report() -> str:
    q = quality()
    lines = [
        "### Resumes and AI: match quality (bench/eval/)",
        "",
        "| measure | value | goal |",
        "| --- | ---: | ---: |",
        f"| pairwise ranking accuracy ({q['comparisons']} comparisons, {q['pairs']} pairs, {q['fields']} fields) "
        f"| {q['ranking_accuracy']:.2f} | ≥ 0.90 |",
        f"| skill extraction precision ({q['labelled_resumes']} labelled resumes) | {q['precision']:.2f} | ≥ 0.85 |",
        f"| skill extraction recall | {q['recall']:.2f} | ≥ 0.85 |",
        "",
    ]
    if q["wrong"]:
        lines += ["Misranked: " + "; ".join(q["wrong"]), ""]
    lines += [
        "Scores per job (strong / medium / weak): "
        + "; ".join(
            f"{job} " + "/".join(str(s) for _, s, _ in sorted(rows, key=lambda r: -ORDER[r[0]]))
            for job, rows in q["scores"].items()
        ),
        "",
    ]
    lines += [
        "### Resumes and AI: speed",
        "",
        "| step | runs | median ms | p95 ms | goal |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    lines_after = [f"Real-length pairs: {real_length_pairs()[0]}.", ""]
    for step, values in speed().items():
        stat, goal = GOALS[step]
        lines.append(
            f"| {step} | {len(values)} | {statistics.median(values):.1f} | {_pct(values, 95):.1f} "
            f"| {stat} ≤ {goal} ms |"
        )
    return "\n".join(lines + ["", *lines_after])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for name in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "EMAIL_URL", "DJANGO_ENV"):
        os.environ.pop(name, None)
    os.environ["STATE_DIR"] = str(ROOT / "var" / "bench")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careercopilot.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(report())
