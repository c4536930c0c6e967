"""Issue 16, points 11 (the deadline's last second, the three periods), 17 (missing fields by their
labels), 20 (the FAQ's note): pure tests, no database."""

import dataclasses
import datetime

import pytest
from django.urls import reverse

from ami import libelles as L
from ami.faq import NOTE_PORTAIL, faq, note_portail
from ami.models import PARIS, PeriodeDepot
from candidatures.completude import Manque, completude, libelle_champ
from candidatures.models import Dossier, Section
from candidatures.rules import r17_date_limite
from core.resultats import Statut
from tests.instantanes import SECONDE, appel, donnees, dossier, reponse, verifier

LIMITE = datetime.datetime(2021, 10, 11, 23, 59, 59, tzinfo=PARIS)
OUVERTURE = datetime.datetime(2021, 7, 15, 0, 0, tzinfo=PARIS)


# --- 11. The deadline: its last second counts whole -------------------------------------------------


@pytest.mark.parametrize(
    "instant, ouvert",
    [
        (LIMITE, True),
        (LIMITE + datetime.timedelta(milliseconds=300), True),  # 23:59:59.3: the probe
        (LIMITE + datetime.timedelta(microseconds=999_999), True),
        (LIMITE + SECONDE, False),  # 00:00:00
    ],
    ids=["23:59:59", "23:59:59.3", "23:59:59.999999", "00:00:00"],
)
def test_la_derniere_seconde_compte_entiere(instant, ouvert):
    assert appel().est_ouvert(instant) is ouvert
    statut = Statut.RESPECTE if ouvert else Statut.NON_RESPECTE
    assert r17_date_limite(donnees(maintenant=instant)).statut == statut


def test_une_heure_limite_avec_des_microsecondes_compte_a_la_seconde():
    autre = appel(heure_limite_depot=datetime.time(12, 0, 0, 500_000))
    limite = datetime.datetime(2021, 10, 11, 12, 0, tzinfo=PARIS)
    assert autre.est_ouvert(limite + datetime.timedelta(microseconds=999_999))
    assert not autre.est_ouvert(limite + SECONDE)


@pytest.mark.parametrize(
    "instant, periode",
    [
        (OUVERTURE - datetime.timedelta(microseconds=1), PeriodeDepot.AVANT),
        (OUVERTURE, PeriodeDepot.OUVERT),
        (LIMITE + datetime.timedelta(milliseconds=300), PeriodeDepot.OUVERT),
        (LIMITE + SECONDE, PeriodeDepot.CLOS),
    ],
)
def test_les_trois_periodes(instant, periode):
    assert appel().periode(instant) == periode


def test_r17_avant_l_ouverture_ne_dit_pas_depot_possible():
    resultat = r17_date_limite(donnees(maintenant=OUVERTURE - SECONDE))
    verifier(resultat, "R17", Statut.RESPECTE, "Les dépôts ouvriront le 15/07/2021", champ="depot")
    assert "jusqu’au 11/10/2021 à 23:59:59 (heure de Paris)" in resultat.message
    assert not resultat.message.startswith("Dépôt possible")


def test_r17_pendant_et_apres_la_periode():
    assert r17_date_limite(donnees(maintenant=OUVERTURE)).message.startswith("Dépôt possible jusqu’au")
    apres = r17_date_limite(donnees(maintenant=LIMITE + SECONDE))
    assert "ne peut plus être déposé" in apres.message and "pas encore" not in apres.message


# --- 17. What is missing, by its annexe 7 label, with a link to the field ---------------------------


def _section(d, section):
    return next(e for e in completude(d) if e.section == section)


def test_un_champ_manquant_est_nomme_par_son_libelle_jamais_par_son_nom():
    d = donnees(dossier=dossier(methodologie_equipe="", engagement_coherence=False, nom_chef_de_file=""))
    axe_4 = _section(d, Section.AXE_4)
    assert axe_4.manques == (Manque(L.METHODO_EQUIPE, "axe_4#methodologie_equipe"),)
    engagements = _section(d, Section.ENGAGEMENTS)
    assert engagements.manques == (
        Manque(L.ENGAGEMENTS["engagement_coherence"], "engagements#engagement_coherence"),
    )
    chef = _section(d, Section.CHEF_DE_FILE)
    assert chef.manques[0] == Manque(L.NOM_CHEF_DE_FILE, "chef_de_file#id_nom_chef_de_file")
    assert (
        Manque(f"Interlocuteur 1 — {L.TELEPHONE}", "chef_de_file#id_interlocuteur1_telephone") in chef.manques
    )
    url = reverse("candidatures:section", args=[1, Section.AXE_4])
    assert [lien for _, lien in axe_4.liens] == [f"{url}#methodologie_equipe"]


def test_les_questions_d_un_axe_par_leur_libelle():
    d = donnees(axes={1: reponse(1, nb_indicateurs=0, calendrier="", nombre_personnes=None)})
    axe_1 = _section(d, Section.AXE_1)
    libelles = [m.libelle for m in axe_1.manques]
    assert libelles == [
        L.QUESTIONS["calendrier"],
        L.QUESTIONS["indicateurs"],
        L.NOMBRE_PERSONNES,
    ]
    champs = [m.champ for m in axe_1.manques]
    assert champs == ["axe_1#calendrier", "axe_1#indicateurs", "axe_1#nombre_personnes"]
    axe_2 = _section(d, Section.AXE_2)  # no answer at all: the objectives' question of axe 2
    assert axe_2.manques[0].libelle == L.OBJECTIFS[2]


def test_aucun_manque_ne_montre_un_nom_de_champ():
    """Every section of an empty draft: no label is a column's name (« methodologie_equipe »…)."""
    champs = [f for f in Dossier._meta.concrete_fields if not f.is_relation and f.name != "id"]
    vide = dossier(**{f.name: f.get_default() for f in champs})
    noms = {f.name for f in Dossier._meta.get_fields()}
    for etat in completude(donnees(dossier=vide, axes={}, membres=())):
        for m in etat.manques:
            assert m.libelle not in noms and "_" not in m.libelle, (etat.section, m)
            assert not m.libelle[0].islower(), m


def test_un_champ_ajoute_a_un_modele_a_son_libelle_sans_liste_a_tenir():
    """Generic: any field of ``Dossier`` is labelled by its verbose_name (annexe 7), the fields added
    by issue 16 included."""
    for nom in ("pertinence_territoire", "personne_relais_nom", "engagement_propositions"):
        libelle = libelle_champ(nom)
        assert libelle and libelle.lower() == str(Dossier._meta.get_field(nom).verbose_name).lower()
    assert libelle_champ("n_existe_pas") is None


def test_un_manque_se_lit_comme_son_libelle():
    assert str(Manque("Adresse", "chef_de_file#id_adresse")) == "Adresse"
    assert dataclasses.is_dataclass(Manque)


# --- 20. The FAQ: its text as published, a note beside what sends to demarches.simplifiees -----------


def test_la_faq_garde_son_texte_et_porte_la_note_a_cote():
    questions = [q for s in faq()["sections"] for q in s["questions"]]
    notees = [q for q in questions if q["note_portail"]]
    assert notees and faq()["notes_portail"] == len(notees)
    premiere = notees[0]
    assert premiere["reponse"][0]["text"].startswith(
        "Le dossier de candidature est à renseigner obligatoirement sur demarches.simplifiees"
    )
    assert "se dépose sur ce portail" in NOTE_PORTAIL
    sans = next(q for q in questions if "demarches" not in str(q).lower() and "démarches simp" not in str(q))
    assert note_portail(sans) == ""
