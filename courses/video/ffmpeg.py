"""ffprobe and ffmpeg, run on local files.

Renditions are H.264/AAC MP4 with ``+faststart`` (playable while downloading). A source
is never upscaled: a 480p source gives only the 480p rendition.

Inputs are read as the container their first bytes name (MP4/MOV or WebM/Matroska) and
only from local files: ffmpeg never guesses the format (an HLS playlist or a concat
script would make it open other files or URLs) and may use no network protocol.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..uploads import HEAD_BYTES, VIDEO_KINDS_TEXT, sniff
from . import progress


class VideoError(Exception):
    """A video that cannot be processed, with a reason fit to show its owner."""


@dataclass(frozen=True)
class Probe:
    duration: float
    width: int
    height: int
    has_audio: bool
    container: str  # the demuxer every later step must use for this file


PROTOCOLS = "file,pipe"
# The demuxer for each accepted kind (as ``uploads.sniff`` names it) and its full name.
DEMUXERS = {"mp4": "mov", "mov": "mov", "webm": "matroska"}
FORMAT_NAMES = {"mov": "mov,mp4,m4a,3gp,3g2,mj2", "matroska": "matroska,webm"}


@dataclass(frozen=True)
class RenditionSpec:
    name: str
    height: int
    video_bitrate: str
    audio_bitrate: str


RENDITIONS = (
    RenditionSpec("720p", 720, "2500k", "128k"),
    RenditionSpec("480p", 480, "1000k", "96k"),
)


def container_of(path: str | Path) -> str:
    """The demuxer for this file, chosen by its first bytes; VideoError for anything else."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise VideoError("The video file could not be read.") from exc
    demuxer = DEMUXERS.get(sniff(head) or "")
    if demuxer is None:
        raise VideoError(
            f"This is not a video we accept: only {VIDEO_KINDS_TEXT} files are processed "
            "(checked by their content, not their name)."
        )
    return demuxer


def _local(path: str | Path) -> str:
    """A path ffmpeg can only read as a local file (never as a URL or an option)."""
    return f"file:{Path(path).resolve()}"


def _input(path: str | Path, container: str) -> list[str]:
    return ["-protocol_whitelist", PROTOCOLS, "-f", container, "-i", _local(path)]


def _ffprobe(
    path: str | Path, container: str, args: list[str], *, timeout: float
) -> subprocess.CompletedProcess:
    """ffprobe on a local file of a pinned container, local files only."""
    cmd = ["ffprobe", "-v", "error", "-protocol_whitelist", PROTOCOLS, "-f", container]
    try:
        return subprocess.run(  # noqa: S603 (fixed argv, our own temp paths)
            [*cmd, *args, _local(path)], capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise VideoError("Reading this video took too long.") from exc


def probe(path: str | Path, *, timeout: float = 30) -> Probe:
    container = container_of(path)
    done = _ffprobe(
        path,
        container,
        ["-print_format", "json", "-show_format", "-show_streams"],
        timeout=timeout,
    )
    if done.returncode != 0:
        raise VideoError("This file is not a video we can read (it may be damaged or truncated).")
    info = json.loads(done.stdout or b"{}")
    if info.get("format", {}).get("format_name") != FORMAT_NAMES[container]:
        raise VideoError(
            f"This is not a video we accept: only {VIDEO_KINDS_TEXT} files are processed."
        )
    streams = info.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if video is None or not video.get("width") or not video.get("height"):
        raise VideoError("This file has no video picture.")
    try:
        duration = float(info.get("format", {}).get("duration") or video.get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:  # a browser recording (MediaRecorder's WebM) has no duration header
        duration = _packet_duration(path, container, timeout=timeout)
    if duration <= 0:
        raise VideoError("This video has no length (it may be damaged or truncated).")
    width, height = int(video["width"]), int(video["height"])
    rotation = _rotation(video)
    if rotation in (90, 270):
        width, height = height, width
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    return Probe(
        duration=duration, width=width, height=height, has_audio=has_audio, container=container
    )


def _packet_duration(path: str | Path, container: str, *, timeout: float) -> float:
    """The running time from the packets' timestamps (first start to last end), for files
    whose header states none. Demuxes only: nothing is decoded."""
    entries = ["-show_entries", "packet=pts_time,dts_time,duration_time", "-of", "compact=p=0"]
    done = _ffprobe(path, container, entries, timeout=timeout)
    if done.returncode != 0:
        return 0.0
    first, last = None, 0.0
    for line in done.stdout.decode("ascii", "replace").splitlines():
        fields = dict(part.partition("=")[::2] for part in line.split("|"))
        at = _seconds(fields.get("pts_time"))
        if at is None:
            at = _seconds(fields.get("dts_time"))
        if at is None:
            continue
        first = at if first is None else min(first, at)
        last = max(last, at + (_seconds(fields.get("duration_time")) or 0.0))
    return max(0.0, last - (first or 0.0))


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def _rotation(stream: dict) -> int:
    tags = stream.get("tags") or {}
    value = tags.get("rotate")
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            value = side["rotation"]
    try:
        return abs(int(float(value or 0))) % 360
    except ValueError:
        return 0


def renditions_for(source_height: int) -> list[RenditionSpec]:
    """The renditions to make: never taller than the source; at least the smallest one."""
    fitting = [spec for spec in RENDITIONS if spec.height <= source_height]
    return fitting or [RENDITIONS[-1]]


def _run(
    cmd: list[str],
    *,
    timeout: float,
    what: str,
    duration: float = 0.0,
    on_progress: progress.ProgressCallback | None = None,
) -> None:
    """Runs ffmpeg; with ``on_progress``, reports the share of ``duration`` written."""
    if on_progress is not None:
        finished = progress.run(cmd, timeout=timeout, duration=duration, on_progress=on_progress)
        if finished.timed_out:
            raise VideoError(f"Making the {what} took too long.")
        returncode, stderr = finished.returncode, finished.stderr
    else:
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)  # noqa: S603 (fixed argv, our own temp paths)
        except subprocess.TimeoutExpired as exc:
            raise VideoError(f"Making the {what} took too long.") from exc
        returncode, stderr = done.returncode, done.stderr.decode("utf-8", "replace")
    if returncode != 0:
        tail = stderr.strip().splitlines()[-1:] or [""]
        raise VideoError(f"Making the {what} failed: {tail[0][:200]}")


def transcode(
    source: str | Path,
    out: str | Path,
    spec: RenditionSpec,
    *,
    info: Probe,
    timeout: float,
    on_progress: progress.ProgressCallback | None = None,
) -> tuple[int, int]:
    """Writes one rendition to ``out``; returns its (width, height). ``on_progress`` is
    called with the share done (0 to 1) while ffmpeg works."""
    height = min(spec.height, info.height)
    height -= height % 2
    width = round(info.width * height / info.height / 2) * 2
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", *_input(source, info.container)]
    if not info.has_audio:  # a silent track keeps every rendition playable the same way
        cmd += ["-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=44100"]
    cmd += [
        "-map",
        "0:v:0",
        "-map",
        "0:a:0" if info.has_audio else "1:a:0",
        "-vf",
        f"scale={width}:{height}",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-profile:v",
        "main",
        "-pix_fmt",
        "yuv420p",
        "-b:v",
        spec.video_bitrate,
        "-maxrate",
        spec.video_bitrate,
        "-bufsize",
        "4M",
        "-c:a",
        "aac",
        "-b:a",
        spec.audio_bitrate,
        "-ac",
        "2",
        "-shortest",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        _local(out),
    ]
    _run(
        cmd,
        timeout=timeout,
        what=f"{spec.name} version",
        duration=info.duration,
        on_progress=on_progress,
    )
    return width, height


def thumbnail(source: str | Path, out: str | Path, *, info: Probe, timeout: float = 60) -> None:
    at = min(1.0, info.duration / 2)
    cmd = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-ss",
        f"{at:.2f}",
        *_input(source, info.container),
        "-frames:v",
        "1",
        "-vf",
        "scale=-2:360",
        "-f",
        "image2",
        _local(out),
    ]
    _run(cmd, timeout=timeout, what="thumbnail")


def time_limit_for(duration: float) -> int:
    """Seconds one rendition may take: a base plus a multiple of the running time."""
    return int(60 + 4 * max(duration, 1))


def transcode_all(source: str | Path, out_dir: str | Path) -> dict:
    """The whole pipeline on local files (command line and benchmark)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    info = probe(source)
    limit = time_limit_for(info.duration)
    made = {}
    for spec in renditions_for(info.height):
        target = out_dir / f"{spec.name}.mp4"
        made[spec.name] = transcode(source, target, spec, info=info, timeout=limit)
    thumbnail(source, out_dir / "thumbnail.jpg", info=info)
    return {"duration": info.duration, "renditions": made, "thumbnail": "thumbnail.jpg"}
