"""``manage.py demo_totp_code EMAIL``: the current TOTP code of a demo staff user.

Only for the demo accounts seeded by ``seed_demo`` (whose secret is public anyway);
it refuses any other account and refuses to run in production.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_TOTP_SECRET, is_demo_email
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo user (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Not available in production.")
        if not is_demo_email(email):
            raise CommandError(f"{email} is not a demo account; this only works for demo users.")
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user {email}. Run `python manage.py seed_demo` first.")
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no authenticator app.")
        if decrypt(authenticator.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError(f"{email} uses its own authenticator secret; refusing.")
        now = time.time()
        period = mfa_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
        self.stdout.write(code)
        if options["verbosity"] >= 2:
            self.stdout.write(f"valid for another {period - int(now) % period} s")
