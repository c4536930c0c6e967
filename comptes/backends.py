from django.contrib.auth.backends import ModelBackend

from comptes.models import User


class EmailBackend(ModelBackend):
    """E-mail login (case-insensitive); loads the user with what the header shows, in one query."""

    def get_user(self, user_id):
        try:
            user = User.objects.select_related(
                "organisation__departement", "service_territorial__departement", "service_territorial__region"
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
