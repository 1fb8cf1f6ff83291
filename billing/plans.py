"""The one definition of plans and their monthly entitlements (D1).

The pricing page, the billing page, quota checks, Stripe sync (`billing_sync_plans`) and
the admin metrics all read from here. An entitlement of `None` means unlimited.
"""

from dataclasses import dataclass
from decimal import Decimal

CURRENCY = "usd"

MB = 1024 * 1024
GB = 1024 * MB
# Course work (a student's submission files and videos) has its own allowance, the same on
# every plan: a course must not depend on the student's career plan.
COURSE_WORK_STORAGE_BYTES = 5 * GB

# Metered features: the field name on Plan, and how the product talks about it
# (as a label, and inside a sentence).
FEATURES: dict[str, str] = {
    "ai_analyses": "AI match analyses",
    "cover_letters": "Cover letters",
    "interview_prep": "Interview prep and practice feedback",
    "chat_messages": "Career chat messages",
    "resumes": "Resume uploads",
}
FEATURE_NOUNS: dict[str, str] = {
    "ai_analyses": "AI match analyses",
    "cover_letters": "cover letters",
    "interview_prep": "interview preps and practice answers",
    "chat_messages": "career chat messages",
    "resumes": "resume uploads",
}
FEATURE_NOUNS_SINGULAR: dict[str, str] = {
    "ai_analyses": "AI match analysis",
    "cover_letters": "cover letter",
    "interview_prep": "interview prep or practice answer",
    "chat_messages": "career chat message",
    "resumes": "resume upload",
}


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    rank: int  # higher is more generous; used to pick the best of two plans
    monthly_price: Decimal
    stripe_lookup_key: str  # the Stripe Price lookup key; empty for Free
    stripe_product_id: str  # our own Stripe Product id, so syncing is idempotent
    tagline: str
    ai_analyses: int | None
    cover_letters: int | None
    interview_prep: int | None  # a prep and each practice answer it gets feedback on
    chat_messages: int | None
    resumes: int | None
    storage_bytes: int  # the user's own files: resumes and exports (not course work)
    claude_engine: bool = False

    @property
    def is_free(self) -> bool:
        return self.monthly_price == 0

    @property
    def unit_amount(self) -> int:
        """The monthly price in cents, as Stripe wants it."""
        return int(self.monthly_price * 100)

    def limit(self, feature: str) -> int | None:
        if feature not in FEATURES:
            raise ValueError(f"Unknown feature {feature!r}; one of {', '.join(FEATURES)}")
        return getattr(self, feature)

    def entitlements(self) -> list[tuple[str, int | None]]:
        """(noun for use in a sentence, monthly allowance or None for unlimited)."""
        return [(noun, self.limit(feature)) for feature, noun in FEATURE_NOUNS.items()]

    def entitlement_lines(self) -> list[str]:
        """The allowances as the pricing page words them: "5 AI match analyses per month"."""
        lines = []
        for feature, noun in FEATURE_NOUNS.items():
            limit = self.limit(feature)
            if limit is None:
                lines.append(f"Unlimited {noun}")
            else:
                word = FEATURE_NOUNS_SINGULAR[feature] if limit == 1 else noun
                lines.append(f"{limit} {word} per month")
        lines.append(f"{format_bytes(self.storage_bytes)} of storage for your files")
        return lines


def format_bytes(size: int) -> str:
    """1288490189 -> "1.2 GB"; 2147483648 -> "2 GB". Binary units, as the uploads use, and
    rounded down, so a nearly full allowance never reads as full."""
    for unit, scale in (("GB", GB), ("MB", MB), ("KB", 1024)):
        if size >= scale:
            tenths = size * 10 // scale
            return f"{tenths // 10}{f'.{tenths % 10}' if tenths % 10 else ''} {unit}"
    return f"{size} bytes"


FREE = Plan(
    code="free",
    name="Free",
    rank=0,
    monthly_price=Decimal("0"),
    stripe_lookup_key="",
    stripe_product_id="",
    tagline="Track your search and try the AI tools.",
    ai_analyses=5,
    cover_letters=2,
    interview_prep=10,
    chat_messages=20,
    resumes=1,
    storage_bytes=200 * MB,
)
PRO = Plan(
    code="pro",
    name="Pro",
    rank=1,
    monthly_price=Decimal("9.99"),
    stripe_lookup_key="careercopilot_pro_monthly",
    stripe_product_id="careercopilot-pro",
    tagline="For an active search: analyse every application.",
    ai_analyses=100,
    cover_letters=30,
    interview_prep=200,
    chat_messages=500,
    resumes=10,
    storage_bytes=2 * GB,
)
PREMIUM = Plan(
    code="premium",
    name="Premium",
    rank=2,
    monthly_price=Decimal("19.99"),
    stripe_lookup_key="careercopilot_premium_monthly",
    stripe_product_id="careercopilot-premium",
    tagline="No limits on any tool.",
    ai_analyses=None,
    cover_letters=None,
    interview_prep=None,
    chat_messages=None,
    resumes=None,
    storage_bytes=10 * GB,
    claude_engine=True,
)

PLANS: dict[str, Plan] = {plan.code: plan for plan in (FREE, PRO, PREMIUM)}
PAID_PLANS: tuple[Plan, ...] = tuple(plan for plan in PLANS.values() if not plan.is_free)
PLAN_CHOICES = [(plan.code, plan.name) for plan in PLANS.values()]


def plan_for_code(code: str) -> Plan:
    return PLANS.get(code, FREE)


def plan_for_lookup_key(lookup_key: str | None) -> Plan | None:
    """The paid plan a Stripe price lookup key belongs to, or None for a foreign price."""
    if not lookup_key:
        return None
    return next((plan for plan in PAID_PLANS if plan.stripe_lookup_key == lookup_key), None)


def best_plan(*plans: Plan | None) -> Plan:
    return max((plan for plan in plans if plan is not None), key=lambda p: p.rank, default=FREE)
