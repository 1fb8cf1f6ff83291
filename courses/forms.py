"""Forms for the student pages and the admin's custom views."""

from __future__ import annotations

from django import forms

from .models import CourseRole, Section
from .services.submissions import DRAFT_TEXT_MAX_CHARS


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Course code",
        max_length=32,
        help_text="The code your instructor shared, for example ABCD-2345.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class DraftForm(forms.Form):
    text = forms.CharField(
        label="Your essay",
        required=False,
        max_length=DRAFT_TEXT_MAX_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-word-count": "essay-word-count"}),
    )


class FileUploadForm(forms.Form):
    file = forms.FileField(label="Add a file")


class VideoUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a video", widget=forms.ClearableFileInput(attrs={"accept": "video/*"})
    )


class EnrolByEmailForm(forms.Form):
    emails = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One per line, or separated by commas. People without an account get an "
        "invitation and join when they sign up with that address.",
    )
    role = forms.ChoiceField(choices=CourseRole.choices, initial=CourseRole.STUDENT)
    section = forms.ModelChoiceField(queryset=Section.objects.none(), required=False)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = course.sections.all()
        self.fields["section"].empty_label = "First section (students) / none (staff)"
