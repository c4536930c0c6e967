"""Issue 12 item 6, in « Comptes et rôles »: an invited administrateur has no technical access, no one
is invited or changed into the technical account, whose account the business pages do not show."""

import pytest
from django.urls import reverse

from comptes.models import Role, User
from tests.comptes_gestion.outils import GESTION, formulaire, inviter, page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_item6_un_administrateur_invite_n_a_pas_l_administration_technique(
    client_admin, django_capture_on_commit_callbacks
):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="nouvel.admin@emploi.gouv.fr",
        first_name="Noé",
        last_name="Admin",
        role=Role.ADMINISTRATEUR,
    )
    assert reponse.status_code == 302
    invite = User.objects.get(email="nouvel.admin@emploi.gouv.fr")
    assert (invite.role, invite.is_staff, invite.is_superuser) == (Role.ADMINISTRATEUR, False, False)


def test_item6_personne_n_est_invite_ni_change_en_compte_technique(
    client_admin, cd_nord, django_capture_on_commit_callbacks
):
    reponse = inviter(
        client_admin,
        django_capture_on_commit_callbacks,
        email="intrus@exemple.fr",
        first_name="Ian",
        last_name="Trus",
        role=Role.TECHNIQUE,
    )
    assert reponse.status_code == 422
    contenu = page(reponse)
    erreur = contenu[contenu.index('id="id_role-desc-error"') :][:300]  # under the role's radio buttons
    assert "Choisissez l’un des rôles proposés." in erreur
    assert not User.objects.filter(email="intrus@exemple.fr").exists()

    candidat = UserFactory(organisation=cd_nord, first_name="Camille", last_name="Martin")
    reponse = client_admin.post(
        reverse("comptes:compte", args=[candidat.pk]),
        formulaire(first_name="Camille", last_name="Martin", role=Role.TECHNIQUE),
    )
    assert reponse.status_code == 422
    candidat.refresh_from_db()
    assert (candidat.role, candidat.is_staff) == (Role.CANDIDAT, False)


def test_item6_le_compte_technique_hors_des_pages_metier(client_admin):
    technique = UserFactory(technique=True, email="exploitation@exemple.fr")
    contenu = page(client_admin.get(GESTION))
    assert "exploitation@exemple.fr" not in contenu
    assert "Exploitant technique" not in contenu  # not a role of the filter either
    assert "exploitation@exemple.fr" not in page(client_admin.get(GESTION, {"role": Role.TECHNIQUE}))
    for nom in ["compte", "desactiver", "reactiver", "renvoyer_invitation"]:
        methode = client_admin.get if nom == "compte" else client_admin.post
        assert methode(reverse(f"comptes:{nom}", args=[technique.pk])).status_code == 404, nom
    technique.refresh_from_db()
    assert technique.is_active and technique.is_superuser
