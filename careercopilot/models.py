"""Platform-wide data. `AICall` is the accounting row every AI call writes (C9)."""

from careercopilot.ai.accounting import AICall

__all__ = ["AICall"]
