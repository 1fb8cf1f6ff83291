"""Refuses passwords that appear in leaked-password lists, offline.

The list is the 30,000 most common passwords of a 10-million-password leak, as bundled in
the zxcvbn package (MIT); Django's own common list (20,000) runs beside it. A password
refused here is one an attacker tries first. zxcvbn's matcher also sees through the usual
disguises of a listed password: capitals, l33t spelling (p@ssw0rd) and reversal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_CHECKED_LENGTH = 100  # zxcvbn's matcher is quadratic; nobody leaks 100-character phrases


def is_leaked(password: str) -> bool:
    if not password or len(password) > MAX_CHECKED_LENGTH:
        return False
    from zxcvbn.matching import omnimatch

    for match in omnimatch(password):
        if (
            match.get("dictionary_name") == "passwords"
            and match["i"] == 0
            and match["j"] == len(password) - 1
        ):
            return True
    return False


class LeakedPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if is_leaked(password):
            raise ValidationError(
                "This password is on the lists of leaked passwords that attackers try "
                "first. Choose another, such as a few unrelated words.",
                code="password_leaked",
            )

    def get_help_text(self) -> str:
        return "Your password can’t be one that has appeared in known password leaks."
