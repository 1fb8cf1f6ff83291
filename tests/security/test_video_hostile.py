"""Videos that try to make ffmpeg read local files or fetch URLs, and the direct-to-S3
upload path against the whole hostile video corpus.

ffmpeg left to guess the container follows an HLS playlist's segments and an ffconcat
script's files, and takes a URL given as its input. The pipeline pins the container to
the one the file's first bytes name (MP4/MOV or WebM/Matroska) and allows the ``file``
and ``pipe`` protocols only. Each case below is tried on ffprobe and on ffmpeg (even
given a probe result, as if the probe had been skipped), next to a TCP listener and a
FIFO that record any attempt to reach them.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from courses.models import SubmissionFile, Video, VideoState
from courses.services.video_upload import direct_upload_enabled
from courses.tests.clips import make_clip
from courses.video import ffmpeg

from .hostile_files import (
    CORPUS,
    COURSE_VIDEO,
    ffconcat_script,
    hls_playlist,
    mp4_header_then_hls,
    url_as_video,
)
from .tripwires import FifoTripwire, Listener

PASSWD_LINE = "root:x:0:0"


class Traps:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.listener = Listener()
        self.fifo = FifoTripwire(folder / "classmate.mp4")  # a media name HLS would accept

    def close(self) -> tuple[int, bool]:
        return self.listener.close(), self.fifo.close()


@pytest.fixture
def traps(tmp_path):
    traps = Traps(tmp_path)
    yield traps
    traps.close()


HOSTILE_INPUTS = {
    "hls-playlist-local-segment": lambda t: hls_playlist(str(t.fifo.path)),
    "hls-playlist-url-segment": lambda t: hls_playlist(t.listener.url("/segment.ts")),
    "hls-playlist-passwd-and-url": lambda t: hls_playlist(
        "file:///etc/passwd", t.listener.url("/segment.ts")
    ),
    "hls-playlist-remote-variant": lambda t: (
        b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n" + t.listener.url("/v.m3u8").encode() + b"\n"
    ),
    "ffconcat-sibling-file": lambda t: ffconcat_script(t.fifo.path.name),
    "ffconcat-passwd": lambda t: ffconcat_script("/etc/passwd"),
    "ssrf-url-in-mp4": lambda t: url_as_video(t.listener.url("/video.mp4")),
    "mp4-header-then-hls": lambda t: mp4_header_then_hls(),
}


def _messages(*errors) -> str:
    return " ".join(str(e.value) for e in errors)


@pytest.mark.parametrize("case", HOSTILE_INPUTS)
def test_ffmpeg_reads_no_other_file_and_no_url_for_a_hostile_input(case, traps, tmp_path):
    """Guards the container pinning and the protocol whitelist: before them, ffmpeg
    followed a playlist's local segment and a concat script's sibling file (the FIFO: a
    video of someone else's on the worker's disk). URLs and /etc/passwd were already
    refused by ffmpeg's own defaults; these cases prove they still are."""
    source = tmp_path / "source"
    source.write_bytes(HOSTILE_INPUTS[case](traps))
    forged = ffmpeg.Probe(duration=1, width=64, height=48, has_audio=False, container="mov")

    with pytest.raises(ffmpeg.VideoError) as probed:
        ffmpeg.probe(source)
    with pytest.raises(ffmpeg.VideoError) as transcoded:
        ffmpeg.transcode(
            source, tmp_path / "480p.mp4", ffmpeg.RENDITIONS[-1], info=forged, timeout=30
        )
    with pytest.raises(ffmpeg.VideoError) as thumbnailed:
        ffmpeg.thumbnail(source, tmp_path / "thumb.jpg", info=forged, timeout=30)

    connections, fifo_opened = traps.close()
    assert connections == 0, "ffmpeg connected to the listener"
    assert not fifo_opened, "ffmpeg opened a local file the input named"
    assert "video" in str(probed.value), probed.value  # a message fit for the owner
    assert PASSWD_LINE not in _messages(probed, transcoded, thumbnailed)


def test_a_url_given_as_the_input_is_never_fetched(traps, tmp_path):
    """Guards ``file:`` inputs: before, a URL where a path belongs was fetched (SSRF)."""
    url = traps.listener.url("/video.mp4")
    forged = ffmpeg.Probe(duration=1, width=64, height=48, has_audio=False, container="mov")

    with pytest.raises(ffmpeg.VideoError):
        ffmpeg.probe(url)
    with pytest.raises(ffmpeg.VideoError):
        ffmpeg.transcode(url, tmp_path / "480p.mp4", ffmpeg.RENDITIONS[-1], info=forged, timeout=30)

    connections, _fifo = traps.close()
    assert connections == 0


def test_the_probe_accepts_only_the_containers_its_bytes_name(tmp_path):
    """An MP4 is read as MP4 and nothing else: a WebM header on MP4 bytes fails."""
    clip = make_clip(tmp_path / "clip.mp4", size="64x48")
    assert ffmpeg.probe(clip).container == "mov"
    disguised = tmp_path / "disguised"
    disguised.write_bytes(b"\x1a\x45\xdf\xa3" + clip.read_bytes())
    with pytest.raises(ffmpeg.VideoError):
        ffmpeg.probe(disguised)


# --- The direct-to-S3 path against the hostile video corpus ---------------------------------

VIDEO_CASES = [
    pytest.param(h, id=h.key)
    for h in CORPUS
    if COURSE_VIDEO in h.targets and h.expect != "sanitise"
]


@pytest.fixture
def s3_root():
    """This test's objects under their own prefix, so what it leaves behind is exact."""
    if not direct_upload_enabled():
        pytest.skip("S3 storage is not configured")
    default = dict(settings.STORAGES["default"])
    options = {**default.get("OPTIONS", {}), "location": f"security-{uuid.uuid4().hex[:12]}"}
    with override_settings(
        STORAGES={**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    ):
        yield default_storage
        for name in _stored(default_storage):
            default_storage.delete(name)


def _stored(storage, path: str = "") -> list[str]:
    folders, files = storage.listdir(path)
    names = [f"{path}/{f}".lstrip("/") for f in files]
    for folder in folders:
        names += _stored(storage, f"{path}/{folder}".lstrip("/"))
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", VIDEO_CASES)
def test_hostile_video_through_the_presigned_post_gets_a_clear_error(
    hostile, world, alice_client, s3_root, run_on_commit, no_errors_logged
):
    assignment = world.assignment
    start = alice_client.post(
        reverse("courses:video_upload_start", args=[assignment.course_id, assignment.pk]),
        {
            "filename": hostile.filename,
            "content_type": hostile.content_type,
            "size": max(len(hostile.data), 1),
        },
    )
    if start.status_code == 400:  # refused before any byte is sent
        assert start.json()["error"].strip()
        assert not Video.objects.exists() and not _stored(s3_root)
        return
    plan = start.json()
    sent = requests.post(
        plan["url"],
        data=plan["fields"],
        files={"file": (hostile.filename, hostile.data)},
        timeout=30,
    )
    assert sent.status_code in (200, 201, 204), sent.text
    with run_on_commit():
        done = alice_client.post(plan["complete"])
    assert done.status_code < 500
    if done.status_code == 400:
        assert done.json()["error"].strip()
        assert not Video.objects.exists() and not SubmissionFile.objects.exists()
        assert not _stored(s3_root), "a refused upload left objects behind"
        return
    assert hostile.expect == "fail", f"{hostile.key} was accepted at /complete"
    video = Video.objects.get()
    assert video.state == VideoState.FAILED, video.state
    assert video.error.strip() and PASSWD_LINE not in video.error
    page = alice_client.get(reverse("courses:video", args=[video.pk])).content.decode()
    assert video.error in page
