"""Job capture: a posting page (its HTML or text) read into an application's fields."""

from .parser import CapturedPosting, parse_posting
from .urls import board_name, normalise_url, posting_key

__all__ = ["CapturedPosting", "board_name", "normalise_url", "parse_posting", "posting_key"]
