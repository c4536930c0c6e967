"""What the API does when an account changes (``comptes.signaux``, connected by ``ApiConfig.ready``): a
deactivated person's tokens are revoked — at once, for good (a reactivation does not bring them back), in
the deactivation's transaction, by whoever deactivated the account."""

from django.utils import timezone

from api.models import JetonApi
from comptes.signaux import compte_desactive


def revoquer_les_jetons(sender, compte, par=None, **kwargs) -> int:
    """Revoke every token of ``compte`` not yet revoked (the ones already revoked keep their date and
    author): their number."""
    return JetonApi.objects.filter(user=compte, revoque_le=None).update(
        revoque_le=timezone.now(), revoque_par=par
    )


def connecter() -> None:
    compte_desactive.connect(revoquer_les_jetons, dispatch_uid="api.receveurs.revoquer_les_jetons")
