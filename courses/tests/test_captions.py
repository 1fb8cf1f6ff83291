"""The WebVTT parser: only cues survive, as plain text we write again; hostile files are
refused with a message that says what to fix."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from courses.video import captions


def vtt(*cues: str, header: str = "WEBVTT") -> bytes:
    return ("\n\n".join([header, *cues]) + "\n").encode()


def refused(data: bytes, *, duration: float | None = 60.0) -> str:
    with pytest.raises(ValidationError) as exc:
        captions.parse(data, duration=duration)
    return " ".join(exc.value.messages)


def test_cues_are_rewritten_with_their_timings_and_plain_text():
    data = vtt(
        "intro\n00:01.000 --> 00:04.500 align:start line:0\nHello there",
        "00:00:05.000 --> 00:00:06.000\nSecond <i>line</i>\nand more",
    )
    parsed = captions.parse(data, duration=10)
    assert [c.start for c in parsed.cues] == [1.0, 5.0]
    assert parsed.text == (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.500\nHello there\n\n"
        "00:00:05.000 --> 00:00:06.000\nSecond line\nand more\n"
    )


def test_script_tags_and_entities_never_reach_the_file_as_markup():
    """Guards against markup in a stored track: tags are stripped, entities decoded once
    and the text escaped again, so '<' is never written raw."""
    data = vtt(
        "00:01.000 --> 00:02.000\n<script>alert(1)</script>Hi <b>you</b>",
        "00:02.000 --> 00:03.000\n&lt;img src=x onerror=alert(1)&gt; Tom &amp; Jerry",
        "00:03.000 --> 00:04.000\n<c.red><v Ana>Said</v></c> 3 < 4",
    )
    parsed = captions.parse(data, duration=10)
    texts = [c.text for c in parsed.cues]
    assert texts[0] == "alert(1)Hi you"
    assert texts[1] == "Tom & Jerry"  # the tag spelled with entities is removed too
    assert "Said" in texts[2]
    body = parsed.text.split("\n", 2)[2]
    assert "<" not in body and "&amp;" in body


def test_note_style_and_region_blocks_are_dropped():
    data = vtt(
        "STYLE\n::cue { background: url(http://evil.example/) }",
        "REGION\nid:fred width:40%",
        "NOTE this is private\nstill the note",
        "00:01.000 --> 00:02.000\nKept",
    )
    parsed = captions.parse(data, duration=10)
    assert [c.text for c in parsed.cues] == ["Kept"]
    assert "evil" not in parsed.text and "private" not in parsed.text


def test_bom_and_crlf_line_endings_are_read():
    data = b"\xef\xbb\xbfWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nWindows\r\n"
    assert captions.parse(data, duration=10).cues[0].text == "Windows"
    old_mac = b"WEBVTT\r\r00:01.000 --> 00:02.000\rClassic\r"
    assert captions.parse(old_mac, duration=10).cues[0].text == "Classic"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"1\n00:01,000 --> 00:02,000\nSRT\n", "starts with the line WEBVTT"),
        (b"WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", "starts with the line WEBVTT"),
        (vtt("00:01,000 --> 00:02.000\nComma"), "is not a time"),
        (vtt("00:61.000 --> 00:62.000\nBad minutes"), "is not a time"),
        (vtt("00:02.000 --> 00:01.000\nBackwards"), "ends before it starts"),
        (vtt("00:05.000 --> 00:06.000\nA", "00:01.000 --> 00:02.000\nB"), "time order"),
        (vtt("00:01.000 --> 01:00:00.000\nToo long"), "after the video"),
        (vtt("just text\nno timing"), "expected a cue timing"),
        (vtt("00:01.000 -> 00:02.000\nOne dash"), "expected a cue timing"),
        (vtt(), "no cues"),
        (vtt("00:01.000 --> 00:02.000\n<b></b>"), "no cues"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\ncafé\n".encode("latin-1"), "UTF-8"),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nnul\x00\n", "null characters"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, message):
    assert message in refused(data)


def test_a_huge_file_or_cue_count_is_refused():
    cues = [
        f"{captions.format_timestamp(i * 0.01)} --> {captions.format_timestamp(i * 0.01 + 0.01)}\nx"
        for i in range(captions.MAX_CUES + 1)
    ]
    assert "more than 5000 cues" in refused(vtt(*cues), duration=None)
    big = b"WEBVTT\n\n" + b"x" * captions.MAX_BYTES
    assert "the limit is 512 KB" in refused(big)


def test_the_end_may_pass_the_video_by_a_small_margin():
    assert captions.parse(vtt("00:09.000 --> 00:11.500\nEnd"), duration=10).cues
    assert "after the video" in refused(vtt("00:09.000 --> 00:13.000\nEnd"), duration=10)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("en", "en"), ("PT-br", "pt-BR"), ("zh-hant-tw", "zh-Hant-TW"), ("es-419", "es-419")],
)
def test_language_tags_are_normalised(given, expected):
    assert captions.normalise_language(given) == expected


@pytest.mark.parametrize("given", ["", "english", "en_US", "e", "en-US-x-private", "<en>"])
def test_bad_language_tags_are_refused(given):
    with pytest.raises(ValidationError, match="language tag"):
        captions.normalise_language(given)
