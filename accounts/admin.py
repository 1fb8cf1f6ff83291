"""Admin for users, roles (groups), notifications, the sign-in records and the audit log.

Roles drive ``is_staff``/``is_superuser`` (see ``accounts.roles``): the user form
shows both flags read-only and re-derives them after the groups are saved.
"""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch
from unfold.admin import ModelAdmin
from unfold.decorators import display
from unfold.forms import AdminPasswordChangeForm

from .forms import AdminUserChangeForm, AdminUserCreationForm
from .models import AuditEvent, Notification, User
from .roles import ALL_ROLES, Role
from .selectors import user_roles
from .services import notifications_mark_all_read, user_sync_role_flags

ROLE_LABELS = dict(Role.choices)


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in ALL_ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


class MFAFilter(admin.SimpleListFilter):
    title = "two-factor"
    parameter_name = "mfa"

    def lookups(self, request, model_admin):
        return (("yes", "On"), ("no", "Off"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_mfa=True)
        if self.value() == "no":
            return queryset.filter(has_mfa=False)
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    change_password_form = AdminPasswordChangeForm

    list_display = ("email", "name", "roles", "is_staff", "mfa_enabled", "date_joined")
    list_filter = (RoleFilter, "groups", MFAFilter, "is_staff", "is_active")
    search_fields = ("email", "name")
    ordering = ("email",)
    readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")
    filter_horizontal = ("groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "headline", "timezone")}),
        (
            "Job search",
            {
                "classes": ("collapse",),
                "fields": (
                    "target_roles",
                    "locations",
                    "skills",
                    ("salary_min", "salary_max", "salary_currency"),
                ),
            },
        ),
        ("Notifications", {"classes": ("collapse",), "fields": ("email_categories",)}),
        (
            "Roles and permissions",
            {
                "description": (
                    "Roles are the groups seeker, student, instructor and admin. "
                    "Instructors and admins are staff; admins are superusers. "
                    "Staff and superuser follow the roles when you save."
                ),
                "fields": ("is_active", "groups", "is_staff", "is_superuser", "user_permissions"),
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(has_mfa=Exists(Authenticator.objects.filter(user_id=OuterRef("pk"))))
            .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        )

    @display(description="Roles")
    def roles(self, obj: User) -> str:
        return ", ".join(ROLE_LABELS[r] for r in ALL_ROLES if r in user_roles(obj)) or "—"

    @display(description="MFA", boolean=True, ordering="has_mfa")
    def mfa_enabled(self, obj: User) -> bool:
        return bool(getattr(obj, "has_mfa", False))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_sync_role_flags(user=form.instance)


@admin.register(Notification)
class NotificationAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = ("title", "user", "category", "created_at", "is_read", "emailed_at")
    list_filter = ("category", ("read_at", admin.EmptyFieldListFilter), "created_at")
    list_select_related = ("user",)
    search_fields = ("title", "body", "user__email")
    autocomplete_fields = ("user",)
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "emailed_at")
    actions = ("mark_read_for_users",)

    @display(description="Read", boolean=True, ordering="read_at")
    def is_read(self, obj: Notification) -> bool:
        return obj.is_read

    @admin.action(description="Mark all notifications of these users as read")
    def mark_read_for_users(self, request, queryset):
        total = 0
        for user in User.objects.filter(pk__in=queryset.values("user_id")):
            total += notifications_mark_all_read(user=user)
        self.message_user(request, f"Marked {total} notifications as read.")


# Sign-in records from allauth and the role groups, restyled for the admin theme.
admin.site.unregister(Group)
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, ModelAdmin):
    list_per_page = 50
    show_full_result_count = False


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin, ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_select_related = ("user",)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin, ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_select_related = ("user",)
    # The secrets in ``data`` never show in the admin.
    exclude = ("data",)
    readonly_fields = ("user", "type", "created_at", "last_used_at")


@admin.register(AuditEvent)
class AuditEventAdmin(ModelAdmin):
    """The audit log, read-only for everyone (superusers too): no add, change or delete."""

    list_per_page = 50
    list_display = ("created_at", "action", "actor", "subject", "object_repr", "ip")
    list_filter = ("action", "created_at")
    list_select_related = ("actor", "subject")
    search_fields = ("actor__email", "subject__email", "object_repr", "object_type", "object_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    fields = (
        "created_at",
        "action",
        "actor",
        "subject",
        "ip",
        "object_type",
        "object_id",
        "object_repr",
        "detail",
    )
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
