"""The capture page's two forms: the pasted page, then the fields to confirm."""

from __future__ import annotations

from django import forms

from ..forms import CURRENCIES, DateInput
from .document import MAX_HTML_CHARS, MAX_TEXT_CHARS
from .parser import CapturedPosting
from .values import MAX_SALARY

PERIOD_CHOICES = [
    ("year", "a year"),
    ("month", "a month"),
    ("week", "a week"),
    ("day", "a day"),
    ("hour", "an hour"),
]


class CapturePageForm(forms.Form):
    url = forms.URLField(
        label="Posting address",
        required=False,
        max_length=4000,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address starting with http:// or https://."},
        help_text="Optional, but it lets us spot a job you already track.",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
    )
    page = forms.CharField(
        label="The posting: its text or its HTML",
        strip=False,
        max_length=MAX_HTML_CHARS,
        error_messages={
            "required": "Paste the job posting: its text, or the page's HTML.",
            "max_length": (
                f"This is longer than {MAX_HTML_CHARS:,} characters. Paste only the job's text."
            ),
        },
        help_text="Select all on the posting and paste it here, or paste the page source.",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def clean_page(self) -> str:
        page = self.cleaned_data["page"].replace("\x00", "")
        if not page.strip():
            raise forms.ValidationError("Paste the job posting: its text, or the page's HTML.")
        return page


class CaptureConfirmForm(forms.Form):
    url = forms.URLField(
        label="Posting address",
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address starting with http:// or https://."},
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(
        label="Job title",
        max_length=200,
        error_messages={"required": "Enter the job title: the posting did not say it clearly."},
    )
    company = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter the company: the posting did not name it clearly."},
    )
    location = forms.CharField(max_length=200, required=False)
    remote = forms.BooleanField(label="Remote job", required=False)
    salary_min = forms.IntegerField(
        label="Salary from", required=False, min_value=0, max_value=MAX_SALARY
    )
    salary_max = forms.IntegerField(
        label="Salary to", required=False, min_value=0, max_value=MAX_SALARY
    )
    salary_currency = forms.CharField(
        label="Currency",
        required=False,
        max_length=3,
        widget=forms.TextInput(attrs={"list": "currency-suggestions", "size": 4}),
    )
    salary_period = forms.ChoiceField(label="Per", choices=PERIOD_CHOICES, initial="year")
    deadline = forms.DateField(label="Apply by", required=False, widget=DateInput())
    description = forms.CharField(
        label="Job description",
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    start_match = forms.BooleanField(
        label="Match it against my default resume",
        required=False,
        help_text="Starts a match analysis as soon as the job is saved.",
    )

    currencies = CURRENCIES

    @classmethod
    def from_posting(cls, posting: CapturedPosting, *, url: str, can_match: bool):
        form = cls(
            initial={
                "url": url,
                "title": posting.title,
                "company": posting.company,
                "location": posting.location,
                "remote": posting.remote,
                "salary_min": posting.salary_min,
                "salary_max": posting.salary_max,
                "salary_currency": posting.salary_currency,
                "salary_period": posting.salary_period or "year",
                "deadline": posting.deadline,
                "description": posting.description,
                "start_match": can_match,
            }
        )
        return form

    def clean_salary_currency(self) -> str:
        value = self.cleaned_data["salary_currency"].strip().upper()
        if value and (len(value) != 3 or not value.isalpha()):
            raise forms.ValidationError("Use a three-letter currency code, e.g. USD or EUR.")
        return value

    def clean_description(self) -> str:
        return self.cleaned_data["description"].replace("\x00", "")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The maximum must be at least the minimum.")
        return cleaned

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("url", None)
        data.pop("start_match", None)
        return data
