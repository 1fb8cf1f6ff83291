"""Every model that points at a user, directly or through something the user owns, is
listed in ``accounts.privacy.holdings``: a new one fails here until the export and the
deletion say what they do with it."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model

from accounts.privacy.holdings import ANONYMISE, DELETE, HOLDINGS


def _relations(model):
    fields = list(model._meta.concrete_fields) + list(model._meta.many_to_many)
    return [f for f in fields if f.is_relation and f.related_model is not None]


def test_every_foreign_key_to_the_user_is_listed():
    user_model = get_user_model()
    listed = {(h.label, h.field) for h in HOLDINGS}
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in _relations(model)
        if field.related_model is user_model and (model._meta.label, field.name) not in listed
    ]
    assert missing == [], (
        f"say in accounts/privacy/holdings.py how these are exported and deleted: {missing}"
    )


def test_every_model_inside_what_the_user_owns_is_listed():
    owned = {h.label for h in HOLDINGS if h.on_delete in (DELETE, ANONYMISE)}
    listed = {h.label for h in HOLDINGS}
    missing = sorted(
        {
            model._meta.label
            for model in apps.get_models()
            for field in _relations(model)
            if field.related_model._meta.label in owned and model._meta.label not in listed
        }
    )
    assert missing == [], f"rows owned through a parent, not listed: {missing}"


def test_every_listed_path_exists():
    for holding in HOLDINGS:
        model = apps.get_model(holding.label)
        if holding.owner != "pk":
            assert str(model.objects.filter(**{holding.owner: 1}).query)  # a wrong path raises
