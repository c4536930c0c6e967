"""The exclusions of R08 say what they do (issue 16, point 7): R08 recognises an excluded porteur by its
SIRET — a name is no identifier — and a SPIE territory by its département. An exclusion that would
exclude nobody (neither SIRET nor département) is refused at save, with why; one without SIRET is saved
with a warning, on the page after saving and beside it for good, and in the Django admin."""

import pytest
from django.urls import reverse

from ami.models import Appel, ExclusionR08, NatureExclusion
from tests.factories import UserFactory
from tests.test_administration import _formset

pytestmark = pytest.mark.django_db

URL = reverse("ami:exclusions")
SIRET = "21590001900005"  # Luhn-valid


@pytest.fixture
def admin(client):
    client.force_login(UserFactory(administrateur=True))


def _nouvelle(client, **champs):
    donnees = _formset(client.get(URL), "exclusions")
    n = int(donnees["exclusions-TOTAL_FORMS"]) - 1  # the empty extra form
    valeurs = {"nature": NatureExclusion.LAUREAT_AMI1, "nom": "Département du Nord", "departement": ""}
    valeurs |= {"siret": ""} | champs
    donnees.update({f"exclusions-{n}-{cle}": valeur for cle, valeur in valeurs.items()})
    return client.post(URL, donnees, follow=True)


def test_ni_siret_ni_departement_refuse_avec_la_raison(client, admin):
    reponse = _nouvelle(client)
    contenu = reponse.content.decode()
    assert reponse.status_code == 422
    assert "Sans SIRET ni département, cette exclusion n’exclurait personne" in contenu
    assert "fr-message--error" in contenu
    assert "Département du Nord" in contenu  # what was typed is kept
    assert not ExclusionR08.objects.filter(nom="Département du Nord").exists()


def test_sans_siret_enregistree_avec_un_avertissement(client, admin):
    reponse = _nouvelle(client, departement="59")
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Exclusions (R08) : modifications enregistrées." in contenu
    exclusion = ExclusionR08.objects.get(nom="Département du Nord")
    avertissement = "N’exclut aucun porteur (pas de SIRET) : les dossiers du département 59 joignent"
    assert avertissement in exclusion.portee
    assert contenu.count("N’exclut aucun porteur (pas de SIRET)") == 2  # the message and beside it
    assert "fr-message--warning" in contenu
    # For good: the page shows it again later.
    assert "N’exclut aucun porteur (pas de SIRET)" in client.get(URL).content.decode()


def test_avec_siret_exclut_le_porteur(client, admin):
    reponse = _nouvelle(client, siret=SIRET, departement="59")
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert f"Exclut le porteur de SIRET {SIRET} ; les dossiers du département 59" in contenu
    assert "N’exclut aucun porteur" not in contenu


def test_siret_invalide_toujours_refuse(client, admin):
    assert _nouvelle(client, siret="123", departement="59").status_code == 422


def test_supprimer_une_exclusion_sans_siret_ni_departement_reste_possible(client, admin):
    """An old exclusion with neither (saved before this check) can still be deleted."""
    ExclusionR08.objects.create(
        appel=Appel.objects.courant(), nature=NatureExclusion.LAUREAT_AMI1, nom="Vide"
    )
    donnees = _formset(client.get(URL), "exclusions")
    rang = next(k.split("-")[1] for k, v in donnees.items() if k.endswith("-nom") and v == "Vide")
    donnees[f"exclusions-{rang}-DELETE"] = "on"
    assert client.post(URL, donnees, follow=True).status_code == 200
    assert not ExclusionR08.objects.filter(nom="Vide").exists()


@pytest.mark.parametrize(
    "siret, departement, attendu",
    [
        (SIRET, None, f"Exclut le porteur de SIRET {SIRET}."),
        (SIRET, "59", f"Exclut le porteur de SIRET {SIRET} ; les dossiers du département 59 joignent"),
        ("", "59", "N’exclut aucun porteur (pas de SIRET)"),
        ("", None, "N’exclut aucun porteur ni aucun territoire"),
    ],
)
def test_portee(siret, departement, attendu):
    exclusion = ExclusionR08(nom="SPIE du Nord", siret=siret, departement_id=departement)
    assert exclusion.portee.startswith(attendu)


def test_l_admin_django_montre_l_effet(client):
    appel = Appel.objects.courant()
    ExclusionR08.objects.create(
        appel=appel, nature=NatureExclusion.EXPERIMENTATION, nom="SPIE du Nord", departement_id="59"
    )
    client.force_login(UserFactory(technique=True, email="exploitation@exemple.fr"))
    contenu = client.get(reverse("admin:ami_appel_change", args=[appel.pk])).content.decode()
    assert "effet dans R08" in contenu.lower() or "Effet dans R08" in contenu
    assert "N’exclut aucun porteur (pas de SIRET)" in contenu
