"""Rendering PDF pages to images within a pixel budget.

A page's size costs nothing in the file: a few hundred bytes can declare a 9000 × 9000 pt
page, which at 110 dpi is a 189-megapixel image (about 1 GB while it renders). Every
rasterisation (course previews, resume OCR) goes through ``render_page``, which lowers the
resolution of large pages to fit ``MAX_PAGE_PIXELS`` and refuses pages beyond the largest
size the PDF format allows.
"""

from __future__ import annotations

import math

MAX_PAGE_PIXELS = 25_000_000  # about an A2 sheet at 250 dpi; A4 at 300 dpi is 8.7 Mpx
MAX_PAGE_POINTS = 14_400  # 200 inches: the PDF format's largest page side
POINTS_PER_INCH = 72


class PageRefused(Exception):
    """A page that cannot be rendered; the message is for the user."""


def _size_problem(width: float, height: float, number: int) -> str | None:
    if not (width >= 1 and height >= 1):
        return f"Page {number} of this PDF has no size, so it cannot be shown."
    if max(width, height) > MAX_PAGE_POINTS:
        return (
            f"Page {number} of this PDF is {width / POINTS_PER_INCH:,.0f} × "
            f"{height / POINTS_PER_INCH:,.0f} inches, larger than the PDF format allows "
            f"({MAX_PAGE_POINTS // POINTS_PER_INCH} inches a side). Export it again at a "
            "normal paper size and upload the new copy."
        )
    return None


def oversized_page(doc) -> str | None:
    """A message for the first page of an open PyMuPDF document that cannot be rendered."""
    for index in range(doc.page_count):
        rect = doc[index].rect
        if problem := _size_problem(rect.width, rect.height, index + 1):
            return problem
    return None


def render_zoom(
    width: float, height: float, *, dpi: int, max_pixels: int = MAX_PAGE_PIXELS, number: int = 1
) -> float:
    """The zoom (1.0 is 72 dpi) that renders a page of ``width`` × ``height`` points at
    ``dpi``, or lower so that the image holds at most ``max_pixels``."""
    if problem := _size_problem(width, height, number):
        raise PageRefused(problem)
    zoom = dpi / POINTS_PER_INCH
    # MuPDF rounds the image outwards, so count one extra pixel a side.
    while (width * zoom + 1) * (height * zoom + 1) > max_pixels:
        zoom = min(zoom * 0.999, math.sqrt(max_pixels / ((width + 1) * (height + 1))))
    return zoom


def render_page(page, *, dpi: int, max_pixels: int = MAX_PAGE_PIXELS, colorspace=None):
    """A PyMuPDF page as a pixmap of at most ``max_pixels``; ``PageRefused`` for a page
    that has no size or is beyond the format's limit."""
    import pymupdf

    rect = page.rect
    zoom = render_zoom(
        rect.width, rect.height, dpi=dpi, max_pixels=max_pixels, number=page.number + 1
    )
    return page.get_pixmap(
        matrix=pymupdf.Matrix(zoom, zoom), colorspace=colorspace or pymupdf.csRGB, alpha=False
    )
