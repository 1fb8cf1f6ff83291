"""ATS-safe PDF and DOCX from a resume document, in three templates.

Every template is one column of real text under standard headings, in resume order: no
tables, text boxes, images or columns for layout, so applicant tracking systems (and our
own extraction, resumes/extraction) read it back in order. PDFs are laid out by PyMuPDF's
Story (HTML and CSS); DOCX files by python-docx with Word's own heading and list styles.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

from .schema import SECTION_LABELS, SECTIONS

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Template:
    key: str
    label: str
    font: str  # PDF font family (Story's base-14 names)
    docx_font: str
    size: float  # body size, points
    heading_upper: bool
    accent: str  # heading colour, dark enough for print and contrast


TEMPLATES = {
    t.key: t
    for t in (
        Template("classic", "Classic", "serif", "Times New Roman", 11, True, "#111111"),
        Template("modern", "Modern", "sans-serif", "Calibri", 10.5, False, "#1f3a5f"),
        Template("compact", "Compact", "sans-serif", "Arial", 9.5, True, "#222222"),
    )
}
ORDER = ("summary", *SECTIONS)  # the summary first, then the sections the builder edits
HEADINGS = {**SECTION_LABELS, "summary": "Summary"}


def when(value: str | None) -> str:
    """'2021-04' -> 'Apr 2021'; '2021' stays; '' -> ''."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def span(entry: dict) -> str:
    start, end = when(entry.get("startDate")), when(entry.get("endDate"))
    if start and not end:
        return f"{start} - Present"
    return " - ".join(p for p in (start, end) if p)


def contact_line(basics: dict) -> str:
    location = basics.get("location") or {}
    place = ", ".join(p for p in (location.get("city"), location.get("region")) if p)
    profiles = [p.get("url") or p.get("username") for p in basics.get("profiles") or []]
    parts = [basics.get("email"), basics.get("phone"), place, basics.get("url"), *profiles]
    return " | ".join(p for p in parts if p)


def blocks(document: dict) -> list[tuple[str, str]]:
    """The resume as (kind, text) in reading order: name, label, contact, heading, entry,
    meta, bullet, para. Both renderers and the tests' expectations come from this."""
    basics = document.get("basics") or {}
    out: list[tuple[str, str]] = [("name", basics.get("name") or "Your name")]
    if basics.get("label"):
        out.append(("label", basics["label"]))
    if line := contact_line(basics):
        out.append(("contact", line))
    for section in ORDER:
        if section == "summary":
            if basics.get("summary"):
                out += [("heading", HEADINGS["summary"]), ("para", basics["summary"])]
            continue
        entries = document.get(section) or []
        if not entries:
            continue
        out.append(("heading", HEADINGS[section]))
        if section == "skills":
            for skill in entries:
                words = ", ".join(skill.get("keywords") or [])
                name = skill.get("name") or ""
                out.append(("para", f"{name}: {words}" if words and name else name or words))
            continue
        for entry in entries:
            out.extend(_entry(section, entry))
    return [(kind, text) for kind, text in out if text]


def _entry(section: str, entry: dict) -> list[tuple[str, str]]:
    if section in ("work", "volunteer"):
        org = entry.get("name") or entry.get("organization") or ""
        title = " - ".join(p for p in (entry.get("position"), org) if p)
        meta = " | ".join(p for p in (span(entry), entry.get("location")) if p)
    elif section == "education":
        degree = " in ".join(p for p in (entry.get("studyType"), entry.get("area")) if p)
        title = " - ".join(p for p in (degree, entry.get("institution")) if p)
        meta = " | ".join(p for p in (span(entry), entry.get("score")) if p)
    elif section == "projects":
        title, meta = entry.get("name") or "", span(entry)
    elif section == "certificates":
        title = " - ".join(p for p in (entry.get("name"), entry.get("issuer")) if p)
        meta = when(entry.get("date"))
    elif section == "awards":
        title = " - ".join(p for p in (entry.get("title"), entry.get("awarder")) if p)
        meta = when(entry.get("date"))
    elif section == "publications":
        title = " - ".join(p for p in (entry.get("name"), entry.get("publisher")) if p)
        meta = when(entry.get("releaseDate"))
    elif section == "languages":
        return [("para", " - ".join(p for p in (entry.get("language"), entry.get("fluency")) if p))]
    elif section == "interests":
        words = ", ".join(entry.get("keywords") or [])
        return [("para", f"{entry.get('name', '')}: {words}" if words else entry.get("name", ""))]
    else:  # references
        return [("para", " - ".join(p for p in (entry.get("reference"), entry.get("name")) if p))]
    out = [("entry", title), ("meta", meta)]
    for key in ("summary", "description"):
        if entry.get(key):
            out.append(("para", entry[key]))
    out += [("bullet", line) for line in entry.get("highlights") or []]
    if section == "education" and entry.get("courses"):
        out.append(("para", "Courses: " + ", ".join(entry["courses"])))
    return out


# --- PDF ------------------------------------------------------------------------------------
def _css(t: Template) -> str:
    transform = "uppercase" if t.heading_upper else "none"
    return f"""
    * {{ font-family: {t.font}; font-size: {t.size}pt; color: #111111; }}
    h1 {{ font-size: {t.size * 2}pt; font-weight: bold; margin: 0 0 2pt 0; }}
    p.label {{ font-size: {t.size + 1}pt; margin: 0; }}
    p.contact {{ margin: 2pt 0 6pt 0; }}
    h2 {{ font-size: {t.size + 2.5}pt; font-weight: bold; color: {t.accent};
          text-transform: {transform}; margin: 10pt 0 3pt 0; }}
    p.entry {{ font-weight: bold; margin: 5pt 0 0 0; }}
    p.meta {{ font-style: italic; margin: 0 0 2pt 0; }}
    p {{ margin: 0 0 2pt 0; }}
    ul {{ margin: 0 0 0 12pt; }}
    """


def _html(document: dict, t: Template) -> str:
    parts, bullets = [], []

    def flush() -> None:
        if bullets:
            parts.append("<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for kind, text in blocks(document):
        text = html.escape(text)
        if kind == "heading" and t.heading_upper:
            text = text.upper()  # real capitals: the text layer reads as it looks
        if kind == "bullet":
            bullets.append(text)
            continue
        flush()
        if kind == "name":
            parts.append(f"<h1>{text}</h1>")
        elif kind == "heading":
            parts.append(f"<h2>{text}</h2>")
        else:
            parts.append(f'<p class="{kind}">{text}</p>')
    flush()
    return "<body>" + "".join(parts) + "</body>"


def render_pdf(document: dict, template: str = "classic") -> bytes:
    import pymupdf

    t = TEMPLATES[template]
    story = pymupdf.Story(html=_html(document, t), user_css=_css(t))
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    page = pymupdf.paper_rect("letter")
    area = page + (54, 54, -54, -54)  # 0.75 inch margins
    more = True
    while more:
        device = writer.begin_page(page)
        more, _ = story.place(area)
        story.draw(device)
        writer.end_page()
    writer.close()
    data = buffer.getvalue()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        name = (document.get("basics") or {}).get("name") or ""
        doc.set_metadata({"title": f"{name} - Resume".strip(" -"), "author": name})
        doc.subset_fonts()  # only the glyphs used: about a third of the size
        return doc.tobytes(garbage=3, deflate=True)


# --- DOCX -----------------------------------------------------------------------------------
def render_docx(document: dict, template: str = "classic") -> bytes:
    import docx
    from docx.shared import Pt, RGBColor

    t = TEMPLATES[template]
    out = docx.Document()
    normal = out.styles["Normal"]
    normal.font.name = t.docx_font
    normal.font.size = Pt(t.size)
    accent = RGBColor.from_string(t.accent.lstrip("#").upper())
    for style_name, size in (("Title", t.size * 2), ("Heading 1", t.size + 2.5)):
        style = out.styles[style_name]
        style.font.name = t.docx_font
        style.font.size = Pt(size)
        style.font.color.rgb = accent if style_name == "Heading 1" else RGBColor(0x11, 0x11, 0x11)
    for section in out.sections:
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Pt(54))
    for kind, text in blocks(document):
        if kind == "name":
            out.add_paragraph(text, style="Title")
        elif kind == "heading":
            out.add_paragraph(text.upper() if t.heading_upper else text, style="Heading 1")
        elif kind == "bullet":
            out.add_paragraph(text, style="List Bullet")
        elif kind == "entry":
            out.add_paragraph().add_run(text).bold = True
        elif kind == "meta":
            out.add_paragraph().add_run(text).italic = True
        else:
            out.add_paragraph(text)
    name = (document.get("basics") or {}).get("name") or ""
    out.core_properties.title = f"{name} - Resume".strip(" -")
    out.core_properties.author = name
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def render(document: dict, fmt: str, template: str) -> bytes:
    return render_pdf(document, template) if fmt == "pdf" else render_docx(document, template)
