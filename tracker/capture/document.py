"""Untrusted page HTML, parsed safely and within bounds, and HTML turned into clean text.

lxml's HTML parser reads the page as data: nothing is executed, no network access, no
entity expansion; the input is cut at ``MAX_HTML_CHARS`` and the walks below are
iterative, so neither size nor nesting can exhaust memory or the stack.
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from .values import unescape

MAX_HTML_CHARS = 3_000_000
MAX_TEXT_CHARS = 50_000  # a description, as stored
_PARSER = lxml_html.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    recover=True,
    huge_tree=False,
    default_doctype=False,
)
_LOOKS_HTML = re.compile(
    r"<(?:!doctype|html|head|body|div|p|meta|script|h[1-6]|ul|li|br|span|a|section|article|main|table|title)\b",
    re.I,
)
SKIP_TAGS = frozenset(
    "script style noscript template svg iframe object embed head button select option "
    "input textarea form nav footer".split()
)
BLOCK_TAGS = frozenset(
    "p div section article main header aside ul ol table tr h1 h2 h3 h4 h5 h6 "
    "blockquote pre dl dt dd figure figcaption address hr".split()
)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.search(text[:20_000]))


def decode_bytes(data: bytes) -> str:
    """Text from a saved page's bytes: a BOM, UTF-8, the page's declared charset, cp1252."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = re.search(rb"charset=[\"']?([A-Za-z0-9_-]{2,30})", data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode(), errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def parse_document(text: str):
    """The page's root element, or None when nothing parses."""
    text = text[:MAX_HTML_CHARS].replace("\x00", "")
    if not text.strip():
        return None
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root


def parse_fragment(markup: str):
    """An HTML fragment (a description) wrapped in one <div>, or None."""
    try:
        return lxml_html.fragment_fromstring(
            markup.encode("utf-8", "replace"), create_parent="div", parser=_PARSER
        )
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def element_text(element, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Readable text of an element: paragraphs and list items on their own lines,
    scripts, styles, forms and navigation left out."""
    parts: list[str] = []
    size, budget = 0, limit + 1000
    skipping = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in SKIP_TAGS and node is not element:
                skipping += 1
            if skipping:
                continue
            if tag == "br":
                parts.append("\n")
            elif tag == "li":
                parts.append("\n• ")
            elif tag in BLOCK_TAGS:
                parts.append("\n\n")
            if node.text and tag:
                parts.append(node.text[: budget - size])
                size += len(parts[-1])
        else:
            if tag in SKIP_TAGS and node is not element:
                skipping -= 1
            elif not skipping and tag in BLOCK_TAGS:
                parts.append("\n\n")
            elif not skipping and tag in ("td", "th", "li"):
                parts.append(" ")
            if not skipping and node.tail and node is not element:
                parts.append(node.tail[: budget - size])
                size += len(parts[-1])
        if size >= budget:
            break
    return tidy("".join(parts), limit=limit)


def tidy(text: str, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Spaces collapsed within lines, at most one blank line between paragraphs."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]", "", text.replace("\r", "\n"))
    lines = [re.sub(r"[ \t\u00a0\u202f]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    text = re.sub(r"(^|\n)• *(\n|$)", r"\1", text)  # empty bullets
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def html_to_text(value, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Clean text from a description that may be HTML, escaped HTML or plain text."""
    if not isinstance(value, str):
        return ""
    text = value[: limit * 4]
    for _ in range(3):  # HTML escaped once or twice inside JSON
        if "<" in text or not re.search(r"&(?:amp;)*(?:lt|#0*60|#x0*3c);", text, re.I):
            break
        text = html.unescape(text)
    if looks_like_html(text):
        fragment = parse_fragment(text)
        if fragment is not None:
            return unescape(element_text(fragment, limit=limit))
    return tidy(unescape(text), limit=limit)
