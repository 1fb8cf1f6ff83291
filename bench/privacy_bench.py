"""Data export memory benchmark (A6): building the "Download my data" ZIP must keep memory
flat however many gigabytes a user holds.

For each size, a user gets that many megabytes of stored resume files (8 MB each, random
bytes, so nothing compresses), then a fresh process builds the export exactly as the worker
does (``accounts.privacy.export.build_into``: JSON, files streamed into a ZIP on disk, then
stored). Its peak resident memory is compared with:
- its own peak before the build started (Django loaded, the user fetched), the floor;
- the naive way, the same ZIP built in memory (``io.BytesIO``), the baseline, run up to
  256 MB.

    .venv/bin/python bench/privacy_bench.py            # --sizes 64,256,1024

Records the table under "## Data export memory" in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import configure_environment, machine, write_results  # noqa: E402

DATABASE = configure_environment(state_name="bench-privacy", database="cc_privacy_bench")
import django  # noqa: E402

django.setup()

FILE_MB = 8
NAIVE_UP_TO_MB = 256


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, user_id: int) -> None:
    """Runs in its own process; prints its peak RSS in MB and the seconds taken."""
    from accounts.models import DataExport, User
    from accounts.privacy.export import build_into, write_zip

    user = User.objects.get(pk=user_id)
    list(User.objects.filter(pk=user_id))  # warm the connection before the floor is read
    floor = _peak_mb()
    started = time.perf_counter()
    if mode == "streamed":
        export = DataExport.objects.create(user=user)
        build_into(export, progress=lambda pct: None)
        export.save()
        export.file.delete(save=False)
        size = export.size_bytes
    elif mode == "in-memory":
        buffer = io.BytesIO()
        write_zip(user, buffer)
        size = len(buffer.getvalue())
    else:
        size = 0
    print(f"{size} {floor:.1f} {_peak_mb():.1f} {time.perf_counter() - started:.2f}")


def _user_with(megabytes: int) -> int:
    from django.core.files.base import ContentFile

    from accounts.models import User
    from resumes.models import Resume, ResumeVersion

    email = f"export-{megabytes}mb@bench.invalid"
    User.objects.filter(email=email).delete()
    user = User.objects.create_user(email=email, password=None)
    resume = Resume.objects.create(user=user, name=f"{megabytes} MB of resumes")
    for number in range(megabytes // FILE_MB):
        version = ResumeVersion(
            resume=resume,
            number=number + 1,
            original_filename="cv.pdf",
            file_kind="pdf",
            size_bytes=FILE_MB << 20,
            sha256="0" * 64,
            state="done",
        )
        version.file.save(f"cv-{number}.pdf", ContentFile(os.urandom(FILE_MB << 20)), save=True)
    return user.pk


def _delete_user_and_files(user_id: int) -> None:
    from accounts.models import User
    from resumes.models import ResumeVersion

    for version in ResumeVersion.objects.filter(resume__user_id=user_id):
        version.file.delete(save=False)
    User.objects.filter(pk=user_id).delete()


def _run(mode: str, user_id: int) -> tuple[int, float, float, float]:
    """(ZIP bytes, peak RSS before the build, peak RSS after it, seconds)."""
    out = subprocess.run(  # noqa: S603 - this script, by path
        [sys.executable, __file__, "--child", mode, "--user-id", str(user_id)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout.split()
    return int(out[-4]), float(out[-3]), float(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="64,256,1024")
    parser.add_argument("--child")
    parser.add_argument("--user-id", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.user_id)
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        user_id = _user_with(size)
        zip_bytes, floor, peak, seconds = _run("streamed", user_id)
        assert zip_bytes > size << 20, f"the ZIP holds {zip_bytes} bytes, not {size} MB"
        naive_cell = "not run (it would hold the whole ZIP)"
        if size <= NAIVE_UP_TO_MB:
            _, naive_floor, naive_peak, _ = _run("in-memory", user_id)
            naive_cell = f"{naive_peak:.0f} MB ({naive_peak - naive_floor:+.0f} MB)"
        rows.append(
            f"| {size} MB | {zip_bytes / 2**20:.0f} MB | {peak:.0f} MB ({peak - floor:+.0f} MB) "
            f"| {seconds:.1f} s | {naive_cell} |"
        )
        _delete_user_and_files(user_id)
    report = "\n".join(
        [
            "## Data export memory",
            "",
            f"Machine: {machine()}. Database: {DATABASE}; local file storage. Files of "
            f"{FILE_MB} MB of random bytes; each build in a fresh process; peak RSS from "
            "`getrusage`, with its growth over the peak before the build in brackets. Goal: "
            "flat memory for a user with 1 GB of files.",
            "",
            "| user's files | ZIP | streamed export: peak RSS (growth) | build time "
            "| baseline, the ZIP built in memory: peak RSS (growth) |",
            "| ---: | ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )
    print(report)
    write_results("Data export memory", report)


if __name__ == "__main__":
    main()
