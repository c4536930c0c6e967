"""At login, the unread count is counted once and cached: the pages that follow show the bell without a
query (``notifications.services``)."""

from notifications.services import compter


def preparer_la_cloche(sender, request, user, **kwargs):
    compter(user.pk)
