"""The one definition of plans and their monthly entitlements (D1).

The pricing page, the billing page and quota checks all read from here.
`None` means unlimited.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    monthly_price: Decimal
    stripe_lookup_key: str
    tagline: str
    ai_analyses: int | None
    cover_letters: int | None
    chat_messages: int | None
    resumes: int | None
    claude_engine: bool = False

    @property
    def is_free(self) -> bool:
        return self.monthly_price == 0

    def entitlements(self) -> list[tuple[str, int | None]]:
        return [
            ("AI match analyses", self.ai_analyses),
            ("Cover letters", self.cover_letters),
            ("Career chat messages", self.chat_messages),
            ("Resumes stored", self.resumes),
        ]


FREE = Plan(
    code="free",
    name="Free",
    monthly_price=Decimal("0"),
    stripe_lookup_key="",
    tagline="Track your search and try the AI tools.",
    ai_analyses=5,
    cover_letters=2,
    chat_messages=20,
    resumes=1,
)
PRO = Plan(
    code="pro",
    name="Pro",
    monthly_price=Decimal("9.99"),
    stripe_lookup_key="careercopilot_pro_monthly",
    tagline="For an active search: analyse every application.",
    ai_analyses=100,
    cover_letters=30,
    chat_messages=500,
    resumes=10,
)
PREMIUM = Plan(
    code="premium",
    name="Premium",
    monthly_price=Decimal("19.99"),
    stripe_lookup_key="careercopilot_premium_monthly",
    tagline="No limits, and Claude when it is configured.",
    ai_analyses=None,
    cover_letters=None,
    chat_messages=None,
    resumes=None,
    claude_engine=True,
)

PLANS: dict[str, Plan] = {plan.code: plan for plan in (FREE, PRO, PREMIUM)}


def plan_for_code(code: str) -> Plan:
    return PLANS.get(code, FREE)
