"""Driving the site over HTTP like a browser without JavaScript: read a form's fields from
the page, sign in through the login form, send the CSRF token the way htmx does.

Works with a ``requests.Session`` and with locust's ``HttpSession`` (a subclass). No Django
imports: the site runs in other processes.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """The fields of the ``index``-th form whose action contains ``action`` (or any form)."""

    def __init__(self, action: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.fields: dict[str, str] = {}
        self._inside = False
        self._done = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self._done:
            self._inside = self.action is None or self.action in (a.get("action") or "")
            return
        if not self._inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.fields[name] = a.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.fields:
                self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside, self._done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html: str, action: str | None = None) -> dict[str, str]:
    """Name → value of the first form (whose action contains ``action``), as a browser
    would submit it untouched (checked boxes, selected options, textarea text)."""
    parser = _FormFields(action)
    parser.feed(html)
    return parser.fields


def csrf_headers(session) -> dict[str, str]:
    """The header htmx sends (``hx-headers`` on <body>): the CSRF cookie's token."""
    tokens = [cookie.value for cookie in session.cookies if cookie.name == "csrftoken"]
    return {"X-CSRFToken": tokens[-1] if tokens else ""}


def sign_in(session, base_url: str, email: str, password: str, **request_options) -> None:
    """Signs in through the login form (GET for the CSRF token, POST the form)."""
    page = session.get(f"{base_url}/accounts/login/", **request_options)
    page.raise_for_status()
    fields = form_fields(page.text, "/accounts/login/")
    fields.update(login=email, password=password)
    response = session.post(
        f"{base_url}/accounts/login/",
        data=fields,
        headers={"Referer": f"{base_url}/accounts/login/"},
        allow_redirects=False,
        **request_options,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login as {email} failed: HTTP {response.status_code}")
