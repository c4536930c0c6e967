"""Issue 17, point 5: « Annuler » after « Retirer » puts the row back with its id and every value
(candidatures.retraits); a token is good for its dossier and kind of row only, once."""

import json

import pytest
from django.core import signing
from django.urls import reverse

from budget.models import LigneDepense
from candidatures import retraits
from candidatures.models import Dossier, Section
from candidatures.sections import MEMBRES
from consortium.models import Membre, TypeMembre
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


def retirer(client, dossier, cle, ligne, section=Section.CONSORTIUM):
    reponse = client.post(
        reverse("candidatures:ligne_supprimer", args=[dossier.pk, section, cle, ligne.pk]),
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 200
    return json.loads(reponse["HX-Trigger"])["ami:ligne-retiree"]["jeton"]


def retablir(client, dossier, cle, jeton, section=Section.CONSORTIUM):
    return client.post(
        reverse("candidatures:ligne_restaurer", args=[dossier.pk, section, cle]),
        {"jeton": jeton},
        headers={"HX-Request": "true"},
    )


def test_un_membre_retire_puis_retabli_revient_avec_son_id_et_ses_valeurs(connecte, dossier):
    membre = Membre.objects.create(
        dossier=dossier, type=TypeMembre.ASSOCIATION, structure="Emmaüs Roubaix", courriel="a@emmaus.fr"
    )
    jeton = retirer(connecte, dossier, "membre", membre)
    assert not Membre.objects.filter(pk=membre.pk).exists()

    reponse = retablir(connecte, dossier, "membre", jeton)

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert f'id="ligne-membre-{membre.pk}"' in contenu and "hx-swap-oob" in contenu
    assert "Retirer le membre" in contenu and "« Emmaüs Roubaix »" in contenu
    retabli = Membre.objects.get(pk=membre.pk)
    assert (retabli.structure, retabli.courriel, retabli.type) == (
        "Emmaüs Roubaix",
        "a@emmaus.fr",
        "association",
    )
    assert Dossier.objects.get(pk=dossier.pk).version(Section.CONSORTIUM) == 2
    # Once only: the row is back, the same token puts nothing more.
    assert retablir(connecte, dossier, "membre", jeton).status_code == 404
    assert Membre.objects.filter(dossier=dossier).count() == 1


def test_une_depense_retablie_garde_son_montant_calcule(connecte, dossier):
    ligne = LigneDepense.objects.create(
        dossier=dossier,
        groupe="axe_1",
        objet="Formation",
        nombre_unites=10,
        cout_unitaire=2000,
        montant=20000,
    )
    jeton = retirer(connecte, dossier, "depense", ligne, Section.BUDGET)
    assert retablir(connecte, dossier, "depense", jeton, Section.BUDGET).status_code == 200
    assert LigneDepense.objects.get(pk=ligne.pk).montant == 20000


def test_un_jeton_ne_sert_que_pour_son_dossier_et_sa_sorte_de_ligne(connecte, dossier, candidat):
    membre = Membre.objects.create(dossier=dossier, type=TypeMembre.ASSOCIATION, structure="Emmaüs")
    jeton = retirer(connecte, dossier, "membre", membre)
    autre = DossierFactory(organisation=candidat.organisation, cree_par=candidat)

    assert retablir(connecte, autre, "membre", jeton).status_code == 404  # another dossier of the porteur
    assert retablir(connecte, dossier, "financement", jeton, Section.BUDGET).status_code == 404
    assert retablir(connecte, dossier, "membre", jeton[:-2] + "xx").status_code == 404  # tampered
    assert retablir(connecte, dossier, "membre", "").status_code == 404
    assert not Membre.objects.exists()


def test_un_jeton_trop_ancien_ne_retablit_rien(connecte, dossier, monkeypatch):
    membre = Membre.objects.create(dossier=dossier, type=TypeMembre.ASSOCIATION, structure="Emmaüs")
    jeton = retirer(connecte, dossier, "membre", membre)
    monkeypatch.setattr(retraits, "DUREE", -1)
    assert retablir(connecte, dossier, "membre", jeton).status_code == 404
    assert not Membre.objects.exists()


def test_un_jeton_signe_pour_une_autre_ligne_est_refuse(dossier):
    """A token naming a row of another object (a forged content would need the key): refused all the same."""
    autre = DossierFactory()
    membre = Membre.objects.create(dossier=autre, type=TypeMembre.ASSOCIATION, structure="Ailleurs")
    jeton = retraits.jeton(membre, dossier.pk, "membre")
    membre.delete()
    assert retraits.restaurer(jeton, dossier.pk, MEMBRES, dossier) is None
    assert signing.loads(jeton, salt=retraits.SEL)["dossier"] == dossier.pk
