"""schema.org JSON-LD blocks: read leniently, searched for a JobPosting within bounds.

Pages in the wild carry JSON-LD with trailing commas, comments, CDATA wrappers, HTML
entities, several blocks, ``@graph`` arrays and ``@id`` references; all of those are read.
Each block is capped in size, the search visits at most ``MAX_NODES`` nodes down to
``MAX_DEPTH``, and a block nested too deeply for the decoder is skipped.
"""

from __future__ import annotations

import html
import json
from typing import Any

MAX_BLOCKS = 40
MAX_BLOCK_CHARS = 1_000_000
MAX_NODES = 20_000
MAX_DEPTH = 32


def blocks(root) -> list[str]:
    """The text of each ``<script type="application/ld+json">`` of the page."""
    found = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind in ("application/ld+json", "application/json+ld") and script.text:
            found.append(script.text[:MAX_BLOCK_CHARS])
            if len(found) >= MAX_BLOCKS:
                break
    return found


def load(text: str) -> list[Any]:
    """The JSON values of one block (usually one), or [] when it cannot be read."""
    text = _unwrap(text)
    if not text:
        return []
    for candidate in _candidates(text):
        values = _decode_all(candidate)
        if values:
            return values
    return []


def _unwrap(text: str) -> str:
    text = text.strip()
    for start, end in (("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")):
        if text.startswith(start):
            text = text[len(start) :]
            if text.rstrip().endswith(end):
                text = text.rstrip()[: -len(end)]
            text = text.strip()
    return text.rstrip(";").strip()


def _candidates(text: str):
    yield text
    relaxed = relax(text)
    yield relaxed
    if "&quot;" in text or "&#34;" in text or "&#x22;" in text.lower():
        yield relax(html.unescape(text))


def _decode_all(text: str) -> list[Any]:
    """Every value in the text: one, or several written one after another."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    index, size = 0, len(text)
    try:
        while index < size:
            while index < size and text[index] in " \t\r\n,;":
                index += 1
            if index >= size:
                break
            value, index = decoder.raw_decode(text, index)
            values.append(value)
    except (ValueError, RecursionError):
        return values
    return values


def relax(text: str) -> str:
    """Comments (// and /* */) and trailing commas removed, outside strings. Linear."""
    out: list[str] = []
    i, size = 0, len(text)
    in_string = False
    while i < size:
        char = text[i]
        if in_string:
            out.append(char)
            if char == "\\" and i + 1 < size:
                out.append(text[i + 1])
                i += 2
                continue
            if char == '"':
                in_string = False
            i += 1
            continue
        if char == '"':
            in_string = True
        elif char == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = size if end == -1 else end
            continue
        elif char == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = size if end == -1 else end + 2
            continue
        elif char in "}]":
            j = len(out) - 1
            while j >= 0 and out[j] in " \t\r\n":
                j -= 1
            if j >= 0 and out[j] == ",":
                del out[j]
        out.append(char)
        i += 1
    return "".join(out)


def type_names(node: dict) -> set[str]:
    """``@type`` as bare lower-case names: "JobPosting", "schema:JobPosting" and
    "http://schema.org/JobPosting" are all "jobposting"."""
    raw = node.get("@type") or node.get("type") or ""
    items = raw if isinstance(raw, list) else [raw]
    names = set()
    for item in items[:10]:
        if isinstance(item, str):
            names.add(item.rsplit("/", 1)[-1].rsplit(":", 1)[-1].rsplit("#", 1)[-1].lower())
    return names


class Graph:
    """Every dict reachable from the blocks (bounded), with ``@id`` lookups."""

    def __init__(self, values: list[Any]):
        self.by_id: dict[str, dict] = {}
        self.postings: list[dict] = []
        visited = 0
        stack: list[tuple[Any, int]] = [(value, 0) for value in reversed(values)]
        while stack and visited < MAX_NODES:
            node, depth = stack.pop()
            visited += 1
            if isinstance(node, dict):
                node_id = node.get("@id")
                if isinstance(node_id, str) and len(node) > 1:
                    self.by_id.setdefault(node_id, node)
                if "jobposting" in type_names(node):
                    self.postings.append(node)
                children = list(node.values())
            elif isinstance(node, list):
                children = node
            else:
                continue
            if depth < MAX_DEPTH:
                stack.extend(
                    (child, depth + 1)
                    for child in reversed(children[:2000])
                    if isinstance(child, dict | list)
                )

    def resolve(self, value: Any) -> Any:
        """A reference ``{"@id": "#org"}`` replaced by the node it names."""
        if isinstance(value, dict) and isinstance(value.get("@id"), str):
            target = self.by_id.get(value["@id"])
            if target is not None and len(value) <= 2:
                return target
        return value


def graph(root) -> Graph:
    values: list[Any] = []
    for text in blocks(root):
        values.extend(load(text))
    return Graph(values)
