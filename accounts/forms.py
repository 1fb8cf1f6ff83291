"""Forms: the career profile (A4) and the admin's user forms."""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache

from django import forms
from unfold.forms import UserChangeForm as UnfoldUserChangeForm
from unfold.forms import UserCreationForm as UnfoldUserCreationForm

from .models import NotificationCategory, User

LIST_MAX_ITEMS = 30
LIST_ITEM_MAX_LENGTH = 80
SALARY_MAX_VALUE = 100_000_000
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
# Offered as suggestions (datalist); any ISO 4217 code is accepted.
COMMON_CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "CHF",
    "INR",
    "JPY",
    "SGD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "BRL",
    "MXN",
    "NZD",
    "ZAR",
)


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if name == "UTC" or ("/" in name and not name.startswith(("Etc/", "SystemV/")))
    )
    return [(name, name.replace("_", " ")) for name in names]


class CommaSeparatedListField(forms.CharField):
    """Text typed as ``a, b, c`` that cleans to a list; blanks and duplicates dropped."""

    def __init__(self, *, max_items: int = LIST_MAX_ITEMS, **kwargs) -> None:
        self.max_items = max_items
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return value

    @staticmethod
    def split(text: str) -> list[str]:
        items: list[str] = []
        seen: set[str] = set()
        for raw in re.split(r"[,;\n]", text or ""):
            item = " ".join(raw.split())
            if item and item.casefold() not in seen:
                seen.add(item.casefold())
                items.append(item)
        return items

    def clean(self, value) -> list[str]:
        items = self.split(super().clean(value))
        if len(items) > self.max_items:
            raise forms.ValidationError(
                f"Keep it to {self.max_items} entries or fewer (you have {len(items)}).",
                code="too_many",
            )
        for item in items:
            if len(item) > LIST_ITEM_MAX_LENGTH:
                raise forms.ValidationError(
                    f"Each entry must be at most {LIST_ITEM_MAX_LENGTH} characters "
                    f"(“{item[:30]}…” is {len(item)}).",
                    code="item_too_long",
                )
        return items


class ProfileForm(forms.Form):
    """Career profile and notification preferences (A4)."""

    name = forms.CharField(
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    headline = forms.CharField(
        max_length=200,
        required=False,
        help_text="One line about you, e.g. “Backend engineer moving into data”.",
    )
    target_roles = CommaSeparatedListField(
        label="Target roles",
        help_text="Separate with commas, e.g. Data Analyst, Analytics Engineer.",
    )
    locations = CommaSeparatedListField(
        help_text="Cities or “Remote”, separated with commas.",
    )
    skills = CommaSeparatedListField(
        max_items=60,
        help_text="Separate with commas, e.g. SQL, Python, Tableau.",
    )
    salary_min = forms.IntegerField(
        label="Minimum salary",
        required=False,
        min_value=0,
        max_value=SALARY_MAX_VALUE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000"}),
        help_text="Yearly, before tax.",
    )
    salary_max = forms.IntegerField(
        label="Maximum salary",
        required=False,
        min_value=0,
        max_value=SALARY_MAX_VALUE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000"}),
    )
    salary_currency = forms.CharField(
        label="Currency",
        max_length=3,
        required=False,
        widget=forms.TextInput(
            attrs={
                "list": "currency-options",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "size": "4",
            }
        ),
        help_text="ISO code, e.g. EUR.",
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        error_messages={"invalid_choice": "Choose a time zone from the list (e.g. Europe/Berlin)."},
        help_text="Reminders and digests arrive on your local time.",
    )
    email_categories = forms.MultipleChoiceField(
        label="Also email me about",
        choices=NotificationCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everything always appears in your notification centre.",
    )

    def clean_salary_currency(self) -> str:
        value = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if value and not CURRENCY_RE.match(value):
            raise forms.ValidationError(
                "Use a three-letter ISO 4217 currency code, such as USD or EUR.",
                code="invalid_currency",
            )
        return value or "USD"

    def clean(self):
        cleaned = super().clean()
        salary_min, salary_max = cleaned.get("salary_min"), cleaned.get("salary_max")
        if salary_min is not None and salary_max is not None and salary_min > salary_max:
            self.add_error(
                "salary_max",
                forms.ValidationError(
                    "The maximum must be at least the minimum (%(minimum)s).",
                    code="salary_range",
                    params={"minimum": f"{salary_min:,}"},
                ),
            )
        return cleaned

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {field: getattr(user, field) for field in cls.base_fields}


# --- Admin -------------------------------------------------------------------------


class AdminUserCreationForm(UnfoldUserCreationForm):
    class Meta(UnfoldUserCreationForm.Meta):
        model = User
        fields = ("email",)


class AdminUserChangeForm(UnfoldUserChangeForm):
    class Meta(UnfoldUserChangeForm.Meta):
        model = User
        fields = "__all__"
