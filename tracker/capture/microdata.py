"""HTML microdata (``itemscope itemtype=".../JobPosting"``) read as a schema.org dict.

The item becomes the same nested dict JSON-LD gives (``{"title": ..., "jobLocation":
{"address": {...}}}``), so one reader (schema_org.posting_fields) serves both. Values
follow the microdata rules: ``content`` of <meta>, ``href``/``src`` of links and media,
``datetime`` of <time>, ``value`` of <data>, otherwise the text; ``description`` keeps
its HTML so paragraphs survive.
"""

from __future__ import annotations

from lxml import etree

from .jsonld import type_names

MAX_ITEMS = 200
MAX_PROPERTIES = 2_000
MAX_DEPTH = 12
DATE_PROPERTIES = frozenset({"datePosted", "validThrough"})


def job_posting(root) -> dict | None:
    """The page's first microdata JobPosting, as a dict, or None."""
    for count, element in enumerate(root.iterfind(".//*[@itemscope]")):
        if count >= MAX_ITEMS:
            break
        itemtype = element.get("itemtype") or ""
        if "jobposting" in type_names({"@type": itemtype.split()}):
            return _item(element, depth=0)
    return None


def _item(scope, *, depth: int) -> dict:
    item: dict = {"@type": (scope.get("itemtype") or "").split()}
    count = 0
    for element in scope.iterfind(".//*[@itemprop]"):
        if count >= MAX_PROPERTIES:
            break
        names = (element.get("itemprop") or "").split()
        if not names or _owner(element) is not scope:
            continue
        count += 1
        if element.get("itemscope") is not None and depth < MAX_DEPTH:
            value = _item(element, depth=depth + 1)
        elif "description" in names:
            value = _inner_html(element)
        elif any(name in DATE_PROPERTIES for name in names):
            stamp = element.find(".//time[@datetime]")
            value = stamp.get("datetime") if stamp is not None else _value(element)
        else:
            value = _value(element)
        for name in names[:5]:
            item.setdefault(name, []).append(value)
    return {key: (value[0] if len(value) == 1 else value) for key, value in item.items()}


def _owner(element):
    """The nearest itemscope ancestor: the item this property belongs to."""
    parent = element.getparent()
    while parent is not None:
        if parent.get("itemscope") is not None:
            return parent
        parent = parent.getparent()
    return None


def _value(element) -> str:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "meta":
        return element.get("content") or ""
    if tag in ("a", "link", "area"):
        return element.get("href") or element.text_content()
    if tag in ("img", "audio", "video", "source", "embed", "iframe"):
        return element.get("src") or ""
    if tag == "time":
        return element.get("datetime") or element.text_content()
    if tag in ("data", "meter"):
        return element.get("value") or element.text_content()
    if element.get("content") is not None:
        return element.get("content") or ""
    return element.text_content()


def _inner_html(element) -> str:
    if element.tag == "meta":
        return element.get("content") or ""
    parts = [element.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in element)
    return "".join(parts)
