"""Running ffmpeg with ``-progress pipe:1``: how far the output is, as a share of the
source's probed running time, reported while ffmpeg works.

ffmpeg writes blocks of ``key=value`` lines (about twice a second) to stdout; each block
ends with ``progress=continue`` or ``progress=end``. ``out_time_us`` is how much of the
output is written, in microseconds (``out_time_ms`` is the same number under its old,
misleading name).
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

ProgressCallback = Callable[[float], None]


@dataclass(frozen=True)
class Finished:
    returncode: int
    stderr: str
    timed_out: bool


def with_progress(cmd: list[str]) -> list[str]:
    """The command with progress on stdout and no stats line on stderr."""
    return [cmd[0], "-progress", "pipe:1", "-nostats", *cmd[1:]]


def fractions(lines: Iterable[str], duration: float) -> Iterator[float]:
    """The share done (0 to 1) at the end of each progress block, never going back."""
    done = 0.0
    out_us: float | None = None
    for raw in lines:
        key, _, value = raw.strip().partition("=")
        if key in ("out_time_us", "out_time_ms"):
            try:
                out_us = float(value)
            except ValueError:
                continue  # "N/A" before the first frame
        elif key == "progress":
            if value == "end":
                share = 1.0
            elif out_us is None or duration <= 0:
                continue
            else:
                share = min(1.0, max(0.0, out_us / (duration * 1_000_000)))
            if share > done or value == "end":
                done = max(done, share)
                yield done


def run(
    cmd: list[str], *, timeout: float, duration: float, on_progress: ProgressCallback
) -> Finished:
    """Runs ``cmd`` (with progress added), calling ``on_progress(share)`` after each block.
    Past ``timeout`` seconds ffmpeg is killed. An exception from the callback (a task's
    soft time limit, say) stops ffmpeg too."""
    timed_out = threading.Event()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(  # noqa: S603 (fixed argv, our own temp paths)
            with_progress(cmd),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )

        def kill() -> None:
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            for share in fractions(proc.stdout or (), duration):
                on_progress(share)
            proc.wait()
        finally:
            timer.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    return Finished(returncode=proc.returncode, stderr=stderr, timed_out=timed_out.is_set())


# A video's progress (its job row, 0 to 100) by stage: the claim sets PROBED, the
# renditions share PROBED..RENDITIONS_DONE in order, then the thumbnail; done is 100.
PROBED = 10
RENDITIONS_DONE = 90


def rendition_span(index: int, count: int) -> tuple[int, int]:
    """The progress range of the rendition at ``index`` (of ``count``, in order)."""
    width = RENDITIONS_DONE - PROBED
    return PROBED + width * index // count, PROBED + width * (index + 1) // count


def rendition_at(value: int, count: int) -> int:
    """Which rendition (its index) a progress value below RENDITIONS_DONE is making."""
    for index in range(count):
        if value < rendition_span(index, count)[1]:
            return index
    return count - 1
