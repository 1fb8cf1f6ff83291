"""Create or update the Stripe products and prices of the paid plans (billing/plans.py)."""

from django.core.management.base import BaseCommand, CommandError

from billing.selectors import billing_enabled
from billing.services.catalog import plans_sync


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        if not billing_enabled():
            raise CommandError(
                "Stripe is not configured: set STRIPE_TEST_SECRET_KEY (or STRIPE_LIVE_SECRET_KEY "
                "with STRIPE_LIVE_MODE=true)."
            )
        for result in plans_sync(dry_run=dry_run):
            self.stdout.write(("[dry run] " if dry_run else "") + result.summary())
