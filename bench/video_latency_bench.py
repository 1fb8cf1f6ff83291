"""Video processing latency: from a student's upload to a playable video, with a real
`celery worker` (the production command: queues default, ai and video, concurrency 2) on
the real Redis broker and a real ffmpeg transcode of a short clip.

Each run adds a 3-second 1280×720 clip (test pattern with sound, made by ffmpeg) to a draft
through the product's own service, then watches the video's job row every 50 ms and
reports when each stage began: queued (uploaded), probing, transcoding (each rendition),
thumbnail, ready. Prints a Markdown table and records it under "## Video latency" in
bench/RESULTS.md.

    bash scripts/services.sh up
    eval "$(bash scripts/services.sh env)"
    .venv/bin/python bench/video_latency_bench.py       # --runs 3 --seconds 3
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "cc_video_latency_bench"
TIMEOUT = 300  # seconds a run may take before it is reported as stuck

from bench.common import configure_environment, machine, write_results  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE = configure_environment(state_name="bench-video-latency", database=BENCH_DB)
if REDIS_URL:
    os.environ["REDIS_URL"] = REDIS_URL  # the worker needs the real broker
warnings.filterwarnings("ignore")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_set_roles  # noqa: E402
from courses import services  # noqa: E402
from courses.models import Assignment, CourseRole, FileKind, Video  # noqa: E402
from courses.selectors.video import video_stage  # noqa: E402


def clip(path: Path, seconds: float) -> bytes:
    subprocess.run(  # noqa: S603 (fixed argv)
        [  # noqa: S607 (ffmpeg from PATH, as the worker runs it)
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size=1280x720:duration={seconds}:rate=30",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path.read_bytes()


def setup() -> tuple[Assignment, User]:
    stamp = int(time.time())
    teacher = User.objects.create(email=f"video-bench-{stamp}@example.com", name="Coach")
    user_set_roles(user=teacher, roles=[Role.INSTRUCTOR])
    course = services.course_create(
        created_by=teacher, title="Video bench", code=f"VB-{stamp}", section_name="A"
    )
    student = User.objects.create(email=f"video-student-{stamp}@example.com", name="Student")
    services.enrollment_add(course=course, user=student, role=CourseRole.STUDENT)
    assignment = Assignment.objects.create(
        course=course,
        title="Elevator pitch",
        due_at=timezone.now() + timezone.timedelta(days=3),
        published_at=timezone.now(),
        publish_notified_at=timezone.now(),
        allow_video=True,
    )
    return assignment, student


def start_worker(log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "careercopilot",
        "worker",
        "--queues",
        "default,ai,video",
        "--concurrency",
        "2",
        "--hostname",
        f"video-bench-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "INFO",
    ]
    env = {**os.environ, "LOG_FORMAT": "plain", "LOG_LEVEL": "INFO"}
    process = subprocess.Popen(  # noqa: S603 (our own argv)
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited:\n{log.read_text()[-2000:]}")
        if " ready." in log.read_text(errors="replace"):
            return process
        time.sleep(0.2)
    raise TimeoutError(f"the worker did not start:\n{log.read_text()[-2000:]}")


def one_run(assignment: Assignment, student: User, data: bytes) -> dict:
    """Uploads the clip; returns the seconds from the upload to each stage."""
    started = time.monotonic()
    with transaction.atomic():  # committed: the message is sent after the commit
        file = services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=SimpleUploadedFile("pitch.mp4", data, content_type="video/mp4"),
            filename="pitch.mp4",
            kind=FileKind.VIDEO,
        )
    video_id = Video.objects.get(submission_file=file).pk
    seen: dict[str, float] = {"uploaded": 0.0}
    while time.monotonic() - started < TIMEOUT:
        video = Video.objects.get(pk=video_id)
        at = time.monotonic() - started
        stage = video_stage(video)
        seen.setdefault(stage, at)
        if video.state in ("done", "failed"):
            seen["state"] = video.state
            seen["error"] = video.error
            return seen
        time.sleep(0.05)
    seen["state"] = "stuck"
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if not REDIS_URL:
        print("needs the real broker: set REDIS_URL (scripts/services.sh env)", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0, interactive=False)
    assignment, student = setup()
    with tempfile.TemporaryDirectory(prefix="video-bench-") as tmp:
        data = clip(Path(tmp) / "clip.mp4", args.seconds)
        worker = start_worker(Path(tmp) / "worker.log")
        try:
            runs = [one_run(assignment, student, data) for _ in range(args.runs)]
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    lines = [
        "## Video latency",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC on {machine()}; database: {DATABASE}.",
        f"A {args.seconds:g}-second 1280×720 clip with sound added to a draft through the "
        "product's service; a real `celery worker` (queues default, ai, video; concurrency 2) "
        "on Redis, real ffmpeg. Seconds from the upload until each stage was first seen on "
        "the video's job row (polled every 50 ms).",
        "",
        "| run | probing | 720p | 480p | thumbnail | ready | outcome |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ok = True
    for number, seen in enumerate(runs, 1):
        cells = [
            f"{seen[s]:.1f}" if s in seen else "—"
            for s in ("probing", "transcoding_720p", "transcoding_480p", "thumbnail", "ready")
        ]
        ok = ok and seen["state"] == "done"
        lines.append(
            f"| {number} | {' | '.join(cells)} | {seen['state']} {seen.get('error', '')} |"
        )
    lines += ["", "Run: `.venv/bin/python bench/video_latency_bench.py`", ""]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_results("Video latency", report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
