"""Two costs of Unfold's change lists that grow with the rows on a page, cut without
changing a byte of the page:

- Every row recomputed every column header (labels, sort links, and a rendered
  "select all" checkbox) only to read each header's text for the phone layout; the
  headers are now computed once per change list.
- Every row's selection checkbox went through the form renderer's templates; it is now
  rendered once per language and filled in with each row's key.

Applied when the admin loads (``careercopilot/admin.py`` imports this module).
"""

from __future__ import annotations

from django.contrib.admin import helpers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from unfold import admin as unfold_admin
from unfold.templatetags import unfold_list

PK_MARK = "__cc_row_key__"
_result_headers = unfold_list.result_headers
_action_checkbox = unfold_admin.ModelAdmin.action_checkbox
_checkboxes: dict[str | None, str] = {}


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
unfold_list.result_headers = result_headers
unfold_admin.ModelAdmin.action_checkbox = action_checkbox
