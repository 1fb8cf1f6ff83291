"""The `anthropic` engine (Claude): the only code that talks to the anthropic SDK.

- ``call``: the one shared call: ask, check the reply, fall back to local, price it.
- ``engine``: the career features; ``tutor`` (E7) and ``essay`` (E6): the course features,
  each with its own prompt and reply checks.
"""

from .engine import AnthropicEngine

__all__ = ["AnthropicEngine"]
