"""The base of the API's input schemas: text that no column can hold is refused up front.

PostgreSQL cannot store NUL characters; a JSON string may carry one ("\\u0000"). Input
schemas derive from ``InputSchema``, so such a body gets a 422 naming the field instead
of failing in the database.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class InputSchema(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("Text must not contain NUL (\\u0000) characters.")
        return value
