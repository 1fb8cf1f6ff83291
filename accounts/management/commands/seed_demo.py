"""``manage.py seed_demo``: demo users for every role plus each app's demo data (F6).

Idempotent: run it as often as you like. It refuses to run in production.

How an app adds demo data: create ``<app>/demo.py`` with

    def seed(*, users: dict[str, User], log: Callable[[str], None]) -> None:
        ...

``users`` maps role names ("seeker", "student", "instructor", "admin") to the demo
users. The function must be idempotent too (use get_or_create, or return early when
its data exists). Apps are seeded in INSTALLED_APPS order, after the users, each in
its own transaction.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_TOTP_SECRET, DEMO_USERS, seed_users


def project_demo_modules() -> list[tuple[str, object]]:
    """``<app>.demo`` modules of the project's own apps (not third-party), in order."""
    base_dir = Path(settings.BASE_DIR).resolve()
    modules = []
    for config in apps.get_app_configs():
        app_path = Path(config.path).resolve()
        if config.label == "accounts" or base_dir not in app_path.parents:
            continue
        if ".venv" in app_path.parts or "site-packages" in app_path.parts:
            continue
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "seed", None)):
            modules.append((config.label, module))
    return modules


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo data, then print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DJANGO_ENV=production (the demo logins are public!).",
        )
        # Job tracker benchmark data (tracker.demo): --applications N --email E
        parser.add_argument(
            "--applications",
            type=int,
            metavar="N",
            help="Give --email N generated applications, then stop.",
        )
        parser.add_argument(
            "--email", default="", help="The user for --applications (created if missing)."
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo users with public passwords in production. "
                "Pass --allow-production if you really mean it."
            )

        if options["applications"] is not None:  # job tracker benchmark data, see tracker.demo
            from tracker.demo import seed_applications_for_email

            if not options["email"]:
                raise CommandError("--applications needs --email: whose applications to generate.")
            created, total = seed_applications_for_email(
                email=options["email"], count=options["applications"]
            )
            self.stdout.write(
                f"{options['email']}: {created} applications created, {total} in total."
            )
            return

        def log(line: str) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {line}")

        users = seed_users(log=log)
        for label, module in project_demo_modules():
            self.stdout.write(f"Seeding {label} demo data…")
            with transaction.atomic():
                module.seed(users=users, log=log)

        self.stdout.write(self.style.SUCCESS("\nDemo logins (sign in at /accounts/login/):\n"))
        rows = [("Role", "Email", "Password", "Authenticator (TOTP)")]
        for demo in DEMO_USERS:
            rows.append(
                (demo.role, demo.email, demo.password, DEMO_TOTP_SECRET if demo.has_totp else "—")
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for index, row in enumerate(rows):
            line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row))
            self.stdout.write("  " + line.rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write(
            "\nStaff (instructor, admin) must pass two-factor authentication to open /admin/.\n"
            "Add the TOTP secret above to an authenticator app, or print the current code with:\n"
            "  python manage.py demo_totp_code admin@demo.careercopilot.dev\n"
        )
