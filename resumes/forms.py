"""Forms: upload, job description (pasted or from an application), letters, practice, chat."""

from __future__ import annotations

from django import forms
from django.conf import settings

from .models import CoverLetter


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Resume file",
        help_text="PDF, DOCX, PNG or JPEG, up to 10 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
    name = forms.CharField(
        label="Resume name",
        max_length=120,
        required=False,
        help_text="Upload under an existing name to add a new version of that resume.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.RESUME_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{settings.RESUME_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        return upload


class RenameForm(forms.Form):
    name = forms.CharField(max_length=120)


class JobForm(forms.Form):
    """The job to compare with: a tracked application, or a pasted description."""

    version = forms.ChoiceField(label="Resume")
    application = forms.ChoiceField(label="Tracked application", required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    company = forms.CharField(max_length=200, required=False)
    job_description = forms.CharField(
        label="Job description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Paste the full posting, or pick a tracked application that has one.",
    )

    def __init__(self, *args, versions=(), applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (v.pk, f"{v.resume.name} (v{v.number}){' — default' if v.resume.is_default else ''}")
            for v in versions
        ]
        self.fields["application"].choices = [("", "— none: use the pasted description —")] + [
            (a.pk, f"{a.position} at {a.company}") for a in applications
        ]
        self._versions = {str(v.pk): v for v in versions}
        self._applications = {str(a.pk): a for a in applications}

    def clean(self):
        data = super().clean()
        data["version_obj"] = self._versions.get(str(data.get("version")))
        app = self._applications.get(str(data.get("application") or ""))
        data["application_obj"] = app
        if app is not None:
            if not data.get("job_description", "").strip():
                data["job_description"] = app.description
            data["job_title"] = data.get("job_title") or app.position
            data["company"] = data.get("company") or app.company
        if not (data.get("job_description") or "").strip():
            self.add_error(
                "job_description",
                "Paste the job description"
                + (" (this application has none saved)." if app is not None else "."),
            )
        return data


class LetterForm(JobForm):
    tone = forms.ChoiceField(choices=CoverLetter.Tone.choices, initial="professional")
    length = forms.ChoiceField(choices=CoverLetter.Length.choices, initial="medium")


class LetterEditForm(forms.Form):
    body = forms.CharField(label="Letter", widget=forms.Textarea(attrs={"rows": 18}))


class PracticeForm(forms.Form):
    question = forms.CharField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Type the answer you would give out loud; aim for 150–300 words.",
    )


class ChatForm(forms.Form):
    content = forms.CharField(
        label="Message",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Ask about your job search…"}),
    )
