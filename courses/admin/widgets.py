"""The admin's rich-text editor (Trix). Whatever it sends is sanitised with nh3 when the
model is saved (``courses.richtext``)."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

# The form renderer only looks in apps' template folders; this widget's template lives
# with every other template in templates/, which the project's engine reads.
PROJECT_TEMPLATES = TemplatesSetting()


class RichTextWidget(forms.Widget):
    template_name = "courses/admin/widgets/rich_text.html"

    class Media:
        css = {"all": ("courses/vendor/trix/trix.css", "courses/admin.css")}
        js = ("courses/vendor/trix/trix.js", "js/courses/rich_text.js")

    def __init__(self, attrs=None, *, label: str = ""):
        super().__init__(attrs)
        if label:
            self.attrs["aria_label"] = label

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer=PROJECT_TEMPLATES)
