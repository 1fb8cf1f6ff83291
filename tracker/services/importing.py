"""CSV import: upload -> preview with per-row errors -> confirm, written all or nothing.

Parsing runs inside the request on purpose: it is bounded (5 MB, 5,000 rows), pure
CPU with no network, and measured at well under the 10 s budget for the largest file
(bench/tracker_bench.py), so the user sees the preview at once instead of polling.
The confirm step re-parses the stored text and writes everything in one transaction
with bulk inserts; any problem rolls the whole import back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from careercopilot.timezones import user_today, user_zone

from ..models import Application, CsvImport, Status, StatusChange
from .applications import tags_get_or_create

__all__ = [
    "ImportError_",
    "csv_import_confirm",
    "csv_import_preview",
    "csv_import_upload",
]


MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
PREVIEW_ROWS = 50
TEXT_LIMITS = {"company": 200, "position": 200, "location": 200, "source": 80, "posting_url": 1000}


@dataclass
class RowResult:
    number: int  # the line's row number in the file, header = 1
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    created: dt.date | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    headers: list[str]
    mapping: list[str | None]
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.ok]

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    @property
    def can_import(self) -> bool:
        return not self.file_errors and bool(self.valid_rows)

    @property
    def columns(self) -> list[tuple[str, str | None]]:
        from ..csv_format import FIELD_LABELS

        return [
            (header, FIELD_LABELS.get(f) if f else None)
            for header, f in zip(self.headers, self.mapping, strict=False)
        ]


class ImportError_(ValidationError):
    """A file that cannot be imported; the message is meant for the user."""


@transaction.atomic
def csv_import_upload(*, user, filename: str, raw: bytes) -> CsvImport:
    """Stores an uploaded file for preview after checking its size, encoding and shape."""
    from .. import csv_format

    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImportError_(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split it and import the parts."
        )
    if not raw.strip():
        raise ImportError_("The file is empty.")
    try:
        text, encoding = csv_format.decode(raw)
    except ValueError as exc:
        raise ImportError_(str(exc)) from None
    try:
        rows = sum(1 for _ in csv_format.reader(text)) - 1
    except Exception as exc:  # csv.Error: e.g. a field larger than the csv module allows
        raise ImportError_(f"The file is not a valid CSV: {exc}") from None
    if rows < 1:
        raise ImportError_("The file has a header but no rows.")
    if rows > MAX_ROWS:
        raise ImportError_(f"The file has {rows:,} rows; import at most {MAX_ROWS:,} at a time.")
    # Old unconfirmed uploads are of no further use.
    CsvImport.objects.filter(user=user, state=CsvImport.State.PREVIEW).delete()
    return CsvImport.objects.create(
        user=user,
        filename=filename[:255] or "import.csv",
        sha256=hashlib.sha256(raw).hexdigest(),
        content=text,
        encoding=encoding,
        row_count=rows,
    )


def csv_import_preview(*, csv_import: CsvImport) -> ImportPreview:
    """Parses and validates every row without writing anything."""
    from .. import csv_format

    rows_iter = csv_format.reader(csv_import.content)
    try:
        headers = [h.strip() for h in next(rows_iter)]
    except StopIteration:
        return ImportPreview([], [], [], ["The file is empty."])
    except Exception as exc:  # csv.Error on malformed quoting
        return ImportPreview([], [], [], [f"The file is not a valid CSV: {exc}"])
    mapping = csv_format.map_headers(headers)
    preview = ImportPreview(headers=headers, mapping=mapping, rows=[])
    missing = [
        label for f, label in (("company", "Company"), ("position", "Position")) if f not in mapping
    ]
    if missing:
        preview.file_errors.append(
            f"No column for {' and '.join(missing)}. Name the columns e.g. “Company” and “Position” (or “Job Title”)."
        )
        return preview
    earlier = CsvImport.objects.filter(
        user=csv_import.user, sha256=csv_import.sha256, state=CsvImport.State.IMPORTED
    ).first()
    if earlier:
        preview.file_errors.append(
            f"You already imported this file on {earlier.imported_at:%Y-%m-%d}; importing it again would duplicate "
            f"{earlier.created_count} applications."
        )
    existing = set(
        Application.objects.filter(user=csv_import.user)
        .annotate(c=Lower("company"), p=Lower("position"))
        .values_list("c", "p", "applied_on")
    )
    seen: dict[tuple, int] = {}
    today = user_today(csv_import.user)
    try:
        for number, cells in enumerate(rows_iter, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            row = _parse_row(number, cells, mapping, today)
            if row.ok:
                key = (
                    row.values["company"].lower(),
                    row.values["position"].lower(),
                    row.values.get("applied_on"),
                )
                if key in existing:
                    row.errors.append(
                        "Already in your tracker (same company, position and applied date)."
                    )
                elif key in seen:
                    row.errors.append(f"Same as row {seen[key]}.")
                else:
                    seen[key] = number
            preview.rows.append(row)
    except Exception as exc:  # csv.Error: e.g. an unterminated quote
        preview.file_errors.append(
            f"The file is not a valid CSV near row {len(preview.rows) + 2}: {exc}"
        )
    return preview


def _parse_row(
    number: int, cells: list[str], mapping: list[str | None], today: dt.date
) -> RowResult:
    from .. import csv_format

    row = RowResult(number=number)
    raw = {f: (cells[i].strip() if i < len(cells) else "") for i, f in enumerate(mapping) if f}
    values = row.values
    for name in (
        "company",
        "position",
        "location",
        "source",
        "posting_url",
        "description",
        "notes",
    ):
        value = raw.get(name, "")
        limit = TEXT_LIMITS.get(name)
        if limit and len(value) > limit:
            row.errors.append(f"{csv_format.FIELD_LABELS[name]} is longer than {limit} characters.")
        values[name] = value
    for name in ("company", "position"):
        if not values[name]:
            row.errors.append(f"{csv_format.FIELD_LABELS[name]} is missing.")
    url = values["posting_url"]
    if url and not (
        url.lower().startswith(("http://", "https://")) and "." in url and " " not in url
    ):
        row.errors.append("Posting URL must start with http:// or https://.")
    parsers = (
        ("status", csv_format.parse_status),
        ("work_mode", csv_format.parse_work_mode),
        ("applied_on", csv_format.parse_date),
        ("deadline", csv_format.parse_date),
        ("created", csv_format.parse_date),
        ("salary_min", csv_format.parse_amount),
        ("salary_max", csv_format.parse_amount),
    )
    for name, parse in parsers:
        try:
            values[name] = parse(raw.get(name, ""))
        except ValueError as exc:
            values[name] = None
            row.errors.append(f"{csv_format.FIELD_LABELS[name]}: {exc}")
    values["status"] = values["status"] or Status.SAVED
    values["work_mode"] = values["work_mode"] or ""
    if raw.get("salary") and values["salary_min"] is None and values["salary_max"] is None:
        try:
            values["salary_min"], values["salary_max"] = csv_format.parse_salary_range(
                raw["salary"]
            )
        except ValueError as exc:
            row.errors.append(f"Salary range: {exc}")
    if (
        values["salary_min"] is not None
        and values["salary_max"] is not None
        and values["salary_min"] > values["salary_max"]
    ):
        row.errors.append("The minimum salary is above the maximum.")
    currency = (
        raw.get("salary_currency") or csv_format.guess_currency(raw.get("salary", ""))
    ).upper()[:3]
    values["salary_currency"] = currency if len(currency) == 3 and currency.isalpha() else "USD"
    excitement = raw.get("excitement", "")
    if excitement:
        try:
            values["excitement"] = int(float(excitement))
            if not 1 <= values["excitement"] <= 5:
                raise ValueError
        except ValueError:
            row.errors.append("Excitement must be a number from 1 to 5.")
    else:
        values["excitement"] = 3
    if values.get("applied_on") and values["applied_on"] > today:
        row.errors.append("The applied date is in the future.")
    if values["status"] != Status.SAVED and not values.get("applied_on"):
        values["applied_on"] = values.get("created") or today
    row.created = values.pop("created", None)
    row.tags = [t.strip() for t in raw.get("tags", "").replace(";", ",").split(",") if t.strip()][
        :12
    ]
    return row


def _noon(user, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=user_zone(user))


@transaction.atomic
def csv_import_confirm(*, csv_import: CsvImport, skip_invalid: bool = False) -> int:
    """Writes every valid row in one transaction and returns how many were created.

    Raises ImportError_ (and writes nothing) when the file was already imported, has
    file-level problems, or has row errors that the user did not choose to skip.
    """
    locked = CsvImport.objects.select_for_update().get(pk=csv_import.pk)
    if locked.state == CsvImport.State.IMPORTED:
        raise ImportError_("This file was already imported; nothing was written again.")
    preview = csv_import_preview(csv_import=locked)
    if preview.file_errors:
        raise ImportError_(preview.file_errors)
    if preview.error_rows and not skip_invalid:
        count = len(preview.error_rows)
        rows_have = "1 row has" if count == 1 else f"{count} rows have"
        raise ImportError_(f"{rows_have} errors. Fix them, or choose to skip them.")
    rows = preview.valid_rows
    if not rows:
        raise ImportError_("There are no valid rows to import.")
    user = locked.user
    now = timezone.now()
    applications = []
    for row in rows:
        created_day = row.created or row.values.get("applied_on")
        created_at = min(_noon(user, created_day), now) if created_day else now
        applications.append(Application(user=user, created_at=created_at, **row.values))
    Application.objects.bulk_create(applications, batch_size=1000)
    if any(a.pk is None for a in applications):  # backends without RETURNING ids
        raise ImportError_("This database cannot import in bulk.")
    note = f"Imported from {locked.filename}"[:500]
    changes = []
    for application in applications:
        step_at = (
            _noon(user, application.applied_on)
            if application.applied_on
            else application.created_at
        )
        changes.append(
            StatusChange(
                application=application,
                from_status="",
                to_status=application.status,
                changed_at=min(step_at, now),
                note=note,
            )
        )
    StatusChange.objects.bulk_create(changes, batch_size=2000)
    all_tags = {name for row in rows for name in row.tags}
    if all_tags:
        tags = {t.name.lower(): t for t in tags_get_or_create(user=user, names=sorted(all_tags))}
        through = Application.tags.through
        links = [
            through(application_id=app.pk, tag_id=tags[name.lower()].pk)
            for app, row in zip(applications, rows, strict=True)
            for name in dict.fromkeys(n.lower() for n in row.tags)
            if name in tags
        ]
        through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    locked.state = CsvImport.State.IMPORTED
    locked.created_count = len(applications)
    locked.imported_at = now
    locked.content = ""  # the rows now live in the tracker; keep only the hash for duplicate checks
    locked.save(update_fields=["state", "created_count", "imported_at", "content"])
    return len(applications)
