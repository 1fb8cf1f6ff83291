"""Read queries for applications: ownership-scoped lookups, the board, the table, the detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from ..models import (
    PIPELINE,
    TERMINAL,
    ApiToken,
    Application,
    Contact,
    CsvImport,
    ExportJob,
    Interview,
    Status,
    StatusChange,
    Tag,
    WorkMode,
)

BOARD_CARDS_PER_COLUMN = 25
CLOSED_CARDS_PER_COLUMN = 8
TABLE_PAGE_SIZE = 25


# --- Ownership: one helper per model, 404 for anyone else's -----------------------------


def get_application_for_user(user, pk) -> Application:
    return get_object_or_404(with_stage_entered(Application.objects.filter(user=user)), pk=pk)


def get_contact_for_user(user, pk) -> Contact:
    return get_object_or_404(Contact.objects.filter(user=user), pk=pk)


def get_interview_for_user(user, pk) -> Interview:
    return get_object_or_404(
        Interview.objects.select_related("application").filter(application__user=user), pk=pk
    )


def get_import_for_user(user, pk) -> CsvImport:
    return get_object_or_404(CsvImport.objects.filter(user=user), pk=pk)


def get_export_for_user(user, pk) -> ExportJob:
    return get_object_or_404(ExportJob.objects.filter(user=user), pk=pk)


def get_api_token_for_user(user, pk) -> ApiToken:
    return get_object_or_404(ApiToken.objects.filter(user=user), pk=pk)


# --- Shared annotations -----------------------------------------------------------------


def stage_entered_subquery() -> Subquery:
    """When the application entered its current status: its latest StatusChange."""
    latest = StatusChange.objects.filter(application=OuterRef("pk")).order_by("-changed_at", "-id")
    return Subquery(latest.values("changed_at")[:1])


def with_stage_entered(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.annotate(stage_entered_at=stage_entered_subquery())


def applications_for_user(user, *, archived: bool | None = False) -> QuerySet[Application]:
    qs = Application.objects.filter(user=user)
    if archived is not None:
        qs = qs.filter(archived_at__isnull=not archived)
    return qs


def tags_for_user(user) -> QuerySet[Tag]:
    return Tag.objects.filter(user=user)


# --- Board ------------------------------------------------------------------------------


@dataclass
class Column:
    status: str
    label: str
    count: int = 0
    cards: list[Application] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return max(self.count - len(self.cards), 0)

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL


def board_columns(user, *, statuses: tuple[str, ...] | None = None) -> list[Column]:
    """The board's columns with their counts and most recent cards, in three queries.

    Each open column shows its ``BOARD_CARDS_PER_COLUMN`` most recently updated cards,
    closed ones (rejected, withdrawn, ghosted) fewer; a window function picks their ids
    in one query, and the table shows the rest.
    """
    from django.utils import timezone

    from ..display import avatar_tone, deadline_class, initials, stars

    statuses = statuses or (*PIPELINE, *TERMINAL)
    base = applications_for_user(user).filter(status__in=statuses)
    counts = dict(base.order_by().values_list("status").annotate(n=Count("pk")))
    newest = F("updated_at").desc(), F("id").desc()
    ranked = (
        base.annotate(rank=Window(RowNumber(), partition_by=[F("status")], order_by=list(newest)))
        .filter(rank__lte=BOARD_CARDS_PER_COLUMN)
        .values_list("pk", "status", "rank")
    )
    ids = [
        pk
        for pk, status, rank in ranked
        if rank <= (CLOSED_CARDS_PER_COLUMN if status in TERMINAL else BOARD_CARDS_PER_COLUMN)
    ]
    now = timezone.now()
    next_interview = (
        Interview.objects.filter(application=OuterRef("pk"), starts_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    cards = (
        with_stage_entered(Application.objects.filter(pk__in=ids))
        .annotate(next_interview_at=Subquery(next_interview))
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by(*newest)
    )
    columns = {
        status: Column(status, Status(status).label, counts.get(status, 0)) for status in statuses
    }
    detail_url, move_url = (
        _url_maker("tracker:application_detail"),
        _url_maker("tracker:board_move"),
    )
    for application in cards:
        # Worked out here once, not by template tags for each of hundreds of cards.
        application.detail_url, application.move_url = (
            detail_url(application.pk),
            move_url(application.pk),
        )
        application.tag_list = list(application.tags.all())
        application.days_in_stage = days_in_stage(application, now=now)
        application.deadline_class = deadline_class(application.deadline)
        application.stars = stars(application.excitement)
        application.initials = initials(application.company)
        application.avatar_tone = avatar_tone(application.company)
        columns[application.status].cards.append(application)
    return list(columns.values())


def _url_maker(name: str):
    """Builds ``name``'s URL for many pks with one reverse() (reverse is slow per card)."""
    from django.urls import reverse

    marker = 987654321
    template = reverse(name, args=[marker])
    return lambda pk: template.replace(str(marker), str(pk))


# --- Table ------------------------------------------------------------------------------

SORTS = {
    "company": ("company", "id"),
    "position": ("position", "id"),
    "status": ("status", "id"),
    "applied": ("applied_on", "id"),
    "deadline": ("deadline", "id"),
    "excitement": ("excitement", "id"),
    "updated": ("updated_at", "id"),
    "created": ("created_at", "id"),
}
DEFAULT_SORT = "-updated"


@dataclass
class TableFilters:
    q: str = ""
    statuses: list[str] = field(default_factory=list)
    tag: str = ""
    work_mode: str = ""
    applied_from: dt.date | None = None
    applied_to: dt.date | None = None
    archived: bool = False
    sort: str = DEFAULT_SORT


def order_by_for(sort: str) -> list:
    key = sort.lstrip("-")
    fields = SORTS.get(key) or SORTS["updated"]
    descending = sort.startswith("-") if key in SORTS else True
    if descending:
        return [F(name).desc(nulls_last=True) for name in fields]
    return [F(name).asc(nulls_last=True) for name in fields]


def application_table(user, filters: TableFilters) -> QuerySet[Application]:
    qs = applications_for_user(user, archived=filters.archived)
    if filters.q:
        for word in filters.q.split()[:8]:
            qs = qs.filter(
                Q(company__icontains=word) | Q(position__icontains=word) | Q(notes__icontains=word)
            )
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.tag:
        qs = qs.filter(tags__name__iexact=filters.tag)
    if filters.work_mode in WorkMode.values:
        qs = qs.filter(work_mode=filters.work_mode)
    if filters.applied_from:
        qs = qs.filter(applied_on__gte=filters.applied_from)
    if filters.applied_to:
        qs = qs.filter(applied_on__lte=filters.applied_to)
    return (
        with_stage_entered(qs)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by(*order_by_for(filters.sort))
    )


# --- Detail -----------------------------------------------------------------------------


def application_detail(user, pk) -> Application:
    """One application with everything its page shows, in a constant number of queries."""
    qs = with_stage_entered(applications_for_user(user, archived=None)).prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
        Prefetch("contacts", queryset=Contact.objects.order_by("name")),
        Prefetch("interviews", queryset=Interview.objects.order_by("starts_at")),
    )
    return get_object_or_404(qs, pk=pk)


def application_timeline(application: Application) -> list[StatusChange]:
    return list(application.status_changes.order_by("changed_at", "id"))


def days_in_stage(application: Application, *, now: dt.datetime | None = None) -> int:
    """Whole days since the application's latest StatusChange."""
    from django.utils import timezone

    entered = getattr(application, "stage_entered_at", None)
    if entered is None:
        last = application.status_changes.order_by("-changed_at", "-id").first()
        entered = last.changed_at if last else application.created_at
    return max(((now or timezone.now()) - entered).days, 0)


def contacts_for_user(user, *, q: str = "") -> QuerySet[Contact]:
    qs = Contact.objects.filter(user=user)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(company__icontains=q) | Q(email__icontains=q))
    return qs.annotate(application_count=Count("applications")).order_by("name", "id")


def interviews_for_user(user, *, upcoming_from: dt.datetime | None = None) -> QuerySet[Interview]:
    qs = Interview.objects.filter(application__user=user).select_related("application")
    if upcoming_from is not None:
        qs = qs.filter(ends_at__gte=upcoming_from)
    return qs.order_by("starts_at", "id")


def contacts_to_link(user, application: Application, *, limit: int = 200) -> QuerySet[Contact]:
    """The user's contacts not yet linked to ``application``, for the "link a contact" menu."""
    linked = [contact.pk for contact in application.contacts.all()]
    return Contact.objects.filter(user=user).exclude(pk__in=linked).order_by("name", "id")[:limit]
