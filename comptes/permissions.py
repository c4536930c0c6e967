"""Role checks. Login itself is enforced for every view by LoginRequiredMiddleware."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*roles):
    """Answer 403 (French DSFR page) unless the logged-in user has one of ``roles``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles or not request.user.is_active:
                raise PermissionDenied("Cette page est réservée à un autre profil.")
            return view(request, *args, **kwargs)

        wrapper.roles_autorises = roles
        return wrapper

    return decorator
