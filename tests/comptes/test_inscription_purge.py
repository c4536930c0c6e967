"""« Créer un compte » (issue 15 item 1), the purge: the sign-ups left unconfirmed are deleted after
``INSCRIPTION_CONSERVATION_JOURS`` (Celery beat's task, the management command)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comptes import inscription
from comptes.models import (
    Inscription,
    Role,
    User,
)
from comptes.tasks import purger_inscriptions
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db

ENVOYEE = reverse("comptes:inscription_envoyee")
NOUVEAU_LIEN = reverse("comptes:inscription_nouveau_lien")


# The purge ---------------------------------------------------------------------------------------------


def _inscription_du(jours: float, email: str, confirmee: bool = False) -> User:
    compte = User.objects.create_user(
        email, MOT_DE_PASSE, role=Role.CANDIDAT, is_active=False, adresse_confirmee=False
    )
    Inscription.objects.create(
        compte=compte,
        siret="73282932000074",
        nom_organisation="PLIE",
        type_organisation="plie",
        departement_id="59",
        cree_le=timezone.now() - datetime.timedelta(days=jours),
    )
    if confirmee:
        inscription.confirmer(compte)
    return compte


def test_la_purge_supprime_les_inscriptions_non_confirmees_apres_le_delai(settings):
    assert settings.INSCRIPTION_CONSERVATION_JOURS == 7
    assert settings.CELERY_BEAT_SCHEDULE["purger-inscriptions"]["task"] == "comptes.tasks.purger_inscriptions"
    avant = _inscription_du(6.9, "recente@exemple.fr")
    apres = _inscription_du(7.1, "ancienne@exemple.fr")
    confirmee = _inscription_du(30, "confirmee@exemple.fr", confirmee=True)
    invite = UserFactory(email="invite@exemple.fr")
    assert purger_inscriptions.apply().get() == 1  # the task of Celery beat
    restants = set(User.objects.values_list("email", flat=True))
    assert restants == {avant.email, confirmee.email, invite.email}
    assert not Inscription.objects.filter(compte_id=apres.pk).exists()
    assert inscription.purger() == 0

    settings.INSCRIPTION_CONSERVATION_JOURS = 3
    sortie = StringIO()
    call_command("purger_inscriptions", stdout=sortie)
    assert "1 inscription(s) non confirmée(s) depuis plus de 3 jours supprimée(s)." in sortie.getvalue()
    assert set(User.objects.values_list("email", flat=True)) == {confirmee.email, invite.email}
