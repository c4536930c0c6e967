"""Issue 16, points 18 and 19: what the porteur sees of the decision, and what he does to his dossier —
withdraw it or reopen it before the deadline while nobody instructs it, redeposit it under its number,
rename or delete a draft — and where a withdrawn dossier goes (the instruction queue leaves it out)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ami.models import Appel
from candidatures import cycle
from candidatures import depot as depot_service
from candidatures.cycle import Action
from candidatures.models import Dossier, Etat, Transition
from candidatures.politique import politique
from courriels.models import Courriel
from demo.exemples import dossier_complet
from exports.pdf import contexte_pdf
from instruction.filtres import filtrer
from tests.depots import amener, deposer_dossier
from tests.factories import DossierFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appel_ouvert")]
MOTIF = "Le consortium se réorganise : nous candidaterons à la prochaine vague."


@pytest.fixture
def autre_candidat():
    """A candidat of another porteur."""
    return UserFactory()


def _courriels(sujet: str) -> list[Courriel]:
    return list(Courriel.objects.filter(sujet__contains=sujet))


def _texte(reponse) -> str:
    """The page's text without its tags, its spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reponse.content.decode()))


# --- 19. Withdraw ----------------------------------------------------------------------------------


def test_retirer_sa_candidature_motivee_consignee_et_annoncee(connecte, depose, candidat, collegue):
    url = reverse("candidatures:retirer", args=[depose.pk])
    recepisse = connecte.get(reverse("candidatures:recepisse", args=[depose.pk]))
    assert url in recepisse.content.decode()
    assert connecte.get(url).status_code == 200

    sans_motif = connecte.post(url, {"motif": "  ", "confirmation": "on"})
    assert sans_motif.status_code == 422
    assert "Indiquez le motif du retrait" in sans_motif.content.decode()
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.DEPOSE

    reponse = connecte.post(url, {"motif": MOTIF, "confirmation": "on"})
    assert reponse.status_code == 302
    dossier = Dossier.objects.get(pk=depose.pk)
    assert dossier.etat == Etat.RETIRE and dossier.numero == depose.numero
    transition = dossier.transitions.get(action=Action.RETIRER)
    assert (transition.par, transition.motif, transition.depuis) == (candidat, MOTIF, Etat.DEPOSE)
    (courriel,) = _courriels("candidature retirée")
    assert sorted(courriel.destinataires) == sorted([candidat.email, collegue.email])
    assert MOTIF in courriel.texte and depose.numero in courriel.texte

    page = _texte(connecte.get(reverse("candidatures:recepisse", args=[depose.pk])))
    assert "Candidature retirée" in page and MOTIF in page
    assert "a bien été déposé" not in page
    liste = connecte.get(reverse("candidatures:mes_dossiers"))
    assert 'data-etat="retire"' in liste.content.decode() and "Candidature retirée" in _texte(liste)


@pytest.mark.parametrize(
    "decalage, permis",
    [(datetime.timedelta(milliseconds=300), True), (datetime.timedelta(seconds=1), False)],
    ids=["23:59:59.3", "00:00:00"],
)
def test_retirer_et_rouvrir_avant_la_date_limite_seulement(depose, candidat, decalage, permis):
    """« Before the deadline » is the rule's (``cycle.REGLES``), not the view's: its last second counts."""
    instant = depose.appel.date_limite + decalage
    for action in (Action.RETIRER, Action.ROUVRIR):
        refus = cycle.refus(depose, action, candidat, maintenant=instant)
        assert (refus == "") is permis, refus
        if not permis:
            assert "La date limite de dépôt est passée" in refus
    resultat = depot_service.retirer(depose.pk, candidat, MOTIF, maintenant=instant)
    assert resultat.fait is permis
    assert Dossier.objects.get(pk=depose.pk).etat == (Etat.RETIRE if permis else Etat.DEPOSE)


def test_un_dossier_pris_en_instruction_ne_se_retire_ni_ne_se_rouvre(connecte, depose, candidat, instructeur):
    cycle.effectuer(depose, Action.PRENDRE, instructeur)
    for action in (Action.RETIRER, Action.ROUVRIR):
        assert "ne peut plus être" in cycle.refus(depose, action, candidat)
    page = connecte.get(reverse("candidatures:recepisse", args=[depose.pk])).content.decode()
    assert 'id="actions-porteur"' not in page
    assert connecte.post(reverse("candidatures:rouvrir", args=[depose.pk])).status_code == 302
    reponse = connecte.post(
        reverse("candidatures:retirer", args=[depose.pk]), {"motif": MOTIF, "confirmation": "on"}
    )
    assert reponse.status_code == 302
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.EN_INSTRUCTION


def test_seuls_les_membres_du_porteur_retirent(client, depose, instructeur, autre_candidat):
    assert "réservé aux membres de l’organisation" in cycle.refus(depose, Action.RETIRER, autre_candidat)
    assert "réservé à un autre profil" in cycle.refus(depose, Action.RETIRER, instructeur)
    client.force_login(autre_candidat)
    url = reverse("candidatures:retirer", args=[depose.pk])
    assert client.post(url, {"motif": MOTIF, "confirmation": "on"}).status_code == 404
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.DEPOSE


# --- 19. Reopen, correct, deposit again under the same number ---------------------------------------


def test_rouvrir_puis_deposer_a_nouveau_garde_le_numero(connecte, depose, candidat, collegue):
    numero, ordre = depose.numero, depose.numero_ordre
    autre = deposer_dossier(collegue)  # deposited after: the next number
    reponse = connecte.post(reverse("candidatures:rouvrir", args=[depose.pk]), {"motif": "Budget à revoir"})
    assert reponse.status_code == 302
    dossier = Dossier.objects.get(pk=depose.pk)
    assert (dossier.etat, dossier.numero, dossier.depose_le) == (Etat.BROUILLON, numero, None)
    assert dossier.transitions.get(action=Action.ROUVRIR).motif == "Budget à revoir"
    assert _courriels(f"Dossier {numero} rouvert pour correction")
    assert dossier not in politique(UserFactory(instructeur=True)).dossiers()  # a draft: not instructed

    apercu = _texte(connecte.get(reverse("candidatures:apercu", args=[depose.pk])))
    assert "a été rouvert pour correction" in apercu
    depot = connecte.get(reverse("candidatures:depot", args=[depose.pk])).content.decode()
    assert f"Déposer à nouveau le dossier n° {numero}" in depot

    depot = reverse("candidatures:depot", args=[depose.pk])
    assert connecte.post(depot, {"confirmation": "oui"}).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.etat, dossier.numero, dossier.numero_ordre) == (Etat.DEPOSE, numero, ordre)
    assert dossier.depose_le is not None
    assert Dossier.objects.get(pk=autre.pk).numero_ordre == ordre + 1
    actions = list(dossier.transitions.values_list("action", flat=True))
    assert actions == [Action.DEPOSER, Action.ROUVRIR, Action.DEPOSER]
    assert _courriels(f"Dossier {numero} déposé à nouveau")
    # The next new dossier still takes the next number: no twin, no gap.
    troisieme = deposer_dossier(candidat)
    assert troisieme.numero_ordre == ordre + 2


# --- 19. Rename and delete a draft ------------------------------------------------------------------


def test_renommer_un_brouillon_est_consigne(connecte, dossier, candidat):
    url = reverse("candidatures:renommer", args=[dossier.pk])
    assert connecte.get(url).status_code == 200
    assert connecte.post(url, {"intitule": ""}).status_code == 422
    assert connecte.post(url, {"intitule": "SPIE du Nord — version 2"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.intitule == "SPIE du Nord — version 2"
    evenement = Transition.objects.get(dossier=dossier, action=Action.RENOMMER)
    assert evenement.par == candidat and evenement.donnees["apres"] == "SPIE du Nord — version 2"


def test_supprimer_un_brouillon_avec_confirmation(connecte, dossier, candidat, caplog):
    url = reverse("candidatures:supprimer", args=[dossier.pk])
    assert "Supprimer" in connecte.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert connecte.post(url, {}).status_code == 422  # no confirmation: nothing deleted
    assert Dossier.objects.filter(pk=dossier.pk).exists()
    with caplog.at_level("INFO", logger="candidatures.depot"):
        assert connecte.post(url, {"confirmation": "on"}).status_code == 302
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    assert f"dossier {dossier.pk}" in caplog.text and candidat.email in caplog.text


def test_seul_un_brouillon_se_renomme_ou_se_supprime(connecte, depose, candidat, autre_candidat, dossier):
    for nom in ("renommer", "supprimer"):
        url = reverse(f"candidatures:{nom}", args=[depose.pk])
        assert connecte.post(url, {"intitule": "Autre", "confirmation": "on"}).status_code == 302
    depose.refresh_from_db()
    assert depose.etat == Etat.DEPOSE and depose.intitule != "Autre"
    assert not politique(autre_candidat).peut_gerer_brouillon(dossier)
    # A draft reopened after its dépôt keeps its number: it is never deleted (no gap in the numbers).
    depot_service.rouvrir(depose.pk, candidat)
    resultat = depot_service.supprimer(depose.pk, candidat)
    assert not resultat.fait and depose.numero in resultat.motif
    assert Dossier.objects.filter(pk=depose.pk).exists()


# --- 18. What the candidat sees of the decision ----------------------------------------------------


@pytest.mark.parametrize("etat", [Etat.IRRECEVABLE, Etat.NON_RETENU])
def test_le_recepisse_d_un_dossier_ecarte_montre_la_decision(connecte, depose, instructeur, etat):
    amener(depose, etat, instructeur, proposition="non_retenu")
    motif = depose.transitions.order_by("-le", "-id").first().motif
    for nom in ("recepisse", "apercu"):
        page = _texte(connecte.get(reverse(f"candidatures:{nom}", args=[depose.pk])))
        assert "a bien été déposé" not in page
        assert motif in page and Etat(etat).label.lower() in page.lower()
    recepisse = connecte.get(reverse("candidatures:recepisse", args=[depose.pk])).content.decode()
    assert 'id="decision"' in recepisse and "fr-alert--error" in recepisse
    assert "fr-alert--success" not in recepisse


def test_le_candidat_ne_voit_jamais_l_etat_propose(connecte, depose, candidat, instructeur):
    amener(depose, Etat.PROPOSE, instructeur)
    assert Dossier.objects.get(pk=depose.pk).etat == Etat.PROPOSE
    for url in (
        reverse("candidatures:mes_dossiers"),
        reverse("candidatures:recepisse", args=[depose.pk]),
        reverse("candidatures:apercu", args=[depose.pk]),
    ):
        page = _texte(connecte.get(url))
        assert "Proposé" not in page and "Proposition au comité" not in page, url
        assert "Recevable" in page, url
    dossier = Dossier.objects.select_related("appel", "organisation").get(pk=depose.pk)
    assert contexte_pdf(dossier, candidat)["etat"] == "Recevable"
    assert contexte_pdf(dossier, instructeur)["etat"] == "Proposé"
    assert not Courriel.objects.filter(texte__icontains="proposé").exists()


# --- The ripple of « Candidature retirée »: the instruction queue, its exports and the API ---------


def test_un_dossier_retire_sort_de_la_file_d_instruction(client, depose, candidat, instructeur):
    depot_service.retirer(depose.pk, candidat, MOTIF)
    en_cours = deposer_dossier(UserFactory())
    client.force_login(instructeur)
    file = client.get(reverse("instruction:a_instruire")).content.decode()
    assert en_cours.numero in file and depose.numero not in file
    filtree = client.get(reverse("instruction:a_instruire"), {"etat": Etat.RETIRE}).content.decode()
    assert depose.numero in filtree and en_cours.numero not in filtree
    tous = Dossier.objects.for_user(instructeur)
    assert list(filtrer(tous, {})) == [en_cours]
    assert list(filtrer(tous, {"etat": Etat.RETIRE})) == [Dossier.objects.get(pk=depose.pk)]
    # Still readable by the State (its page, its history), with its motivation.
    page = client.get(reverse("instruction:dossier", args=[depose.pk]))
    assert page.status_code == 200 and MOTIF in page.content.decode()


# --- 11. The three periods on the candidat's pages -------------------------------------------------


def test_les_pages_disent_la_periode(connecte, dossier, candidat):
    aujourd_hui = timezone.localdate()
    dossier_complet(dossier, user=candidat)
    url = reverse("candidatures:depot", args=[dossier.pk])
    Appel.objects.update(date_ouverture=aujourd_hui + datetime.timedelta(days=3))
    avant = _texte(connecte.get(url))
    assert "Les dépôts ouvriront le" in avant and 'id="formulaire-depot"' not in avant
    assert "Les dépôts ouvriront le" in _texte(connecte.get(reverse("candidatures:mes_dossiers")))
    Appel.objects.update(date_ouverture=aujourd_hui - datetime.timedelta(days=3))
    ouvert = connecte.get(url).content.decode()
    assert 'id="formulaire-depot"' in ouvert and "Les dépôts ouvriront" not in ouvert
    assert "Dépôt possible jusqu’au" in _texte(connecte.get(reverse("candidatures:mes_dossiers")))
    Appel.objects.update(date_limite_depot=aujourd_hui - datetime.timedelta(days=1))
    clos = _texte(connecte.get(url))
    assert "ne peut plus être déposé" in clos and "ne peut pas encore" not in clos
    assert "La date limite de dépôt est passée" in _texte(connecte.get(reverse("candidatures:mes_dossiers")))


# --- 17. The dépôt page: labels grouped by section, each a link to its field ------------------------


def test_la_page_de_depot_liste_les_libelles_par_section(connecte, dossier):
    reponse = connecte.get(reverse("candidatures:depot", args=[dossier.pk]))
    contenu = reponse.content.decode()
    bloc = re.search(r'<div[^>]*id="points-a-completer".*?</div>\s*(?=<form|<h3|\{)', contenu, re.S)
    texte = bloc.group(0) if bloc else contenu
    for nom in ("methodologie_equipe", "engagement_coherence", "nom_chef_de_file", "part_population"):
        assert nom + "," not in texte and f">{nom}<" not in texte and f" {nom} " not in _texte(reponse)
    assert "Équipe d&#x27;animation" in texte or "Équipe d'animation" in texte
    axe_4 = reverse("candidatures:section", args=[dossier.pk, "axe_4"])
    assert f'href="{axe_4}#methodologie_equipe"' in contenu
    assert 'id="manques-axe_4"' in contenu and 'id="manques-engagements"' in contenu


def test_un_brouillon_sans_numero_n_est_pas_un_depot_a_nouveau(connecte, dossier):
    DossierFactory(organisation=dossier.organisation)
    contenu = connecte.get(reverse("candidatures:depot", args=[dossier.pk])).content.decode()
    assert "Déposer à nouveau" not in contenu


def test_le_tableau_de_bord_compte_les_retraits_a_part(depose, candidat):
    """Pilotage: a withdrawn candidature has its own line, and leaves the totals and the envelope's demand."""
    from pilotage.indicateurs import repartition

    en_cours = deposer_dossier(UserFactory())
    depot_service.retirer(depose.pk, candidat, MOTIF)
    r = repartition(Dossier.objects.exclude(etat=Etat.BROUILLON))
    assert r.par_etat[Etat.RETIRE] == 1 and r.par_etat[Etat.DEPOSE] == 1
    assert r.total == 1 and r.subvention_deposes == en_cours.subvention_demandee


def test_chaque_manque_mene_a_un_element_de_sa_page(connecte, dossier):
    """Point 17: the link of every missing answer of an empty draft lands on an element of its page (the
    field, or the part of the page that holds it), whatever section added the field."""
    from candidatures.bilan import bilan

    dossier = Dossier.objects.select_related("appel", "organisation").get(pk=dossier.pk)
    pages = {}
    liens = [lien for etat in bilan(dossier).incompletes for _, lien in etat.liens]
    assert len(liens) > 20
    for lien in liens:
        url, _, ancre = lien.partition("#")
        if url not in pages:
            pages[url] = connecte.get(url).content.decode()
        assert not ancre or f'id="{ancre}"' in pages[url], lien


def test_la_page_faq_montre_la_note_a_cote_de_la_reponse(client):
    """Point 20: the FAQ's text as published, and beside it the note that the dossier is filled here."""
    contenu = client.get(reverse("ami:faq")).content.decode()
    assert 'id="note-portail"' in contenu
    reponse = contenu.index(
        "Le dossier de candidature est à renseigner obligatoirement sur demarches.simplifiees"
    )
    note = contenu.rindex("note-portail", 0, reponse)
    assert reponse - note < 1200  # the note opens the very answer that names demarches.simplifiees
    assert "se dépose sur ce portail" in contenu
