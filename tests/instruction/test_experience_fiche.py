"""Issue 17, points 4 and 6: the error summary of the instruction forms (``instruction.pages
.resume_erreurs``, ``templates/partials/resume_erreurs.html``) and the dossier page in tabs, the one shown
chosen by the server (the form sent back, ``?onglet=``, else the dossier)."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures import cycle
from candidatures.bilan import bilan
from candidatures.models import Dossier
from instruction import avis as avis_service
from instruction.forms import RecevabiliteForm
from instruction.pages import resume_erreurs

pytestmark = pytest.mark.django_db


def fiche(dossier, **params):
    url = reverse("instruction:dossier", args=[dossier.pk])
    return f"{url}?onglet={params['onglet']}" if params else url


def action(dossier, nom):
    return reverse("instruction:action", args=[dossier.pk, nom])


@pytest.fixture
def en_instruction(depose, instructeur):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    return Dossier.objects.get(pk=depose.pk)


def recevabilite_sans_motifs(dossier) -> dict:
    """What the page posts when the instructeur only changed R13's constat: no decision, no motivation."""
    donnees = {"version_instruction": dossier.version_instruction, "decision": "", "motif": ""}
    for ligne in bilan(dossier).recevabilite.lignes:
        donnees[f"constat_{ligne.regle}"] = "conforme"
        donnees[f"motif_{ligne.regle}"] = ""
    donnees["constat_R13"] = "non_conforme"
    return donnees


def onglet_choisi(page: str) -> list[str]:
    return re.findall(r'id="onglet-(\w+)"[^>]*aria-selected="true"', page)


def panneau_choisi(page: str) -> list[str]:
    return re.findall(r'id="panneau-(\w+)" class="fr-tabs__panel fr-tabs__panel--selected"', page)


def test_le_resume_suit_l_ordre_de_la_page_et_vise_chaque_champ(en_instruction):
    form = RecevabiliteForm(
        recevabilite_sans_motifs(en_instruction), recevabilite=bilan(en_instruction).recevabilite
    )
    assert not form.is_valid()
    erreurs = resume_erreurs(form)
    # R13's motivation is in the checklist's table, above the decision and its motivation.
    assert [e["ancre"] for e in erreurs] == [
        "recevabilite_motif_R13",
        "recevabilite_decision_0",  # a group of radios: its first option
        "recevabilite_motif",
    ]
    assert erreurs[0]["libelle"] == "Motivation si le constat diffère (R13)"
    assert erreurs[0]["message"] == "Motivez ce constat : il diffère de la vérification automatique."


def test_une_erreur_d_un_champ_cache_est_dite_sans_lien(en_instruction):
    donnees = {**recevabilite_sans_motifs(en_instruction), "version_instruction": "x"}
    form = RecevabiliteForm(donnees, recevabilite=bilan(en_instruction).recevabilite)
    assert not form.is_valid()
    cachees = [e for e in resume_erreurs(form) if not e["ancre"]]
    assert [e["libelle"] for e in cachees] == [""] and cachees[0]["message"]


def test_un_formulaire_non_soumis_ou_absent_n_a_pas_de_resume(en_instruction):
    vide = RecevabiliteForm(recevabilite=bilan(en_instruction).recevabilite)
    assert resume_erreurs(vide, None) == []
    assert render_to_string("partials/resume_erreurs.html", {"erreurs": []}).strip() == ""


def test_le_balisage_du_resume():
    erreurs = [
        {"ancre": "avis_sens_0", "libelle": "Votre avis", "message": "Ce champ est obligatoire."},
        {"ancre": "", "libelle": "", "message": "Le dossier a changé."},
    ]
    html = render_to_string("partials/resume_erreurs.html", {"erreurs": erreurs})
    assert 'class="fr-alert fr-alert--error' in html
    # Focusable by script and focused when the page opens; named by its title.
    assert 'id="resume-erreurs" tabindex="-1" autofocus aria-labelledby="resume-erreurs-titre"' in html
    assert (
        '<h2 class="fr-alert__title" id="resume-erreurs-titre">Le formulaire contient 2 erreurs</h2>' in html
    )
    assert '<a href="#avis_sens_0">Votre avis : Ce champ est obligatoire.</a>' in html
    assert "<li>Le dossier a changé.</li>" in html
    un = render_to_string("partials/resume_erreurs.html", {"erreurs": erreurs[:1]})
    assert "Le formulaire contient 1 erreur</h2>" in un


def test_recevabilite_refusee_le_resume_en_haut_et_l_onglet_du_formulaire(
    client, en_instruction, instructeur
):
    client.force_login(instructeur)
    reponse = client.post(action(en_instruction, "recevabilite"), recevabilite_sans_motifs(en_instruction))
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Le formulaire contient 3 erreurs" in page
    # The summary before the tabs; each of its links goes to a field of the page.
    assert page.index('id="resume-erreurs"') < page.index('id="fiche-onglets"')
    ancres = re.findall(r'<a href="#([^"]+)">', page[page.index('id="resume-erreurs"') :].split("</div>")[0])
    assert ancres == ["recevabilite_motif_R13", "recevabilite_decision_0", "recevabilite_motif"]
    for ancre in ancres:
        assert f'id="{ancre}"' in page
    assert onglet_choisi(page) == ["recevabilite"] and panneau_choisi(page) == ["recevabilite"]


def test_demande_d_avis_refusee_le_resume_vise_la_premiere_case(
    client, en_instruction, instructeur, agent_nord
):
    """The Nord's service registered (``agent_nord``): the services are offered, as checkboxes."""
    client.force_login(instructeur)
    donnees = {"version_instruction": en_instruction.version_instruction, "date_limite": "", "message": ""}
    reponse = client.post(action(en_instruction, "demander_avis"), donnees)
    assert reponse.status_code == 422
    page = reponse.content.decode()
    ancres = re.findall(r'<a href="#([^"]+)">', page[page.index('id="resume-erreurs"') :].split("</div>")[0])
    assert ancres and all(f'id="{ancre}"' in page for ancre in ancres)
    assert onglet_choisi(page) == ["avis"]


def test_avis_de_l_agent_refuse_le_resume_et_l_onglet_avis(client, en_instruction, agent_nord):
    client.force_login(agent_nord)
    reponse = client.post(action(en_instruction, "avis"), {"version": 0, "sens": "", "motivation": ""})
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Le formulaire contient 2 erreurs" in page
    assert '<a href="#avis_sens_0">' in page and 'id="avis_sens_0"' in page
    assert '<a href="#avis_motivation">' in page and 'id="avis_motivation"' in page
    assert onglet_choisi(page) == ["avis"]


def test_la_page_s_ouvre_sur_le_dossier_ou_l_onglet_demande(client, en_instruction, instructeur, agent_nord):
    client.force_login(instructeur)
    page = client.get(fiche(en_instruction)).content.decode()
    assert "resume-erreurs" not in page
    assert onglet_choisi(page) == ["dossier"] and panneau_choisi(page) == ["dossier"]
    assert re.findall(r'role="tab" aria-controls="panneau-(\w+)"', page) == [
        "dossier",
        "recevabilite",
        "evaluation",
        "avis",
        "historique",
        "echanges",
        "notes",
    ]
    for onglet in ("recevabilite", "evaluation", "avis", "historique"):
        assert onglet_choisi(client.get(fiche(en_instruction, onglet=onglet)).content.decode()) == [onglet]
    assert onglet_choisi(client.get(fiche(en_instruction, onglet="inconnu")).content.decode()) == ["dossier"]
    # No scores for an agent, so no such tab: asked for, the dossier is shown.
    client.force_login(agent_nord)
    page = client.get(fiche(en_instruction, onglet="evaluation")).content.decode()
    assert "panneau-evaluation" not in page and onglet_choisi(page) == ["dossier"]


def test_apres_une_action_la_page_s_ouvre_la_ou_elle_a_ete_faite(client, depose, instructeur, agent_nord):
    client.force_login(instructeur)
    reponse = client.post(action(depose, "prendre"), {"version_instruction": depose.version_instruction})
    assert reponse["Location"] == fiche(depose, onglet="recevabilite")  # its next step
    client.force_login(agent_nord)
    donnees = {"version": 0, "sens": avis_service.SensAvis.FAVORABLE, "motivation": "Bon projet."}
    assert client.post(action(depose, "avis"), donnees)["Location"] == fiche(depose, onglet="avis")


def test_l_onglet_ne_change_pas_le_nombre_de_requetes(client, en_instruction, instructeur):
    client.force_login(instructeur)
    client.get(fiche(en_instruction))  # session, caches
    comptes = []
    for url in (fiche(en_instruction), fiche(en_instruction, onglet="historique")):
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(url).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
