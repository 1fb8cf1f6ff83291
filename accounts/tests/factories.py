"""Factories for accounts. Users have a verified primary email unless verified=False."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from accounts.models import Notification, NotificationCategory, User
from accounts.services import user_set_roles

PASSWORD = "Sturdy-Test-Passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted, **kwargs) -> None:
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(obj: User, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            user_set_roles(user=obj, roles=extracted)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    category = NotificationCategory.ACCOUNT
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Something happened."
    url = ""
