"""The administrateur configures the call in the portal: parameters, grid, exclusions; every change is
logged; a change of a rate re-evaluates the open dossiers' recevabilité."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel, Critere, ExclusionR08
from candidatures.depot import deposer
from candidatures.models import Dossier
from demo.exemples import dossier_complet
from instruction.models import Evaluation, Note, note_ponderee
from tests.factories import DossierFactory, UserFactory
from tests.historique import journal, une_entree
from tests.test_appel import valeurs_du_formulaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(administrateur=True, first_name="Ada", last_name="Admin")
    client.force_login(user)
    return user


@pytest.fixture
def appel_ouvert(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    Appel.objects.update(date_limite_depot=timezone.localdate() + datetime.timedelta(days=30))
    return Appel.objects.courant()


def _poster(client, url, **changements):
    donnees = valeurs_du_formulaire(client.get(url).context["form"])
    donnees.update(changements)
    return client.post(url, {k: v for k, v in donnees.items() if v is not None}, follow=True)


def test_changer_la_date_limite_est_journalise(client, admin):
    url = reverse("ami:administration")
    reponse = _poster(client, url, date_limite_depot="2021-10-18", heure_limite_depot="12:00:00")
    assert "Les paramètres de l'appel ont été enregistrés." in unescape(reponse.content.decode())
    entree = une_entree()
    assert entree.par == admin and entree.objet == "Paramètres de l’appel « AMI SPIE — vague 2 »"
    assert ["Date limite de dépôt", "2021-10-11", "2021-10-18"] in entree.changements
    assert ["Heure limite de dépôt", "23:59:59", "12:00:00"] in entree.changements
    journal = client.get(reverse("ami:journal")).content.decode()
    assert "Ada Admin" in journal and "<del>2021-10-11</del> → <ins>2021-10-18</ins>" in journal


def test_les_dates_de_l_appel_sont_coherentes(client, admin):
    url = reverse("ami:administration")
    reponse = _poster(client, url, date_ouverture="2021-11-01", date_limite_avis="2021-09-01")
    contenu = reponse.content.decode()
    assert reponse.status_code == 422
    assert "L’ouverture des dépôts doit précéder la date limite de dépôt." in contenu
    assert "Les avis sont attendus après la date limite de dépôt." in contenu
    assert 'value="2021-11-01"' in contenu  # nothing typed is lost
    assert not journal()


def test_un_depot_avant_l_ouverture_est_refuse(appel_ouvert):
    Appel.objects.update(date_ouverture=timezone.localdate() + datetime.timedelta(days=2))
    user = UserFactory()
    dossier = dossier_complet(DossierFactory(organisation=user.organisation), user=user)
    resultat = deposer(dossier.pk, user)
    assert not resultat.depose
    assert resultat.motif.startswith("Les dépôts ouvriront le ")


def test_un_taux_change_reevalue_les_dossiers_ouverts(
    client, admin, appel_ouvert, django_capture_on_commit_callbacks
):
    user = UserFactory()
    brouillon = dossier_complet(DossierFactory(organisation=user.organisation), user=user)
    autre = UserFactory()
    depose = dossier_complet(DossierFactory(organisation=autre.organisation), user=autre)
    assert deposer(depose.pk, autre).depose
    Dossier.objects.filter(pk=brouillon.pk).update(nb_bloquantes=0)
    assert Dossier.objects.get(pk=depose.pk).regles_bloquantes == []

    with django_capture_on_commit_callbacks(execute=True):
        reponse = _poster(client, reverse("ami:administration"), cofinancement_min="60,00")
    assert "la recevabilité des dossiers ouverts est réévaluée" in reponse.content.decode()
    for dossier in Dossier.objects.filter(pk__in=[brouillon.pk, depose.pk]):
        assert "R13" in dossier.regles_bloquantes, dossier
        assert dossier.nb_bloquantes >= 1
    entree = une_entree(objet="Recevabilité des dossiers ouverts")
    assert entree.action.startswith("Réévaluée après le changement des paramètres : 2 dossiers, 2 dont")


def test_changer_un_texte_ne_reevalue_rien(client, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        reponse = _poster(client, reverse("ami:administration"), periode_instruction="Décembre 2021")
    assert "réévaluée" not in reponse.content.decode()
    assert not rappels
    entree = une_entree()
    assert entree.changements == [
        ["Instruction des dossiers et sélection", "Novembre / décembre 2021", "Décembre 2021"]
    ]


def _formset(reponse, prefixe="criteres") -> dict:
    formset = reponse.context["formset"]
    donnees = {f"{prefixe}-{k}": v for k, v in formset.management_form.initial.items()}
    for i, form in enumerate(formset.forms):
        for champ in form:
            valeur = champ.field.widget.format_value(champ.value())
            if valeur is not None and champ.name != "DELETE":
                donnees[f"{prefixe}-{i}-{champ.name}"] = valeur
    return donnees


def test_la_grille_modifiee_recalcule_les_notes(client, admin):
    appel = Appel.objects.courant()
    criteres = list(appel.criteres.all())
    instructeur = UserFactory(instructeur=True)
    dossier = DossierFactory(organisation=UserFactory().organisation)
    valeurs = {c.pk: (5 if i == 0 else 1) for i, c in enumerate(criteres)}
    evaluation = Evaluation.objects.create(
        dossier=dossier, instructeur=instructeur, note_sur_20=note_ponderee(valeurs, criteres)
    )
    Note.objects.bulk_create(Note(evaluation=evaluation, critere_id=k, valeur=v) for k, v in valeurs.items())
    avant = evaluation.note_sur_20

    url = reverse("ami:grille")
    donnees = _formset(client.get(url))
    donnees["criteres-0-poids"] = "10"
    reponse = client.post(url, donnees, follow=True)
    contenu = reponse.content.decode()
    assert "Grille de notation : modifications enregistrées." in contenu
    assert "Les notes pondérées de 1 évaluation ont été recalculées." in contenu
    evaluation.refresh_from_db()
    assert evaluation.note_sur_20 > avant
    assert Critere.objects.get(pk=criteres[0].pk).poids == Decimal("10")
    entree = une_entree()
    assert any("Poids" in c[0] or "poids" in c[0] for c in entree.changements)

    # A criterion already scored is not deleted; two criteria with the same order neither.
    donnees = _formset(client.get(url))
    donnees["criteres-0-DELETE"] = "on"
    donnees["criteres-1-ordre"] = donnees["criteres-2-ordre"]
    reponse = client.post(url, donnees)
    contenu = reponse.content.decode()
    assert reponse.status_code == 422
    assert "a déjà des notes : il ne peut pas être supprimé" in contenu
    assert "Deux critères ont le même ordre" in contenu
    assert Critere.objects.filter(pk=criteres[0].pk).exists()


def test_ajouter_une_exclusion_r08(client, admin, django_capture_on_commit_callbacks):
    url = reverse("ami:exclusions")
    donnees = _formset(client.get(url), "exclusions")
    n = int(donnees["exclusions-TOTAL_FORMS"]) - 1  # the empty extra form
    donnees.update(
        {
            f"exclusions-{n}-nature": "laureat_ami1",
            f"exclusions-{n}-nom": "Métropole de Lyon",
            f"exclusions-{n}-departement": "",
            f"exclusions-{n}-siret": "123",
        }
    )
    reponse = client.post(url, donnees)
    assert reponse.status_code == 422 and "Métropole de Lyon" in reponse.content.decode()
    donnees[f"exclusions-{n}-siret"] = ""
    reponse = client.post(url, donnees)  # neither SIRET nor département: it would exclude nobody
    assert reponse.status_code == 422 and "n’exclurait personne" in reponse.content.decode()
    donnees[f"exclusions-{n}-departement"] = "69"  # the territory only (tests/test_exclusions_r08.py)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, donnees, follow=True)
    assert "Exclusions (R08) : modifications enregistrées." in reponse.content.decode()
    assert ExclusionR08.objects.filter(nom="Métropole de Lyon").exists()
    assert journal(objet="Exclusions (R08)")
    assert journal(objet="Recevabilité des dossiers ouverts")


@pytest.mark.parametrize(
    "nom", ["ami:administration", "ami:grille", "ami:exclusions", "ami:journal", "ami:journal_securite"]
)
def test_reserve_aux_administrateurs(client, nom):
    for trait in ({}, {"instructeur": True}, {"agent": True}):
        client.force_login(UserFactory(**trait))
        assert client.get(reverse(nom)).status_code == 403
    client.force_login(UserFactory(administrateur=True))
    page = client.get(reverse(nom)).content.decode()
    assert 'aria-current="page"' in page  # the side menu marks the page
