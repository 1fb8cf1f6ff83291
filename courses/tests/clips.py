"""Tiny test clips made by ffmpeg (≤ 2 s, small frame rates), cached per test session."""

from __future__ import annotations

import subprocess
from pathlib import Path


def make_clip(
    path: Path, *, size: str = "640x480", duration: float = 1, audio: bool = True
) -> Path:
    cmd = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc=size={size}:duration={duration}:rate=10",
    ]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}"]
    cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        cmd += ["-c:a", "aac", "-shortest"]
    cmd += [str(path)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    return path
