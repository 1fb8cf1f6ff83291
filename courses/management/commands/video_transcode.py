"""Runs the video pipeline on a local file: ``video_transcode FILE --out DIR``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.video import ffmpeg


class Command(BaseCommand):
    help = "Make the 720p/480p renditions and the thumbnail of a video file, as the worker does."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--out", required=True, help="Folder for the renditions.")

    def handle(self, *args, file, out, **options):
        source = Path(file)
        if not source.is_file() or source.stat().st_size == 0:
            raise CommandError(f"{file}: no such file, or it is empty.")
        try:
            result = ffmpeg.transcode_all(source, out)
        except ffmpeg.VideoError as exc:
            raise CommandError(str(exc)) from exc
        result["renditions"] = {
            name: {"width": w, "height": h, "file": f"{name}.mp4"}
            for name, (w, h) in result["renditions"].items()
        }
        self.stdout.write(json.dumps(result))
