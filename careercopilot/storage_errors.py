"""What the file store (S3, or local disk) raises when it is unreachable or failing.

Upload services catch these inside their transaction, so the rows roll back and the user
reads ``STORAGE_UNAVAILABLE`` instead of an error page: nothing is half-saved.
"""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, BotoCoreError, ClientError)

STORAGE_UNAVAILABLE = (
    "We could not store your file: our file storage is not answering right now. "
    "Nothing was saved; please try again in a few minutes."
)
