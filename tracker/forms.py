"""Forms of the tracker pages. Validation that matters lives in the models and services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from .models import (
    PIPELINE,
    TERMINAL,
    ApiToken,
    Application,
    Contact,
    ExportJob,
    Interview,
    SeekerPreferences,
    Status,
    WorkMode,
)
from .services.importing import MAX_UPLOAD_BYTES

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "INR", "CHF", "SEK", "PLN", "JPY", "SGD", "BRL"]
SOURCE_SUGGESTIONS = [
    "LinkedIn",
    "Indeed",
    "Company website",
    "Referral",
    "Recruiter",
    "Glassdoor",
    "Wellfound",
    "Hacker News",
    "Job fair",
    "Other",
]
STATUS_ORDER = [*PIPELINE, *TERMINAL]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def https_by_default(db_field, **kwargs):
    """Model form fields, with web addresses typed without a scheme read as https://."""
    from django.db import models

    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
        kwargs["error_messages"] = {
            "invalid": "Enter a web address starting with http:// or https://."
        }
    return db_field.formfield(**kwargs)


def split_tags(raw: str) -> list[str]:
    return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


class ApplicationForm(forms.ModelForm):
    tags = forms.CharField(
        required=False,
        max_length=400,
        help_text="Separate tags with commas, e.g. remote, python, dream job.",
    )
    status = forms.ChoiceField(
        choices=[(s, Status(s).label) for s in STATUS_ORDER],
        initial=Status.SAVED,
        help_text="Where it stands now. Later changes go through “Move to…”.",
    )

    class Meta:
        model = Application
        formfield_callback = https_by_default
        fields = [
            "company",
            "position",
            "posting_url",
            "location",
            "work_mode",
            "salary_min",
            "salary_max",
            "salary_currency",
            "source",
            "applied_on",
            "deadline",
            "excitement",
            "description",
            "notes",
        ]
        widgets = {
            "posting_url": forms.URLInput(
                attrs={"placeholder": "https://", "pattern": "https?://.+"}
            ),
            "applied_on": DateInput(),
            "deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "salary_min": forms.NumberInput(attrs={"min": 0, "step": 1000}),
            "salary_max": forms.NumberInput(attrs={"min": 0, "step": 1000}),
            "source": forms.TextInput(attrs={"list": "source-suggestions"}),
            "excitement": forms.Select(choices=[(i, f"{i} — {'★' * i}") for i in range(1, 6)]),
            "salary_currency": forms.Select(choices=[(c, c) for c in CURRENCIES]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_mode"].choices = [("", "Not specified"), *WorkMode.choices]
        if self.instance.pk:
            del self.fields["status"]
            self.initial.setdefault("tags", ", ".join(t.name for t in self.instance.tags.all()))
        for name in ("company", "position"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_tags(self) -> list[str]:
        tags = split_tags(self.cleaned_data.get("tags") or "")
        if len(tags) > 12:
            raise ValidationError("Use at most 12 tags.")
        return tags

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The maximum must be at least the minimum.")
        return cleaned

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(required=False, max_length=500)


class TableFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search")
    status = forms.MultipleChoiceField(
        required=False,
        choices=[(s, Status(s).label) for s in STATUS_ORDER],
        widget=forms.CheckboxSelectMultiple,
    )
    tag = forms.CharField(required=False, max_length=40)
    work_mode = forms.ChoiceField(
        required=False, choices=[("", "Any work mode"), *WorkMode.choices]
    )
    applied_from = forms.DateField(required=False, widget=DateInput(), label="Applied from")
    applied_to = forms.DateField(required=False, widget=DateInput(), label="Applied to")
    archived = forms.BooleanField(required=False, label="Show archived")
    sort = forms.CharField(required=False, max_length=20)


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("status", "Change status"),
        ("archive", "Archive"),
        ("unarchive", "Restore from archive"),
        ("delete", "Delete"),
    ]
    ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": "Select at least one application."}
    )
    action = forms.ChoiceField(choices=ACTIONS)
    status = forms.ChoiceField(
        required=False, choices=[("", "—"), *[(s, Status(s).label) for s in STATUS_ORDER]]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is accepted here; ownership is applied by the service.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "status" and not cleaned.get("status"):
            self.add_error("status", "Choose the status to move them to.")
        return cleaned


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        formfield_callback = https_by_default
        fields = ["name", "role", "company", "email", "phone", "linkedin_url", "notes"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "linkedin_url": forms.URLInput(
                attrs={"placeholder": "https://www.linkedin.com/in/…", "pattern": "https?://.+"}
            ),
        }


class LinkContactForm(forms.Form):
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.none(), empty_label="Choose a contact"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(user=user).order_by("name")


class InterviewForm(forms.ModelForm):
    """Times are entered and shown in the user's time zone, which the view activates."""

    class Meta:
        model = Interview
        formfield_callback = https_by_default
        fields = ["kind", "starts_at", "ends_at", "location", "meeting_url", "notes"]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "meeting_url": forms.URLInput(
                attrs={"placeholder": "https://", "pattern": "https?://.+"}
            ),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"starts_at": "Starts", "ends_at": "Ends"}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "The interview must end after it starts.")
        return cleaned


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = SeekerPreferences
        fields = ["follow_up_days", "weekly_goal", "digest_enabled"]
        widgets = {
            "follow_up_days": forms.NumberInput(attrs={"min": 1, "max": 60}),
            "weekly_goal": forms.NumberInput(attrs={"min": 1, "max": 100}),
        }


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="What will use it, e.g. “Browser extension”.")
    scope = forms.ChoiceField(
        label="Access",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.FULL,
        required=False,
        help_text="“Job capture only” can send postings to your tracker and read nothing.",
    )

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or ApiToken.Scope.FULL


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"Up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Exports from Huntr and Teal work as they are.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"empty": "The file is empty.", "required": "Choose a CSV file to import."},
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=ExportJob.Format.choices, initial=ExportJob.Format.CSV, widget=forms.RadioSelect
    )
    include_archived = forms.BooleanField(required=False, label="Include archived applications")


class DateRangeForm(forms.Form):
    PRESETS = [
        ("30", "Last 30 days"),
        ("90", "Last 90 days"),
        ("365", "Last 12 months"),
        ("all", "All time"),
    ]
    preset = forms.ChoiceField(required=False, choices=[("", "Custom"), *PRESETS], label="Period")
    start = forms.DateField(required=False, widget=DateInput(), label="From")
    end = forms.DateField(required=False, widget=DateInput(), label="To")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be on or after the start date.")
        return cleaned

    def date_range(self, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """The chosen range; the default is the last 90 days."""
        if not self.is_bound or not self.is_valid():
            return today - dt.timedelta(days=89), today
        preset = self.cleaned_data.get("preset")
        if preset == "all":
            return None, None
        if preset:
            return today - dt.timedelta(days=int(preset) - 1), today
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if not start and not end:
            return today - dt.timedelta(days=89), today
        return start, end
