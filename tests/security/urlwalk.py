"""Every route of the URL conf, flattened: its qualified name, its parameters and a way to
build a concrete URL for it. Used by the IDOR matrix and the CSRF walk, so a route added
anywhere (an app, allauth, the admin, the API) is seen by both."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

# A value every converter accepts (uuid needs its own form).
SAMPLES = {
    "IntConverter": "1",
    "DatabaseIdConverter": "1",
    "StringConverter": "x1",
    "SlugConverter": "x1",
    "PathConverter": "x1",
    "UUIDConverter": "00000000-0000-4000-8000-000000000001",
}
_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route text for unnamed routes
    parts: tuple  # (pattern, converters) of each level, outermost first
    callback: object
    params: tuple[str, ...] = field(default=())

    @property
    def template(self) -> str:
        return "".join(str(p) for p, _ in self.parts)

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.template.startswith("admin/")

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    def url(self, values: dict[str, str] | None = None) -> str:
        """A concrete URL; parameters missing from ``values`` get a sample value."""
        values = values or {}
        out = []
        for pattern, converters in self.parts:
            if isinstance(pattern, RoutePattern):
                out.append(_fill_route(str(pattern), converters, values))
            else:
                out.append(_fill_regex(pattern, values))
        return "/" + "".join(out)


def _fill_route(route: str, converters: dict, values: dict) -> str:
    def sub(match: re.Match) -> str:
        name = match["name"]
        if name in values:
            return str(values[name])
        return SAMPLES[type(converters[name]).__name__]

    return _ROUTE_PARAM.sub(sub, route)


def _group_end(source: str, start: int) -> int:
    depth, i = 0, start
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(source)


def _regex_sample(body: str) -> str:
    """A value for a named group: the first alternative of a list, else a short token."""
    if "|" in body and re.fullmatch(r"[\w|-]+", body):
        return body.split("|", 1)[0]
    return "x1"


def _fill_regex(pattern: RegexPattern, values: dict) -> str:
    source = pattern._regex.lstrip("^").rstrip("$").rstrip("\\Z")
    out, i = [], 0
    for match in _REGEX_GROUP.finditer(source):
        if match.start() < i:
            continue
        end = _group_end(source, match.start())
        name = match["name"]
        out.append(source[i : match.start()])
        body = source[match.end() : end]
        out.append(str(values.get(name, _regex_sample(body))))
        i = end + 1
    out.append(source[i:])
    text = "".join(out)
    return re.sub(r"\\(.)", r"\1", text)


def _params(pattern) -> list[str]:
    return list(pattern.regex.groupindex)


def walk(patterns=None, parts: tuple = (), namespace: str = "") -> Iterator[Route]:
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        level = (*parts, (entry.pattern, dict(entry.pattern.converters)))
        if isinstance(entry, URLResolver):
            ns = ":".join(x for x in (namespace, entry.namespace) if x)
            yield from walk(entry.url_patterns, level, ns)
        elif isinstance(entry, URLPattern):
            params = tuple(p for pattern, _ in level for p in _params(pattern))
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = "".join(str(p) for p, _ in level)
            yield Route(name=name, parts=level, callback=entry.callback, params=params)


def routes() -> list[Route]:
    """All routes; several API operations share one path, so names repeat: keep each once."""
    seen: dict[str, Route] = {}
    for route in walk():
        key = f"{route.name} {route.template}"
        seen.setdefault(key, route)
    return list(seen.values())


def resolves_to(route: Route, url: str) -> bool:
    try:
        match = resolve(url.split("?", 1)[0])
    except Exception:
        return False
    return match.func == route.callback or getattr(match.func, "__wrapped__", None) == getattr(
        route.callback, "__wrapped__", route.callback
    )
