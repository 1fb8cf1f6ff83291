"""The base of the API's input schemas: what the schema says is what the server takes.

- PostgreSQL cannot store NUL characters; a JSON string may carry one ("\\u0000"). Such a
  body gets a 422 naming the field instead of failing in the database, and every string
  in the schema says so (``pattern: ^[^\\u0000]*$``).
- A body is a JSON object, and types are strict: ``"5"`` is not an integer, ``0`` is not a boolean, and dates and
  times are ISO 8601 strings (``IsoDate``, ``IsoDateTime``), as the schema declares.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, field_validator, model_validator

NUL_FREE = r"^[^\u0000]*$"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def _integral_as_int(value: Any) -> Any:
    """JSON Schema counts 3.0 as an integer; strict pydantic would not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral_as_int(item) for item in value]
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("Enter a date as YYYY-MM-DD.")
    return dt.date.fromisoformat(value)


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _DATETIME.fullmatch(value):
        raise ValueError("Enter a date and time in ISO 8601, e.g. 2026-05-04T09:30:00+02:00.")
    parsed = dt.datetime.fromisoformat(value.replace("z", "Z"))
    if parsed.tzinfo is None:
        return parsed  # read in the user's time zone by the endpoint
    try:
        return parsed.astimezone(dt.UTC)  # PostgreSQL takes offsets up to 15:59 only
    except OverflowError:
        raise ValueError("That moment is outside the supported range.") from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]


def _state_nul_free(node: Any) -> None:
    """Adds the NUL rule to every free-text string of a JSON schema."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & set(node):
            node["pattern"] = NUL_FREE
        for value in node.values():
            _state_nul_free(value)
    elif isinstance(node, list):
        for item in node:
            _state_nul_free(item)


class InputSchema(Schema):
    model_config = ConfigDict(strict=True, json_schema_extra=_state_nul_free)

    @model_validator(mode="wrap")
    @classmethod
    def _object_only(cls, value: Any, handler):
        """A body is a JSON object (ninja would read a list's missing attributes as unset)."""
        if not isinstance(value, dict | cls):
            raise ValueError("Send a JSON object.")
        if isinstance(value, dict):
            value = {key: _integral_as_int(item) for key, item in value.items()}
        return handler(value)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("Text must not contain NUL (\\u0000) characters.")
        return value
