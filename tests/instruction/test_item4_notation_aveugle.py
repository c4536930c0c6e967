"""Issue 12, item 4 — blind scoring everywhere: an instructeur sees a dossier's scores only once he has
given his own (an administrateur always, an agent never), in the queue, the Classement, the CSV and
XLSX exports, the API (list and detail), the PDF and the dashboard; and neither the queue's sort on
the score nor the Classement's order reveal what he may not see.

Four recevable dossiers, deposited in this order: P1, P2, P3 scored by A alone (12,61, 17,37, 8,43:
not in the order of their dépôt), Y scored by A (10,29) and B (12,29), average 11,29."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from api.models import JetonApi
from candidatures.models import Dossier
from instruction import notation, visibilite_notes
from instruction.classement import classement
from instruction.models import Evaluation
from tests.depots import deposer_dossier, instruire
from tests.exports.demandes import exporter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CACHEES = {"P1": "12.61", "P2": "17.37", "P3": "8.43"}  # A's alone: hidden from B
AUTRES = {"P1": "8.43", "P2": "12.61", "P3": "17.37"}  # the same, exchanged: B must see no change
MOYENNE_Y = "11.29"


def _fr(valeur: str) -> str:
    return valeur.replace(".", ",")


@pytest.fixture
def quatre(candidat, collegue, instructeur, instructeur2, agent_nord):
    dossiers = {}
    for nom in ("P1", "P2", "P3", "Y"):
        equipe = [instructeur, instructeur2] if nom == "Y" else [instructeur]
        dossiers[nom] = instruire(deposer_dossier(candidat), equipe, agent_nord)
    _noter(dossiers, instructeur, CACHEES)
    Evaluation.objects.filter(dossier=dossiers["Y"], instructeur=instructeur).update(
        note_sur_20=Decimal("10.29")
    )
    Evaluation.objects.filter(dossier=dossiers["Y"], instructeur=instructeur2).update(
        note_sur_20=Decimal("12.29")
    )
    return dossiers


def _noter(dossiers, instructeur, notes):
    for nom, note in notes.items():
        Evaluation.objects.filter(dossier=dossiers[nom], instructeur=instructeur).update(
            note_sur_20=Decimal(note)
        )


def _page(client, user, url, **params) -> str:
    client.force_login(user)
    reponse = client.get(url, params)
    assert reponse.status_code == 200, (url, reponse.status_code)
    return reponse.content.decode()


def _file(client, user, tri="") -> list[tuple[str, str]]:
    """(numero, the score's cell) of the queue's rows, in the page's order."""
    page = _page(client, user, reverse("instruction:a_instruire"), tri=tri)
    return re.findall(
        r'<a href="/instruction/dossiers/\d+/">([^<]+)</a>.*?<span class="ami-chiffre">([^<]*)</span><br>'
        r'<span class="fr-text--sm">',
        page,
        re.S,
    )


def _classement(client, user) -> tuple[list[str], list[str]]:
    """The numeros of the ranking, and of the group « À noter par vous », in the page's order."""
    page = _page(client, user, reverse("instruction:classement"))
    classes, _, a_noter = page.partition('id="a-noter"')
    motif = r'<a href="/instruction/dossiers/\d+/">([^<]+)</a>'
    return re.findall(motif, classes), re.findall(motif, a_noter)


def _csv(client, user) -> dict[str, dict]:
    contenu = exporter(client, user, "csv", "dossiers")
    lignes = list(csv.DictReader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))
    return {ligne["Numéro de dossier"]: ligne for ligne in lignes}


def _xlsx(client, user) -> dict[str, dict]:
    contenu = exporter(client, user, "xlsx")
    valeurs = list(openpyxl.load_workbook(io.BytesIO(contenu))["Dossiers"].iter_rows(values_only=True))
    lignes = [dict(zip(valeurs[0], ligne, strict=True)) for ligne in valeurs[1:]]
    return {ligne["Numéro de dossier"]: ligne for ligne in lignes}


def _api(client, user, url) -> str:
    jeton = JetonApi.objects.emettre(user, "Tests", cree_par=None)[1]
    reponse = client.get(url, headers={"Authorization": f"Bearer {jeton}"})
    assert reponse.status_code == 200, reponse.status_code
    return reponse.content.decode()


def _pdf(client, user, dossier) -> str:
    client.force_login(user)
    reponse = client.get(reverse("exports:dossier_pdf", args=[dossier.pk]))
    assert reponse.status_code == 200
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(reponse.content)).pages)


def _motif(note: str) -> str:
    """« 8.43 » as a number of its own, point or comma: not the « 18.437 » of a time."""
    entier, decimales = note.split(".")
    return r"(?<![\d.,:])" + entier + "[.,]" + decimales + r"(?!\d)"


def _sans_les_notes_cachees(texte: str, notes=CACHEES) -> bool:
    return not any(re.search(_motif(v), texte) for v in notes.values())


def _vue_de(client, user, dossiers) -> dict:
    """What ``user`` is shown of the scores, surface by surface (the orders and the cells)."""
    numero = {d.numero: nom for nom, d in dossiers.items()}
    return {
        "file": [(numero[n], note) for n, note in _file(client, user, "note")],
        "file desc": [(numero[n], note) for n, note in _file(client, user, "-note")],
        "classement": tuple([numero[n] for n in partie] for partie in _classement(client, user)),
        "csv": {numero[n]: ligne["Note moyenne sur 20"] for n, ligne in _csv(client, user).items()},
        "xlsx": {numero[n]: ligne["Note moyenne sur 20"] for n, ligne in _xlsx(client, user).items()},
    }


def test_item4_b_qui_n_a_pas_note_ne_voit_aucune_moyenne_ni_par_l_ordre(
    client, quatre, instructeur, instructeur2
):
    b = _vue_de(client, instructeur2, quatre)
    masquee = visibilite_notes.MASQUEE
    # The queue sorted on the score: Y (the only one B scored) first, the others as unscored, in the
    # order of their ids whichever the direction asked, never in that of their averages.
    assert b["file"] == [("Y", _fr(MOYENNE_Y)), ("P1", masquee), ("P2", masquee), ("P3", masquee)]
    assert b["file desc"] == [("Y", _fr(MOYENNE_Y)), ("P3", masquee), ("P2", masquee), ("P1", masquee)]
    # The Classement ranks Y alone; P1, P2, P3 « À noter par vous », in the order of their dépôt.
    assert b["classement"] == (["Y"], ["P1", "P2", "P3"])
    assert b["csv"] == {"P1": masquee, "P2": masquee, "P3": masquee, "Y": _fr(MOYENNE_Y)}
    assert b["xlsx"] == {"P1": masquee, "P2": masquee, "P3": masquee, "Y": pytest.approx(11.29)}

    # Nothing of what B sees moves when A's hidden scores change: no order, no cell.
    _noter(quatre, instructeur, AUTRES)
    assert _vue_de(client, instructeur2, quatre) == b

    # The pages themselves: no hidden value anywhere, the masking explained.
    for url in (reverse("instruction:a_instruire"), reverse("instruction:classement")):
        page = _page(client, instructeur2, url)
        assert _sans_les_notes_cachees(page, AUTRES), url
    classement_b = _page(client, instructeur2, reverse("instruction:classement"))
    assert "À noter par vous" in classement_b
    assert "note masquée tant que vous n’avez pas noté" in classement_b
    assert classement_b.count("note masquée tant que vous n’avez pas noté") == 3
    fiche = _page(client, instructeur2, reverse("instruction:dossier", args=[quatre["P1"].pk]))
    assert _sans_les_notes_cachees(fiche, AUTRES)
    assert "1 instructeur a noté ce dossier. Vous verrez leurs notes après avoir donné la vôtre." in fiche


def test_item4_api_pdf_et_tableau_de_bord_de_b(client, quatre, instructeur2):
    liste = _api(client, instructeur2, reverse("api:v1:dossiers"))
    assert _sans_les_notes_cachees(liste) and all(d.numero in liste for d in quatre.values())
    detail = _api(client, instructeur2, reverse("api:v1:dossier", args=[quatre["P1"].pk]))
    assert _sans_les_notes_cachees(detail)
    assert '"visibles":false' in detail.replace(" ", "") and '"moyenne":null' in detail.replace(" ", "")
    mien = _api(client, instructeur2, reverse("api:v1:dossier", args=[quatre["Y"].pk]))
    assert f'"moyenne":"{MOYENNE_Y}"' in mien.replace(" ", "")
    pdf = _pdf(client, instructeur2, quatre["P1"])
    assert _sans_les_notes_cachees(pdf) and "Vous verrez leurs notes après avoir donné la vôtre" in pdf
    tableau = _page(client, instructeur2, reverse("pilotage:tableau_de_bord"))
    assert _sans_les_notes_cachees(tableau)


@pytest.mark.parametrize("profil", ["instructeur", "administrateur"])
def test_item4_a_qui_a_note_et_l_administrateur_voient_tout(client, quatre, profil, request):
    user = request.getfixturevalue(profil)
    vue = _vue_de(client, user, quatre)
    moyennes = {**CACHEES, "Y": MOYENNE_Y}
    assert vue["file desc"] == [(nom, _fr(moyennes[nom])) for nom in ("P2", "P1", "Y", "P3")]
    assert vue["classement"] == (["P2", "P1", "Y", "P3"], [])
    assert vue["csv"] == {nom: _fr(note) for nom, note in moyennes.items()}
    assert vue["xlsx"] == {nom: pytest.approx(float(note)) for nom, note in moyennes.items()}
    detail = _api(client, user, reverse("api:v1:dossier", args=[quatre["P1"].pk])).replace(" ", "")
    assert '"visibles":true' in detail and f'"moyenne":"{CACHEES["P1"]}"' in detail
    assert "Moyenne pondérée : 12,61 / 20" in _pdf(client, user, quatre["P1"])
    fiche = _page(client, user, reverse("instruction:dossier", args=[quatre["P1"].pk]))
    assert "Moyenne pondérée : 12,61 / 20" in fiche
    # The list of the API and the dashboard carry no score, for anyone.
    assert _sans_les_notes_cachees(_api(client, user, reverse("api:v1:dossiers")))
    assert _sans_les_notes_cachees(_page(client, user, reverse("pilotage:tableau_de_bord")))


def test_item4_l_agent_ne_voit_jamais_de_note(client, quatre, agent_nord):
    page = _page(client, agent_nord, reverse("instruction:territoire"), tri="-note")
    assert "Note moyenne" not in page and _sans_les_notes_cachees(page, {**CACHEES, "Y": MOYENNE_Y})
    client.force_login(agent_nord)
    assert client.get(reverse("instruction:classement")).status_code == 403
    lignes = _csv(client, agent_nord)
    assert len(lignes) == 4 and all("Note moyenne sur 20" not in ligne for ligne in lignes.values())
    assert all("Note moyenne sur 20" not in ligne for ligne in _xlsx(client, agent_nord).values())
    detail = _api(client, agent_nord, reverse("api:v1:dossier", args=[quatre["Y"].pk])).replace(" ", "")
    assert '"evaluations":null' in detail and _sans_les_notes_cachees(detail, {"Y": MOYENNE_Y})
    pdf = _pdf(client, agent_nord, quatre["Y"])
    assert "Notes" not in pdf and _sans_les_notes_cachees(pdf, {"Y": MOYENNE_Y, "A": "10.29"})
    tableau = _page(client, agent_nord, reverse("pilotage:tableau_de_bord"))
    assert _sans_les_notes_cachees(tableau, {"Y": MOYENNE_Y})


@pytest.mark.parametrize(
    ("profil", "a_note", "attendu"),
    [
        ({"administrateur": True}, False, True),
        ({"instructeur": True}, True, True),
        ({"instructeur": True}, False, False),
        ({"agent": True}, False, False),
        ({}, False, False),  # a candidat
    ],
)
def test_item4_une_regle_deux_formes_qui_s_accordent(
    depose, instructeur, administrateur, profil, a_note, attendu
):
    """``visibles`` (one dossier) and ``condition`` / ``note_moyenne`` (SQL) give the same answer, and
    the SQL average is the dossier page's (rounded half up to the cent: 12,61 and 14,62 give 13,62)."""
    user = UserFactory(**profil)
    Evaluation.objects.create(dossier=depose, instructeur=instructeur, note_sur_20=Decimal("12.61"))
    if a_note:
        Evaluation.objects.create(dossier=depose, instructeur=user, note_sur_20=Decimal("14.62"))
    assert visibilite_notes.visibles(user, a_note) is attendu
    ligne = (
        Dossier.objects.filter(pk=depose.pk)
        .annotate(
            v=visibilite_notes.condition(user),
            m=visibilite_notes.note_moyenne(user),
            n=visibilite_notes.nombre_evaluations(),
        )
        .values("v", "m", "n")
        .get()
    )
    assert ligne["v"] is attendu
    moyenne = Decimal("13.62") if a_note else Decimal("12.61")
    assert ligne["m"] == (moyenne if attendu else None)
    assert ligne["n"] == 1 + a_note
    assert notation.synthese(depose, administrateur).moyenne == moyenne


def test_item4_le_classement_en_python_garde_l_ordre_de_depot_des_masques(quatre, instructeur2, appel_ouvert):
    rangs = classement(instructeur2, appel_ouvert)[0]
    assert [(r.rang, r.masque) for r in rangs] == [(1, False), (None, True), (None, True), (None, True)]
    assert [r.dossier.moyenne for r in rangs] == [Decimal(MOYENNE_Y), None, None, None]
