"""Two costs of Unfold's change lists that grow with the rows on a page, cut without
changing a byte of the page:

- Every row recomputed every column header (labels, sort links, and a rendered
  "select all" checkbox) only to read each header's text for the phone layout; the
  headers are now computed once per change list.
- Every row's selection checkbox went through the form renderer's templates; it is now
  rendered once per language and filled in with each row's key.
- Every row rendered templates for its status labels ("Submitted") and yes/no icons; the
  same few pieces are now rendered once per language and reused.

Applied when the admin loads (``careercopilot/admin.py`` imports this module).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.admin import helpers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from unfold import admin as unfold_admin
from unfold import utils as unfold_utils
from unfold.templatetags import unfold_list

PK_MARK = "__cc_row_key__"
_result_headers = unfold_list.result_headers
_action_checkbox = unfold_admin.ModelAdmin.action_checkbox
_checkboxes: dict[str | None, str] = {}
_display_for_label = unfold_list.display_for_label
_boolean_icon = unfold_utils._boolean_icon


def result_headers(cl):
    """Unfold's headers of this change list, computed on the first call only."""
    headers = getattr(cl, "_cc_result_headers", None)
    if headers is None:
        headers = cl._cc_result_headers = list(_result_headers(cl))
    return iter(headers)


def action_checkbox(self, obj) -> SafeString:
    """The row's checkbox, as Unfold renders it, from a copy rendered once per language."""
    language = get_language()
    html = _checkboxes.get(language)
    if html is None:
        html = _checkboxes[language] = unfold_admin.checkbox.render(
            helpers.ACTION_CHECKBOX_NAME, PK_MARK
        )
    return mark_safe(html.replace(PK_MARK, escape(str(obj.pk))))  # noqa: S308 (escaped key)


action_checkbox.__dict__.update(_action_checkbox.__dict__)  # its header (@display)


@lru_cache(maxsize=512)
def _label(language: str | None, value: str, empty: str, label: Any) -> str:
    return _display_for_label(value, empty, dict(label) if isinstance(label, tuple) else label)


def display_for_label(value: Any, empty_value_display: str, label: Any):
    """Unfold's status label, reused for the same plain text and colours (text marked
    safe, or anything else, is rendered as before)."""
    key = tuple(label.items()) if isinstance(label, dict) else label
    try:
        hash(key)
    except TypeError:
        return _display_for_label(value, empty_value_display, label)
    if type(value) is not str:
        return _display_for_label(value, empty_value_display, label)
    return _label(get_language(), value, str(empty_value_display), key)  # Unfold's safe HTML


@lru_cache(maxsize=16)
def _icon(language: str | None, value: bool | None) -> str:
    return _boolean_icon(value)


def boolean_icon(value: Any) -> str:
    """Unfold's yes/no icon, rendered once per value and language."""
    if value is None or isinstance(value, bool):
        return _icon(get_language(), value)
    return _boolean_icon(value)


unfold_list.result_headers = result_headers
unfold_admin.ModelAdmin.action_checkbox = action_checkbox
unfold_list.display_for_label = display_for_label
unfold_utils._boolean_icon = boolean_icon
