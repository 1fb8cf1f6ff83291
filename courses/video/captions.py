"""WebVTT caption files: checked by content and written again by us.

Only cues survive: their timings (settings dropped) and their text as plain text. Tags
are removed, entities decoded once and the text escaped again, so the stored file holds
no markup; NOTE, STYLE and REGION blocks are dropped. Every refusal says what to fix.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_BYTES = 512 * 1024
MAX_CUES = 5000
MAX_CUE_CHARS = 500
END_MARGIN = 2.0  # seconds a cue may end after the video (encoders round lengths)

TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
TIMING = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$")
TAG = re.compile(r"<[^>]*>?")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# BCP 47 as browsers use it for tracks: language, optional script, optional region.
LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:-([A-Za-z]{4}))?(?:-([A-Za-z]{2}|\d{3}))?$")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class CaptionFile:
    text: str  # the WebVTT we wrote
    cues: tuple[Cue, ...]


def parse_timestamp(value: str) -> float | None:
    match = TIMESTAMP.match(value)
    if not match:
        return None
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def format_timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def plain_text(raw: str) -> str:
    """A cue's text without tags or control characters, entities decoded once."""
    text = TAG.sub("", raw)
    text = html.unescape(text)
    text = TAG.sub("", text)  # tags spelled with entities are removed too
    text = CONTROL.sub("", text).replace("\u2028", " ").replace("\u2029", " ")
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def escape_cue_text(text: str) -> str:
    """Cue text as WebVTT reads it: '&', '<' and '>' are text, never markup or arrows."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def normalise_language(value: str) -> str:
    """A BCP 47 tag ("en", "pt-BR", "zh-Hant-TW"), in its usual case."""
    match = LANGUAGE.match((value or "").strip())
    if not match:
        raise ValidationError(
            "Give the captions' language as a language tag such as en, fr or pt-BR."
        )
    language, script, region = match.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"This caption file is {len(data) // 1024} KB; the limit is {MAX_BYTES // 1024} KB."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError("Save the caption file as UTF-8 text and upload it again.") from exc
    if "\x00" in text:
        raise ValidationError("This is not a WebVTT text file (it holds null characters).")
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blocks separated by blank lines, each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _is_dropped(first_line: str) -> bool:
    return bool(re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", first_line))


def parse(data: bytes, *, duration: float | None) -> CaptionFile:
    """Checks a WebVTT file and writes it again, or raises ValidationError saying why."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", first):
        raise ValidationError("A WebVTT file starts with the line WEBVTT. This one does not.")
    blocks = _blocks(text)
    cues: list[Cue] = []
    previous_start = 0.0
    for line_number, lines in blocks[1:]:  # the first block is the WEBVTT header
        if _is_dropped(lines[0]):
            continue
        timing_at = 0 if "-->" in lines[0] else 1
        if timing_at >= len(lines) or "-->" not in lines[timing_at]:
            raise ValidationError(
                f"Line {line_number}: expected a cue timing such as 00:00:01.000 --> 00:00:04.000."
            )
        number = line_number + timing_at
        match = TIMING.match(lines[timing_at].strip())
        if not match:
            raise ValidationError(
                f"Line {number}: write the timing as 00:00:01.000 --> 00:00:04.000."
            )
        start, end = parse_timestamp(match[1]), parse_timestamp(match[2])
        if start is None or end is None:
            raw = match[1] if start is None else match[2]
            raise ValidationError(
                f'Line {number}: "{raw[:20]}" is not a time; use mm:ss.ttt or hh:mm:ss.ttt.'
            )
        if end <= start:
            raise ValidationError(f"Line {number}: the cue ends before it starts.")
        if start < previous_start:
            raise ValidationError(
                f"Line {number}: cues must be in time order (this one starts before the one "
                "above it)."
            )
        if duration and end > duration + END_MARGIN:
            raise ValidationError(
                f"Line {number}: this cue ends at {format_timestamp(end)}, after the video "
                f"({format_timestamp(duration)})."
            )
        body = plain_text("\n".join(lines[timing_at + 1 :]))
        if len(body) > MAX_CUE_CHARS:
            raise ValidationError(f"Line {number}: keep each cue under {MAX_CUE_CHARS} characters.")
        if any("-->" in line for line in lines[timing_at + 1 :]):
            raise ValidationError(f"Line {number}: a cue's text cannot contain -->.")
        previous_start = start
        if body:
            cues.append(Cue(start, end, body))
            if len(cues) > MAX_CUES:
                raise ValidationError(f"This file has more than {MAX_CUES} cues; split it up.")
    if not cues:
        raise ValidationError("This caption file has no cues with text.")
    return CaptionFile(text=write(cues), cues=tuple(cues))


def write(cues: list[Cue] | tuple[Cue, ...]) -> str:
    out = ["WEBVTT", ""]
    for cue in cues:
        out.append(f"{format_timestamp(cue.start)} --> {format_timestamp(cue.end)}")
        out.append(escape_cue_text(cue.text))
        out.append("")
    return "\n".join(out)
