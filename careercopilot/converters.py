"""Ids in URLs and API parameters stay within the database's 64-bit keys.

A larger number used to reach PostgreSQL and come back as a 500 (DataError). The `id`
path converter does not match it (so the page is a 404), and `DbId` makes the API answer
422 for it.
"""

from __future__ import annotations

from typing import Annotated

from django.urls import register_converter
from pydantic import Field

MAX_ID = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond a 64-bit id")  # no match: a 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


def register() -> None:
    register_converter(DatabaseIdConverter, "id")
