from django.db.models import QuerySet

from .models import Notification, User


def notifications_for_user(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def notifications_recent_for_user(user: User, *, limit: int = 5) -> list[Notification]:
    return list(notifications_for_user(user)[:limit])


def notifications_unread_count(user: User) -> int:
    return notifications_for_user(user).filter(read_at__isnull=True).count()
