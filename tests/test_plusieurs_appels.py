"""Several calls on one portal (issue 19): each page of the State's teams works on one call — the
queues, the Classement, the exports, the dashboard, the API — chosen with ``?appel=`` and kept by the
session, the most recent call by default; nothing of one call in another's. The administrateur creates a
call (empty or duplicated), publishes, closes and archives it; a candidat creates a dossier for a call."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from administration import services
from ami.models import Appel, EtatAppel, ExclusionR08
from candidatures.appels import CLE_SESSION, appels_pour
from candidatures.depot import deposer
from candidatures.models import Dossier
from core import historique
from tests.depots import DEBUT, deposer_dossier, dossiers_a_l_etat
from tests.factories import AppelFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vague2():
    return Appel.objects.get(prefixe_numero="AMI2-SPIE-2021")


@pytest.fixture
def vague3(vague2):
    """A second call, published, opened after vague 2: the default call."""
    return AppelFactory(
        nom_court="AMI SPIE — vague 3",
        prefixe_numero="AMI3-SPIE",
        date_ouverture=datetime.date(2021, 8, 1),
        date_limite_depot=datetime.date(2022, 10, 1),
    )


@pytest.fixture
def deux_appels(vague2, vague3, candidat, collegue):
    """Two dossiers deposited in vague 2, one in vague 3 (Nord)."""
    v2 = dossiers_a_l_etat(2, departements=("59",), appel=vague2)
    v3 = deposer_dossier(candidat, appel=vague3, le=DEBUT)
    return v2, v3


def numeros(page: str) -> set[str]:
    return set(re.findall(r"AMI[23]-SPIE(?:-2021)?-\d+", page))


def test_par_defaut_l_appel_le_plus_recent_et_un_brouillon_reserve_aux_administrateurs(vague2, vague3):
    brouillon = AppelFactory(
        nom_court="Vague 4",
        etat=EtatAppel.BROUILLON,
        date_ouverture=datetime.date(2029, 1, 1),
        date_limite_depot=datetime.date(2030, 1, 1),
    )
    assert Appel.objects.courant() == vague3  # none open: the most recent published; a draft last
    assert Appel.objects.filter(etat=EtatAppel.BROUILLON).courant() == brouillon
    instructeur = UserFactory(instructeur=True)
    assert appels_pour(instructeur) == [vague3, vague2]
    assert appels_pour(UserFactory(administrateur=True)) == [brouillon, vague3, vague2]
    assert Appel.objects.publies().courant() == vague3


def test_la_file_ne_montre_que_l_appel_choisi_et_la_session_le_garde(client, deux_appels, vague2, vague3):
    v2, v3 = deux_appels
    client.force_login(UserFactory(instructeur=True))
    page = client.get(reverse("instruction:a_instruire")).content.decode()
    assert numeros(page) == {v3.numero}  # the default: vague 3, the most recent
    assert 'name="appel"' in page and "Changer d’appel" in page
    page = client.get(reverse("instruction:a_instruire"), {"appel": vague2.pk}).content.decode()
    assert numeros(page) == {d.numero for d in v2}
    assert client.session[CLE_SESSION] == vague2.pk
    # the next pages keep the choice: the queue, the Classement, the dashboard
    assert numeros(client.get(reverse("instruction:a_instruire")).content.decode()) == {d.numero for d in v2}
    assert "AMI SPIE — vague 2" in client.get(reverse("instruction:classement")).content.decode()
    # a call one may not see (unknown, or a draft for an instructeur) is not chosen: the default
    brouillon = AppelFactory(etat=EtatAppel.BROUILLON)
    page = client.get(reverse("instruction:a_instruire"), {"appel": brouillon.pk}).content.decode()
    assert numeros(page) == {d.numero for d in v2}
    assert client.get(reverse("instruction:a_instruire"), {"appel": "x" * 50}).status_code == 200


def test_les_regles_d_un_dossier_lisent_les_parametres_de_son_appel(candidat, vague2):
    """The same budget (80 % État, 20 % cofinancement) deposits in vague 2 and not in a call at 70 / 30."""
    from tests.depots import dossier_complet

    vague3 = AppelFactory(
        nom_court="Vague 3",
        date_limite_depot=datetime.date(2099, 1, 1),
        part_etat_max=70,
        cofinancement_min=30,
    )
    bloquantes = {}
    for appel in (vague2, vague3):
        dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat, appel=appel)
        dossier_complet(dossier, user=candidat)
        bloquantes[appel.nom_court] = deposer(dossier.pk, candidat, maintenant=DEBUT).bloquantes
    assert not any(r.startswith(("R12", "R13")) for r in bloquantes["AMI SPIE — vague 2"])
    assert "R12 — Subvention de l’État : 70\xa0% et 500\xa0000\xa0€ au maximum" in bloquantes["Vague 3"]
    assert "R13 — Cofinancement : 30\xa0% au minimum" in bloquantes["Vague 3"]


def test_numeros_propres_a_chaque_appel(deux_appels, vague3):
    v2, v3 = deux_appels
    assert v3.numero.startswith("AMI3-SPIE-") and all(d.numero.startswith("AMI2-SPIE-2021-") for d in v2)
    assert v3.numero_ordre == 1


def test_file_du_territoire_par_appel(client, deux_appels, vague2, agent_nord):
    v2, v3 = deux_appels
    client.force_login(agent_nord)
    assert numeros(client.get(reverse("instruction:territoire")).content.decode()) == {v3.numero}
    page = client.get(reverse("instruction:territoire"), {"appel": vague2.pk}).content.decode()
    assert numeros(page) == {d.numero for d in v2}


def test_exports_et_tableau_de_bord_par_appel(client, deux_appels, vague2, vague3):
    from exports.lignes import Selection
    from tests.exports.demandes import demander

    v2, v3 = deux_appels
    instructeur = UserFactory(instructeur=True)
    client.force_login(instructeur)
    page = client.get(reverse("exports:exports"), {"appel": vague2.pk}).content.decode()
    assert "2\u00a0dossiers" in page and "correspondant aux filtres" not in page
    export = demander(client, instructeur, "csv", "dossiers", "")  # the session's call: vague 2
    assert export.filtres == {"appel": vague2.pk}
    assert set(Selection(instructeur, export.filtres).identifiants) == {d.pk for d in v2}
    assert client.get(reverse("pilotage:tableau_de_bord"), {"appel": vague3.pk}).context["total"] == 1
    reponse = client.get(reverse("pilotage:tableau_de_bord"), {"appel": vague2.pk})
    assert reponse.context["total"] == 2 and reponse.context["enveloppe"] == vague2.enveloppe


def test_classement_par_appel(client, deux_appels, vague2, vague3):
    client.force_login(UserFactory(instructeur=True))
    reponse = client.get(reverse("instruction:classement"), {"appel": vague3.pk})
    assert reponse.context["appel"] == vague3
    assert reponse.context["enveloppe"] == vague3.enveloppe


def test_l_api_liste_les_appels_et_filtre_par_appel(deux_appels, vague2, vague3):
    from tests.api.outils import ClientApi, emettre

    v2, v3 = deux_appels
    api = ClientApi(emettre(UserFactory(instructeur=True)))
    appels = api.get("/api/v1/appels").json()
    assert [(a["id"], a["par_defaut"], a["etat"]["code"]) for a in appels] == [
        (vague3.pk, True, "publie"),
        (vague2.pk, False, "publie"),
    ]
    page = api.get("/api/v1/dossiers").json()
    assert (page["appel"], {d["numero"] for d in page["resultats"]}) == (vague3.pk, {v3.numero})
    page = api.get("/api/v1/dossiers", {"appel": vague2.pk}).json()
    assert {d["numero"] for d in page["resultats"]} == {d.numero for d in v2}
    assert {d["appel"] for d in page["resultats"]} == {vague2.pk}
    brouillon = AppelFactory(etat=EtatAppel.BROUILLON)
    reponse = api.get("/api/v1/dossiers", {"appel": brouillon.pk})
    assert reponse.status_code == 422
    assert reponse.json()["erreurs"] == [
        {"champ": "appel", "message": "Appel inconnu : la liste des appels est à /api/v1/appels."}
    ]


def test_nombre_de_requetes_de_la_file_constant_avec_deux_appels(
    client, vague2, vague3, django_assert_num_queries
):
    client.force_login(UserFactory(instructeur=True))
    dossiers_a_l_etat(2, departements=("59",), appel=vague2)
    candidat = UserFactory()
    for _ in range(2):
        deposer_dossier(candidat, appel=vague3, le=DEBUT)
    url = reverse("instruction:a_instruire")
    client.get(url)  # the filters' territory choices cached
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    dossiers_a_l_etat(20, departements=("62",), appel=vague2)
    for _ in range(20):
        deposer_dossier(candidat, appel=vague3, le=DEBUT)
    with django_assert_num_queries(len(peu)):
        assert len(numeros(client.get(url).content.decode())) == 22


# ----- The administrateur: a new call, a copy, its life ---------------------------------------------------


def _formulaire(page_contexte) -> dict:
    form = page_contexte["form"]
    donnees = {}
    for nom, champ in form.fields.items():
        valeur = form[nom].value()
        if valeur is None:
            continue
        donnees[nom] = champ.widget.format_value(valeur) if hasattr(champ.widget, "format_value") else valeur
    return {k: ("" if v is None else v) for k, v in donnees.items()}


def test_dupliquer_un_appel_reprend_parametres_grille_et_exclusions(client, administrateur, vague2):
    ExclusionR08.objects.create(appel=vague2, nature="laureat_ami1", nom="CD du Gers", siret="22320001100011")
    client.force_login(administrateur)
    reponse = client.get(reverse("ami:appel_nouveau"), {"depuis": vague2.pk})
    assert reponse.status_code == 200
    donnees = _formulaire(reponse.context)
    assert donnees["prefixe_numero"] == "" and donnees["nom_court"] == ""
    # the prefix of an existing call: refused, next to the field, with what was typed kept
    donnees.update(nom_court="AMI SPIE — vague 3", prefixe_numero="AMI2-SPIE-2021", depuis=vague2.pk)
    reponse = client.post(reverse("ami:appel_nouveau"), donnees)
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Ce préfixe est déjà celui d’un autre appel : choisissez-en un autre." in page
    assert 'value="AMI SPIE — vague 3"' in page
    donnees["prefixe_numero"] = "AMI3-SPIE"
    reponse = client.post(reverse("ami:appel_nouveau"), donnees)
    assert reponse.status_code == 302
    nouveau = Appel.objects.get(prefixe_numero="AMI3-SPIE")
    assert nouveau.etat == EtatAppel.BROUILLON
    assert client.session[CLE_SESSION] == nouveau.pk
    assert nouveau.part_etat_max == vague2.part_etat_max and nouveau.titre == vague2.titre
    champs = ("ordre", "libelle", "poids", "note_max")
    assert list(nouveau.criteres.values_list(*champs)) == list(vague2.criteres.values_list(*champs))
    assert list(nouveau.exclusions.values_list("nom", "siret")) == [("CD du Gers", "22320001100011")]
    # the parameters' page now works on the new call, its prefix editable while it is a draft
    page = client.get(reverse("ami:administration")).content.decode()
    assert 'value="AMI3-SPIE"' in page and 'name="prefixe_numero"' in page


def test_un_nouvel_appel_vide_a_la_grille_de_reference(client, administrateur, vague2):
    client.force_login(administrateur)
    donnees = _formulaire(client.get(reverse("ami:appel_nouveau")).context)
    donnees.update(nom_court="Appel test", prefixe_numero="TEST-1")
    assert client.post(reverse("ami:appel_nouveau"), donnees).status_code == 302
    nouveau = Appel.objects.get(prefixe_numero="TEST-1")
    assert nouveau.criteres.count() == vague2.criteres.count() > 0
    assert not nouveau.exclusions.exists()


def test_publier_clore_archiver_journalise_et_refuse_ce_qu_il_faut(client, administrateur, candidat, vague2):
    appel = AppelFactory(
        nom_court="Vague 3",
        etat=EtatAppel.BROUILLON,
        date_ouverture=datetime.date(2021, 7, 1),
        date_limite_depot=datetime.date(2099, 12, 31),
    )
    client.force_login(candidat)
    assert "Vague 3" not in client.get(reverse("candidatures:mes_dossiers")).content.decode()
    client.force_login(administrateur)
    assert client.post(reverse("ami:appel_etat", args=[appel.pk, "archiver"])).status_code == 302
    appel.refresh_from_db()
    assert appel.etat == EtatAppel.BROUILLON  # not from a draft
    client.post(reverse("ami:appel_etat", args=[appel.pk, "publier"]))
    appel.refresh_from_db()
    assert appel.etat == EtatAppel.PUBLIE
    changements = [c for e in historique.entrees(historique.pour(appel)) for c in e.changements]
    assert any("Brouillon" in c and "Publié" in c for c in map(" ".join, changements)), changements
    # published: the candidat sees it and creates a dossier in it
    client.force_login(candidat)
    page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert "Vague 3" in page and f'name="appel" value="{appel.pk}"' in page
    reponse = client.post(reverse("candidatures:creer"), {"appel": appel.pk, "intitule": "SPIE vague 3"})
    assert reponse.status_code == 302
    dossier = Dossier.objects.get(intitule="SPIE vague 3")
    assert dossier.appel == appel
    # closed: no creation, no dépôt, even before the deadline
    client.force_login(administrateur)
    client.post(reverse("ami:appel_etat", args=[appel.pk, "clore"]))
    client.force_login(candidat)
    reponse = client.post(
        reverse("candidatures:creer"), {"appel": appel.pk, "intitule": "Encore un"}, follow=True
    )
    assert "Les dépôts de l’appel « Vague 3 » sont clos : il n’est plus possible d’y créer un dossier." in (
        reponse.content.decode()
    )
    resultat = deposer(dossier.pk, candidat)
    assert not resultat.depose
    assert (
        resultat.motif == "Les dépôts de l’appel « Vague 3 » sont clos : le dossier ne peut plus être déposé."
    )
    # archived: its parameters read only
    client.force_login(administrateur)
    client.post(reverse("ami:appel_etat", args=[appel.pk, "archiver"]))
    appel.refresh_from_db()
    assert appel.etat == EtatAppel.ARCHIVE
    page = client.get(reverse("ami:administration"), {"appel": appel.pk}).content.decode()
    assert "Cet appel est archivé" in page and "Enregistrer les paramètres" not in page
    reponse = client.post(reverse("ami:administration"), {"titre": "Autre"}, follow=True)
    assert "L’appel « Vague 3 » est archivé : il n’est plus modifiable." in reponse.content.decode()
    appel.refresh_from_db()
    assert appel.titre != "Autre"


def test_un_candidat_ne_cree_pas_de_dossier_dans_un_brouillon(client, candidat, vague2):
    brouillon = AppelFactory(etat=EtatAppel.BROUILLON, date_limite_depot=datetime.date(2099, 1, 1))
    client.force_login(candidat)
    reponse = client.post(
        reverse("candidatures:creer"), {"appel": brouillon.pk, "intitule": "Essai"}, follow=True
    )
    assert "Cet appel n’existe pas" in reponse.content.decode()
    assert not Dossier.objects.filter(appel=brouillon).exists()


def test_mes_dossiers_groupes_par_appel(client, candidat, vague2, vague3):
    DossierFactory(organisation=candidat.organisation, appel=vague2, intitule="Dossier de la vague 2")
    DossierFactory(organisation=candidat.organisation, appel=vague3, intitule="Dossier de la vague 3")
    client.force_login(candidat)
    page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    v3, v2 = (page.index(f'<h2 id="appel-{appel.pk}-titre"') for appel in (vague3, vague2))
    assert v3 < page.index("Dossier de la vague 3") < v2 < page.index("Dossier de la vague 2")


def test_services_changer_etat_refuse_une_publication_sans_grille(vague2):
    appel = AppelFactory(etat=EtatAppel.BROUILLON)
    appel.criteres.all().delete()
    assert services.changer_etat(appel, "publier", None) == (
        "L’appel n’a pas de grille de notation : ajoutez au moins un critère avant de le publier."
    )


def test_un_appel_archive_se_lit_et_ne_se_modifie_plus(client, vague2, candidat, instructeur):
    from candidatures import cycle

    brouillon = DossierFactory(organisation=candidat.organisation, appel=vague2)
    depose = dossiers_a_l_etat(1, departements=("59",), appel=vague2)[0]
    Appel.objects.filter(pk=vague2.pk).update(etat=EtatAppel.ARCHIVE)
    brouillon = Dossier.objects.get(pk=brouillon.pk)
    depose = Dossier.objects.get(pk=depose.pk)
    assert not brouillon.modifiable and brouillon.sections_ouvertes() == set()
    assert cycle.refus(depose, cycle.Action.PRENDRE, instructeur) == (
        "L’appel « AMI SPIE — vague 2 » est archivé : ses dossiers ne se modifient plus."
    )
    assert cycle.actions_possibles(depose, instructeur) == []
    client.force_login(candidat)
    reponse = client.post(reverse("candidatures:section", args=[brouillon.pk, "chef_de_file"]), {})
    assert reponse.status_code == 403
    assert client.get(reverse("candidatures:apercu", args=[brouillon.pk])).status_code == 200


def test_le_nom_d_un_appel_hostile_reste_du_texte_partout(client, vague2, candidat, administrateur):
    from tests.charges_xss import CHARGES

    for charge in CHARGES:
        hostile = AppelFactory(nom_court=charge[:60], titre=charge, date_ouverture=datetime.date(2022, 1, 1))
        for user, url in (
            (candidat, reverse("candidatures:mes_dossiers")),
            (UserFactory(instructeur=True), reverse("instruction:a_instruire")),
            (administrateur, reverse("ami:appels")),
            (administrateur, reverse("ami:administration") + f"?appel={hostile.pk}"),
            (None, reverse("accueil")),
        ):
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            page = client.get(url).content.decode()
            assert page.count(hostile.nom_court) == 0 or not set("<>\"'") & set(hostile.nom_court), url
            if "{{" in charge:  # template syntax printed, never run
                assert "{{ 7|add:42 }}" in page, url
        hostile.delete()


def test_reprendre_les_laureats_des_appels_precedents(client, administrateur, vague2, instructeur):
    from candidatures.models import Etat
    from consortium.models import Membre, TypeMembre

    laureat = dossiers_a_l_etat(1, Etat.LAUREAT, departements=("59",), appel=vague2)[0]
    Membre.objects.filter(dossier=laureat).delete()
    Membre.objects.create(dossier=laureat, type=TypeMembre.OPERATEUR, structure="Mission locale de Lille")
    Membre.objects.create(dossier=laureat, type=TypeMembre.POLE_EMPLOI, structure="Pôle emploi Nord")
    dossiers_a_l_etat(1, Etat.EN_INSTRUCTION, departements=("62",), appel=vague2)  # not a lauréat
    suivante = AppelFactory(nom_court="Vague 3", etat=EtatAppel.BROUILLON)
    client.force_login(administrateur)
    url = reverse("ami:reprendre_laureats", args=[suivante.pk])
    page = client.get(url).content.decode()
    porteur = laureat.organisation
    assert page.count("sera ajouté") == 2  # the porteur and the Mission locale, not Pôle emploi
    assert porteur.siret in page and "Mission locale de Lille" in page and "Pôle emploi Nord" not in page
    assert f"{laureat.numero} — lauréat de « AMI SPIE — vague 2 »" in page
    assert not suivante.exclusions.exists()  # shown, not applied
    reponse = client.post(url, follow=True)
    assert "2 exclusions ajoutées à « Vague 3 »." in reponse.content.decode()
    assert sorted(suivante.exclusions.values_list("nature", "nom", "siret", "departement_id")) == [
        ("laureat_appel", porteur.nom, porteur.siret, "59"),
        ("membre_laureat", "Mission locale de Lille", "", "59"),
    ]
    assert client.get(url).content.decode().count("sera ajouté") == 0  # twice: nothing more
    reponse = client.post(url, follow=True)
    assert "Rien à ajouter" in reponse.content.decode()
    # R08 of the new call excludes the lauréat's porteur, not in vague 2's
    from candidatures.bilan import bilan

    def r08(appel):
        dossier = DossierFactory(organisation=porteur, appel=appel)
        [ligne] = [ligne for ligne in bilan(dossier).recevabilite.bloquantes if ligne.regle == "R08"]
        return ligne.resultat.message

    exclu = f"({porteur.nom}, lauréat d’un appel précédent du portail)"
    assert exclu in r08(suivante) and exclu not in r08(vague2)


def test_repartir_d_un_dossier_d_un_appel_precedent(client, candidat, vague2):
    from budget.models import LigneDepense
    from candidatures.models import Etat, Indicateur
    from pieces.models import Piece

    ancien = deposer_dossier(candidat, departements=("59", "62"), le=DEBUT, appel=vague2)
    assert ancien.membres.exists() and ancien.axes.exists() and ancien.pieces.exists()
    assert LigneDepense.objects.filter(dossier=ancien).exists() and ancien.engagement_coherence
    vague3 = AppelFactory(
        nom_court="Vague 3",
        date_ouverture=datetime.date(2022, 1, 1),
        date_limite_depot=datetime.date(2099, 1, 1),
    )
    client.force_login(candidat)
    page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert (
        f'<option value="{ancien.pk}">{ancien.intitule} (AMI SPIE — vague 2, {ancien.numero})</option>'
        in page
    )
    reponse = client.post(
        reverse("candidatures:creer"),
        {"appel": vague3.pk, "intitule": "SPIE vague 3", "depuis": ancien.pk},
        follow=True,
    )
    assert "est créé à partir de « " in reponse.content.decode()
    nouveau = Dossier.objects.get(intitule="SPIE vague 3")
    assert (nouveau.appel, nouveau.etat, nouveau.numero) == (vague3, Etat.BROUILLON, None)
    assert (nouveau.nom_chef_de_file, nouveau.adresse, nouveau.publics) == (
        ancien.nom_chef_de_file,
        ancien.adresse,
        ancien.publics,
    )
    assert set(nouveau.departements.values_list("code", flat=True)) == {"59", "62"}
    champs = ("type", "structure", "interlocuteur", "courriel")
    assert list(nouveau.membres.values_list(*champs)) == list(ancien.membres.values_list(*champs))
    assert list(nouveau.axes.values_list("axe", "objectifs")) == list(
        ancien.axes.values_list("axe", "objectifs")
    )
    assert Indicateur.objects.filter(reponse__dossier=nouveau).count() == (
        Indicateur.objects.filter(reponse__dossier=ancien).count()
    )
    # never the pièces, the budget, the state, the engagements' boxes
    assert not Piece.objects.filter(dossier=nouveau).exists()
    assert not LigneDepense.objects.filter(dossier=nouveau).exists()
    assert not nouveau.engagement_coherence
    # the earlier dossier is untouched
    ancien.refresh_from_db()
    assert ancien.etat == Etat.DEPOSE and ancien.membres.count() == nouveau.membres.count()
    # another porteur's dossier is not a choice
    autre = deposer_dossier(UserFactory(), le=DEBUT, appel=vague2)
    reponse = client.post(
        reverse("candidatures:creer"), {"appel": vague3.pk, "intitule": "Intrus", "depuis": autre.pk}
    )
    assert reponse.status_code == 422 and not Dossier.objects.filter(intitule="Intrus").exists()


# Vague 2's figures as the portal writes them (no-break spaces, or none in the annexe's wording); the
# dossier's own texts may hold a plain « 80 % » (an indicator's target).
AUTRES_CHIFFRES = (
    "80\u00a0%",
    "80%",
    "500\u00a0000",
    "500 000",
    "20\u00a0%",
    "20%",
    "15\u00a0%",
    "15%",
    "10 pages",
)


def _sans_les_chiffres_de_l_autre_appel(texte: str, ou: str) -> None:
    trouves = [c for c in AUTRES_CHIFFRES if c in texte]
    for chiffre in trouves:
        i = texte.index(chiffre)
        print(ou, repr(texte[max(0, i - 200) : i + 60]))
    assert not trouves, (ou, trouves)


def test_chaque_chiffre_vient_de_l_appel_du_dossier(client, candidat, vague2):
    """A call at 70 % / 30 % / 12 % / 300 000 € / 8 pages: its dossier's pages show none of vague 2's."""
    from demo.exemples import dossier_complet

    autre = AppelFactory(
        nom_court="Vague 3",
        date_ouverture=datetime.date(2022, 1, 1),
        date_limite_depot=datetime.date(2099, 1, 1),
        part_etat_max=70,
        cofinancement_min=30,
        frais_generaux_max=12,
        subvention_etat_max=300000,
        annexe_pages_max=8,
    )
    dossier = dossier_complet(
        DossierFactory(organisation=candidat.organisation, cree_par=candidat, appel=autre), user=candidat
    )
    from budget.models import LigneFinancement, TypeFinancement

    # its own figures apart from both calls': 65 % by the State, 35 % cofinanced (of 400 000 €)
    LigneFinancement.objects.filter(dossier=dossier, type=TypeFinancement.SUBVENTION_ETAT).update(
        montant=260000
    )
    LigneFinancement.objects.filter(dossier=dossier, type=TypeFinancement.AUTOFINANCEMENT).update(
        montant=140000
    )
    client.force_login(candidat)
    for section in ("budget", "apercu", "depot", "pieces"):
        url = (
            reverse("candidatures:apercu", args=[dossier.pk])
            if section == "apercu"
            else reverse("candidatures:depot", args=[dossier.pk])
            if section == "depot"
            else reverse("candidatures:section", args=[dossier.pk, section])
        )
        page = client.get(url).content.decode()
        assert "70\u00a0%" in page or section == "pieces", section
        _sans_les_chiffres_de_l_autre_appel(page, section)
    client.logout()
    page = client.get(reverse("accueil")).content.decode()  # the default call: the most recent open one
    assert "300\u00a0000" in page and "70\u00a0%" in page
    _sans_les_chiffres_de_l_autre_appel(page, "accueil")


def test_le_courriel_de_decision_dit_l_echeancier_de_l_appel(candidat, vague2):
    from django.template.loader import render_to_string

    from candidatures.models import Etat

    autre = AppelFactory(
        nom_court="Vague 3",
        versement_initial=50,
        echeance_versement_initial="au début de l’année 2027",
        versement_solde=50,
        echeance_versement_solde="à la fin de l’année 2028",
    )
    dossier = Dossier(
        pk=10**6,
        organisation=candidat.organisation,
        appel=autre,
        etat=Etat.LAUREAT,
        numero="V3-1",
        intitule="SPIE",
    )
    texte = render_to_string(
        "instruction/courriels/decision.txt", {"dossier": dossier, "transition": {"motif": "Projet solide."}}
    )
    assert "50 % au début de l’année 2027, 50 % à la fin de l’année 2028 (AMI, III.A.3)" in texte
    assert "2022" not in texte and "2024" not in texte and "60 %" not in texte


def test_chaque_appel_a_sa_page_d_accueil(client, vague2, vague3):
    brouillon = AppelFactory(
        nom_court="Secret", etat=EtatAppel.BROUILLON, date_ouverture=datetime.date(2030, 1, 1)
    )
    page = client.get(reverse("accueil")).content.decode()
    assert f'href="/?appel={vague2.pk}">AMI SPIE — vague 2</a>' in page and "Secret" not in page
    page = client.get(reverse("accueil"), {"appel": vague2.pk}).content.decode()
    assert f'href="/?appel={vague3.pk}">AMI SPIE — vague 3</a>' in page
    assert "Secret" not in client.get(reverse("accueil"), {"appel": brouillon.pk}).content.decode()


@pytest.mark.parametrize("role", ["candidat", "instructeur", "agent", "anonyme"])
def test_les_pages_des_appels_sont_aux_administrateurs(client, vague2, role):
    if role != "anonyme":
        client.force_login(UserFactory(**({} if role == "candidat" else {role: True})))
    for methode, url in (
        ("get", reverse("ami:appels")),
        ("get", reverse("ami:appel_nouveau") + f"?depuis={vague2.pk}"),
        ("post", reverse("ami:appel_nouveau")),
        ("get", reverse("ami:reprendre_laureats", args=[vague2.pk])),
        ("post", reverse("ami:reprendre_laureats", args=[vague2.pk])),
        ("post", reverse("ami:appel_etat", args=[vague2.pk, "clore"])),
    ):
        reponse = getattr(client, methode)(url)
        assert reponse.status_code in (302, 403), (role, url)
        if role != "anonyme":
            assert reponse.status_code == 403, (role, url)
    vague2.refresh_from_db()
    assert vague2.etat == EtatAppel.PUBLIE and Appel.objects.count() == 1


@pytest.mark.parametrize(
    "nom",
    ["instruction:a_instruire", "instruction:classement", "pilotage:tableau_de_bord", "exports:exports"],
)
def test_nombre_de_requetes_constant_avec_deux_appels(client, vague2, vague3, nom):
    """The pages of a call cost the same queries with 2 + 2 or 10 + 10 dossiers in two calls."""
    client.force_login(UserFactory(instructeur=True))
    candidat = UserFactory()
    for appel in (vague2, vague3):
        for _ in range(2):
            deposer_dossier(candidat, appel=appel, le=DEBUT)
    url = reverse(nom)
    client.get(url, {"appel": vague2.pk})  # the call chosen, the territory choices cached
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    for appel in (vague2, vague3):
        for _ in range(8):
            deposer_dossier(candidat, appel=appel, le=DEBUT)
    with CaptureQueriesContext(connection) as beaucoup:
        reponse = client.get(url)
    assert len(peu) == len(beaucoup), [q["sql"][:100] for q in beaucoup.captured_queries]
    if nom == "pilotage:tableau_de_bord":
        assert reponse.context["total"] == 10  # vague 2's only


def test_la_presentation_de_l_appel_sur_sa_page_d_accueil(client, administrateur, vague2, vague3):
    client.force_login(administrateur)
    reponse = client.get(reverse("ami:administration"), {"appel": vague3.pk})
    donnees = _formulaire(reponse.context)
    donnees["presentation"] = "La **troisième** vague.\n\n- Lille\n- Arras\n\n<script>alert(1)</script>"
    assert client.post(reverse("ami:administration"), donnees).status_code == 302
    client.logout()
    page = client.get(reverse("accueil"), {"appel": vague3.pk}).content.decode()
    assert (
        "<p>La <strong>troisième</strong> vague.</p>" in page
        and "<ul><li>Lille</li><li>Arras</li></ul>" in page
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    page = client.get(reverse("accueil"), {"appel": vague2.pk}).content.decode()
    assert "troisième" not in page and f"sélectionner {vague2.nombre_laureats}" in page
