"""Point 13: the FAQ searchable (``ami.recherche_faq``, ``?q=`` on « Questions / réponses »): on the
server, without JavaScript, accents and case ignored, every word searched found, the matching questions
listed with the words highlighted, « 3 questions correspondent à « cofinancement » », a message when none."""

import re

import pytest
from django.urls import reverse

from ami.faq import _textes, faq
from ami.recherche_faq import mots, plier, rechercher, segments

pytestmark = pytest.mark.django_db


def questions_contenant(mot: str) -> list[str]:
    return [
        q["question"]
        for s in faq()["sections"]
        for q in s["questions"]
        if plier(mot) in plier(" ".join([q["question"], *_textes(q["reponse"])]))
    ]


def test_plier_ignore_accents_casse_et_apostrophes():
    assert plier("État d’avancement Œuvre") == "etat d'avancement oeuvre"
    assert mots("  Cofinancement   ÉTAT cofinancement ") == ["cofinancement", "etat"]


def test_segments_marquent_le_mot_trouve_dans_le_texte_d_origine():
    assert segments("Le cofinancement de l’État", mots("etat cofinancement")) == [
        ("Le ", False),
        ("cofinancement", True),
        (" de l’", False),
        ("État", True),
    ]


def test_la_recherche_trouve_les_questions_qui_ont_chaque_mot():
    recherche = rechercher(faq(), "Cofinancement")
    attendues = questions_contenant("cofinancement")
    assert attendues and [r.question["question"] for r in recherche.resultats] == attendues
    n = len(attendues)
    assert (
        recherche.message
        == f"{n} question{'s' if n > 1 else ''} correspond{'ent' if n > 1 else ''} à « Cofinancement »"
    )
    # Accents ignored: « etat » finds « État ».
    assert rechercher(faq(), "etat").resultats == rechercher(faq(), "ÉTAT").resultats != []
    # Every word: fewer questions with two words than with one of them.
    deux = rechercher(faq(), "cofinancement association").resultats
    assert all(r in recherche.resultats for r in deux)


def test_rien_a_chercher_aucun_resultat():
    assert rechercher(faq(), "   ") is None
    recherche = rechercher(faq(), "xylophone")
    assert recherche.resultats == [] and recherche.message == "Aucune question ne correspond à « xylophone »."


def test_la_page_liste_les_questions_trouvees_et_surligne_le_mot(client):
    reponse = client.get(reverse("ami:faq"), {"q": "cofinancement"})
    html = reponse.content.decode()
    n = len(questions_contenant("cofinancement"))
    assert reponse.status_code == 200
    assert f"{n} questions correspondent à « cofinancement »" in html
    assert len(re.findall(r'<article class="fr-mb-4w resultat-faq"', html)) == n
    assert re.search(r"<mark>[Cc]ofinancement</mark>", html)
    assert 'value="cofinancement"' in html  # the field keeps what was searched


def test_la_page_sans_resultat_le_dit_et_renvoie_a_l_aide(client):
    html = client.get(reverse("ami:faq"), {"q": "xylophone"}).content.decode()
    assert "Aucune question ne correspond à « xylophone »." in html
    assert reverse("ami:aide") in html


def test_la_recherche_echappe_ce_qui_est_tape(client):
    html = client.get(reverse("ami:faq"), {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_sans_recherche_la_faq_entiere(client):
    html = client.get(reverse("ami:faq")).content.decode()
    assert 'id="resultats-faq"' not in html and 'name="q"' in html
