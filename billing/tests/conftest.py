from billing.tests.stripe_fixtures import *  # noqa: F403 - fixtures
