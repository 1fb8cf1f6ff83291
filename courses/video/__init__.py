"""The video pipeline's ffmpeg side: probing, renditions and thumbnails (E4)."""
