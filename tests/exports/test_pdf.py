"""« Télécharger le dossier (PDF) »: every section of annexe 7 with its labels and the amounts, read back
from the PDF (poppler's pdftotext); the candidat's version without the instruction, the instructeur's with
it, the agent's without the national scores; who may download it; the footer and the page numbers; no
clipped table; the same number of SQL queries whatever the size of the dossier."""

import itertools
import re
import shutil
import subprocess
import unicodedata
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ami import libelles as L
from candidatures.models import Dossier
from candidatures.politique import politique
from candidatures.recevabilite import LIBELLES, charger
from candidatures.recevabilite import libelle as titre_regle
from candidatures.resume import resume
from exports.pdf import _fetcher, pdf_dossier
from tests.depots import deposer_dossier, instruire
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

STRUCTURE_LONGUE = (
    "Association intercommunale pour l’accompagnement global vers l’emploi durable des allocataires "
    "du revenu de solidarité active du versant nord-est de Lille-Roubaix-Tourcoing-Villeneuve-d’Ascq"
)
POPPLER = {outil: shutil.which(outil) or f"/usr/bin/{outil}" for outil in ("pdftotext", "pdffonts")}
COURRIEL_LONG = "accompagnement.global.vers.emploi.durable.versant.nord-est@association-exemple.fr"


def norme(texte: str) -> str:
    """Compatibility forms (ligatures, non-breaking spaces) and every run of blanks as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", texte)).strip()


def sans_blancs(texte: str) -> str:
    """pdftotext may drop a narrow space (« 4/5 » for « 4 / 5 »): compare without any blank."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", texte))


def pdftotext(pdf: bytes, tmp_path, *options) -> str:
    chemin = tmp_path / "dossier.pdf"
    chemin.write_bytes(pdf)
    resultat = subprocess.run(  # noqa: S603 — poppler-utils, fixed arguments
        [POPPLER["pdftotext"], *options, str(chemin), "-"], capture_output=True, check=True, text=True
    )
    return resultat.stdout


def texte(pdf: bytes, tmp_path) -> str:
    """The text as laid out (``-layout``), then as read cell by cell (pdftotext's reading order): a
    table's wrapped cells interleave in the first, never in the second."""
    return norme(pdftotext(pdf, tmp_path, "-layout")) + "\n" + norme(pdftotext(pdf, tmp_path))


def une_ligne(pdf: bytes, tmp_path, *morceaux) -> bool:
    """A line of the laid-out text holds ``morceaux`` in this order (a table row, its first line)."""
    motif = ".*".join(re.escape(sans_blancs(m)) for m in morceaux)
    lignes = pdftotext(pdf, tmp_path, "-layout").splitlines()
    return any(re.search(motif, sans_blancs(ligne)) for ligne in lignes)


def telecharger(client, user, dossier):
    client.force_login(user)
    reponse = client.get(reverse("exports:dossier_pdf", args=[dossier.pk]))
    assert reponse.status_code == 200, reponse.status_code
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF-")
    return reponse


@pytest.fixture
def instruit(depose, instructeur, instructeur2, agent_nord):
    """Scored 16 and 12 on 20 by two instructeurs, an avis « favorable avec réserves », recevable."""
    return instruire(depose, [instructeur, instructeur2], agent_nord)


def test_version_selon_le_role(candidat, instructeur, administrateur, agent_nord):
    assert [politique(u).version_pdf for u in (candidat, instructeur, administrateur, agent_nord)] == [
        "candidat",
        "instruction",
        "instruction",
        "territoire",
    ]


def test_le_candidat_telecharge_tout_son_dossier(client, candidat, depose, tmp_path):
    reponse = telecharger(client, candidat, depose)
    assert reponse["Content-Disposition"] == f'attachment; filename="{depose.numero}.pdf"'
    pdf = reponse.content
    lu = texte(pdf, tmp_path)

    # Every section of annexe 7, with every label word for word, in the order of the web summary.
    blocs = resume(charger(Dossier.objects.select_related("appel", "organisation").get(pk=depose.pk)))
    positions = []
    for bloc in blocs:
        assert norme(bloc["titre"]) in lu, bloc["titre"]
        positions.append(lu.index(norme(bloc["titre"])))
        for libelle, _ in bloc["paires"]:
            assert norme(libelle) in lu, libelle
    assert positions == sorted(positions)
    assert norme(L.OBJECTIFS[1]) in lu and norme(L.QUESTIONS["indicateurs"]) in lu
    assert "Indicateur 1 de l’axe 2 (indicateur de résultats, cible : 80 %)" in lu
    assert "51 rue Gustave Delory" in lu and "camille.martin@exemple.fr" in lu

    # The consortium, by type of annexe 7 §2.
    assert "Membres du consortium (4 membres)" in lu
    for n in range(1, 5):
        assert f"Structure {n}" in lu and f"referent{n}@exemple.fr" in lu
    assert "Pôle emploi" in lu

    # The budget: totals and rates as the web page words them, the état des dépenses, the financing plan.
    assert "Coût global du projet éligible" in lu
    assert "400 000,00 €" in lu  # 8 lines of 50 000 €
    assert "320 000,00 € — 80 %" in lu  # subvention de l'État and its rate
    assert "80 000,00 € — 20 %" in lu  # cofinancement
    assert "Frais généraux et frais de mission (15 % maximum)" in lu
    # The FAQ's modèle d'état des dépenses: its title, columns, groups, figures.
    assert "Etat des dépenses déploiement du SPIE" in lu and "Objet de la dépense" in lu
    colonnes = ("Rémunération de", "N", "mois", "10,00", "5 000,00 €", "2022-2024", "Action 1", "50 000,00 €")
    assert une_ligne(pdf, tmp_path, *colonnes)
    assert une_ligne(pdf, tmp_path, "Total — Dépenses relatives à l'axe 1", "100 000,00 €")
    assert une_ligne(pdf, tmp_path, "Total — Dépenses transversales", "100 000,00 €")
    assert une_ligne(pdf, tmp_path, "TOTAL DEPENSES AU TITRE DE l'AMI DEPLOIEMENT SPIE", "400 000,00 €")
    assert "Plan de financement" in lu
    assert une_ligne(pdf, tmp_path, "Subvention de l'État", "État (AMI SPIE)", "320 000,00 €", "80 %")
    assert une_ligne(pdf, tmp_path, "Autofinancement du porteur", "80 000,00 €", "20 %")
    assert une_ligne(pdf, tmp_path, "Total du plan de financement", "400 000,00 €")

    # The attachments: name, pages, size.
    piece = depose.pieces.get()
    assert une_ligne(
        pdf, tmp_path, "Lettre d’engagement de Pôle emploi", piece.nom, "1", f"{piece.taille} octets"
    )

    # The checklist: each rule, its title, its status.
    assert "Critères de recevabilité" in lu and "20 sur 20 respectés" in lu
    for regle in LIBELLES:
        titre = titre_regle(regle, depose.appel)
        assert re.search(rf"{regle} {re.escape(norme(titre)[:30])}", lu), regle
    assert lu.count("Respecté") >= 20

    # The porteur's version: nothing of the instruction.
    assert "Version du porteur" in lu
    for interne in ("Notes", "Moyenne pondérée", "Avis des services", "Historique", "Décisions", "État du"):
        assert interne not in lu, interne


def test_pied_de_page_numero_date_et_pages(client, candidat, depose, tmp_path):
    pdf = telecharger(client, candidat, depose).content
    pages = len(PdfReader(BytesIO(pdf)).pages)
    assert pages >= 2
    date = timezone.localtime(depose.depose_le).strftime("%d/%m/%Y")
    premiere = norme(pdftotext(pdf, tmp_path, "-layout", "-f", "1", "-l", "1"))
    assert f"{depose.numero} — déposé le {date}" in premiere
    assert f"Page 1 / {pages}" in premiere
    assert "RÉPUBLIQUE FRANÇAISE" in norme(pdftotext(pdf, tmp_path, "-f", "1", "-l", "1"))
    assert "AMI SPIE — vague 2" in premiere
    derniere = norme(pdftotext(pdf, tmp_path, "-layout", "-f", str(pages), "-l", str(pages)))
    assert f"Page {pages} / {pages}" in derniere and depose.numero in derniere


def test_typographie_marianne_et_pdf_balise(client, candidat, depose, tmp_path):
    pdf = telecharger(client, candidat, depose).content
    chemin = tmp_path / "polices.pdf"
    chemin.write_bytes(pdf)
    polices = subprocess.run(  # noqa: S603
        [POPPLER["pdffonts"], str(chemin)], capture_output=True, check=True, text=True
    ).stdout
    assert re.search(r"\+Marianne ", polices) and "+Marianne-Bold " in polices, polices
    assert all(" yes " in ligne for ligne in polices.splitlines()[2:]), polices  # embedded
    # Tagged (structure for screen readers), in French, titled.
    lecteur = PdfReader(BytesIO(pdf))
    racine = lecteur.trailer["/Root"]
    assert racine["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in racine
    assert racine["/Lang"] == "fr"
    assert lecteur.metadata.title == f"Dossier {depose.numero} — AMI SPIE — vague 2"


def test_le_brouillon_du_candidat(client, candidat, tmp_path):
    brouillon = DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)
    reponse = telecharger(client, candidat, brouillon)
    assert reponse["Content-Disposition"] == f'attachment; filename="dossier-{brouillon.pk}.pdf"'
    lu = texte(reponse.content, tmp_path)
    assert f"Brouillon du {timezone.localdate():%d/%m/%Y}" in lu
    assert "Non renseigné" in lu and "Aucune dépense." in lu and "Aucune pièce jointe." in lu
    assert "Non respecté" in lu or "À compléter" in lu


def test_l_instructeur_a_les_notes_les_avis_les_decisions_et_l_historique(
    client, instruit, instructeur, tmp_path
):
    pdf = telecharger(client, instructeur, instruit).content
    lu = texte(pdf, tmp_path)
    assert "Version d’instruction — document interne" in lu
    assert "État du dossier : Recevable" in lu
    # Scores: per criterion and instructeur, each weighted score, the average.
    assert "Notes — évaluation sur la grille de sélection" in lu
    assert "Moyenne pondérée : 14,00 / 20" in lu  # (16 + 12) / 2
    assert "Alex Durand" in lu and "Sacha Bernard" in lu
    assert une_ligne(pdf, tmp_path, "Note pondérée sur 20", "16,00", "12,00")
    for critere in instruit.appel.criteres.all():
        assert une_ligne(pdf, tmp_path, critere.libelle.split()[0], "4 / 5", "3 / 5"), critere.libelle
        assert norme(critere.libelle)[:40] in lu
    assert "Alex Durand (appréciation du" in lu
    assert "Consortium large, budget cohérent (4 sur chaque critère)." in lu
    # Avis: service, sens, text, date.
    assert "Avis des services déconcentrés" in lu and "Demandes d’avis" in lu
    assert "DDETS du Nord : avis favorable avec réserves" in lu
    assert "Projet solide ; la place des associations reste à préciser." in lu
    assert f"Morgane Lefebvre, le {timezone.localdate():%d/%m/%Y}" in lu
    # Decisions and the whole history.
    assert "Décisions" in lu and "Dossier déclaré recevable" in lu
    assert "Motivation : « Dossier complet et conforme. »" in lu
    assert "R13 jugé conforme : Cofinancement confirmé par la délibération du 1er juillet." in lu
    assert "Historique" in lu
    for evenement in (
        "Dépôt du dossier",
        "Prise en instruction",
        "Évaluation sur la grille de sélection",
        "Demande d’avis aux services déconcentrés",
        "Avis d’un service déconcentré",
    ):
        assert evenement in lu, evenement


def test_l_administrateur_voit_aussi_les_notes(client, instruit, administrateur, tmp_path):
    lu = texte(telecharger(client, administrateur, instruit).content, tmp_path)
    assert "Moyenne pondérée : 14,00 / 20" in lu


def test_l_instructeur_qui_n_a_pas_note_ne_voit_pas_les_notes(client, instruit, tmp_path):
    """As on the dossier page: the others' scores only after giving one's own."""
    troisieme = UserFactory(instructeur=True)
    lu = texte(telecharger(client, troisieme, instruit).content, tmp_path)
    assert "2 instructeurs ont noté ce dossier. Vous verrez leurs notes après avoir donné la vôtre." in lu
    assert "Moyenne pondérée" not in lu and "16,00" not in lu
    assert "Consortium large" not in lu
    assert "DDETS du Nord : avis favorable avec réserves" in lu  # the rest of the instruction is there


def test_l_agent_a_les_avis_et_l_historique_sans_les_notes(client, instruit, agent_nord, tmp_path):
    lu = texte(telecharger(client, agent_nord, instruit).content, tmp_path)
    assert "Version des services déconcentrés — document interne" in lu
    assert "DDETS du Nord : avis favorable avec réserves" in lu
    assert "Dossier déclaré recevable" in lu and "Historique" in lu and "Prise en instruction" in lu
    for national in ("Notes", "Moyenne pondérée", "Note pondérée", "16,00", "Évaluation sur la grille"):
        assert national not in lu, national


def test_qui_ne_voit_pas_le_dossier_recoit_une_404(
    client, depose, candidat, agent_ailleurs, instructeur, administrateur
):
    url = reverse("exports:dossier_pdf", args=[depose.pk])
    for intrus in (UserFactory(), agent_ailleurs):  # another porteur's candidat, another territory
        client.force_login(intrus)
        assert client.get(url).status_code == 404
    brouillon = DossierFactory(organisation=candidat.organisation)
    for etat in (instructeur, administrateur):  # a draft is the porteur's alone
        client.force_login(etat)
        assert client.get(reverse("exports:dossier_pdf", args=[brouillon.pk])).status_code == 404
    client.force_login(candidat)
    assert client.get(reverse("exports:dossier_pdf", args=[10**9])).status_code == 404
    assert client.post(url).status_code == 405


def test_anonyme_renvoye_a_la_connexion(client, depose):
    url = reverse("exports:dossier_pdf", args=[depose.pk])
    reponse = client.get(url)
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("comptes:connexion"))


def chevauchements(boites: str) -> list[tuple[str, str]]:
    """Pairs of words of the same line whose boxes overlap: a cell's text running into the next one."""
    paires = []
    for page in boites.split("</page>"):
        lignes = {}
        for x0, _, x1, y1, mot in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
        ):
            lignes.setdefault(round(float(y1)), []).append((float(x0), float(x1), mot))
        for mots in lignes.values():
            mots.sort()
            for (_, fin, mot), (debut, _, suivant) in itertools.pairwise(mots):
                if debut < fin - 0.5:
                    paires.append((mot, suivant))
    return paires


def test_aucun_tableau_coupe(client, candidat, depose, tmp_path):
    """A very long structure name, a long e-mail address, a long expense line: read whole in the text,
    every word inside the page (pdftotext's boxes), no word over another (no cell runs into the next)."""
    membre = depose.membres.order_by("id").first()
    membre.structure, membre.courriel = STRUCTURE_LONGUE, COURRIEL_LONG
    membre.save()
    ligne = depose.depenses.order_by("id").first()
    ligne.objet = "Coordination " * 20 + "fin-de-l-objet"
    ligne.save()
    pdf = telecharger(client, candidat, depose).content
    # Reading order, cell by cell; pdftotext drops the hyphen of a word broken at the end of a line.
    lu = sans_blancs(pdftotext(pdf, tmp_path)).replace("-", "")
    for long in (STRUCTURE_LONGUE, COURRIEL_LONG, ligne.objet):
        assert sans_blancs(long).replace("-", "") in lu, long
    boites = pdftotext(pdf, tmp_path, "-bbox")
    largeur = float(re.search(r'<page width="([\d.]+)"', boites).group(1))
    droites = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boites)]
    gauches = [float(x) for x in re.findall(r'xMin="([\d.]+)"', boites)]
    assert droites and max(droites) <= largeur - 30  # 16 mm of margin, 45 pt: nothing runs off the page
    assert min(gauches) >= 30
    assert chevauchements(boites) == []


def test_sans_requete_http_ni_request(depose, candidat, instructeur):
    """``pdf_dossier`` is what the ZIP export calls: no request; its fetcher reads the static files only."""
    dossier = Dossier.objects.select_related("appel", "organisation").get(pk=depose.pk)
    assert pdf_dossier(dossier, candidat).startswith(b"%PDF-")
    assert pdf_dossier(dossier, instructeur).startswith(b"%PDF-")
    fetcher = _fetcher()
    assert fetcher.fetch("static:dsfr/dist/fonts/Marianne-Bold.woff2").read(4) == b"wOF2"
    refusees = ("https://www.systeme-de-design.gouv.fr/", "file:///etc/passwd", "static:../../../settings.py")
    for url in (*refusees, "static:/etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def dossier_relu(dossier):
    return Dossier.objects.select_related("appel", "organisation", "depose_par").get(pk=dossier.pk)


def test_meme_nombre_de_requetes_quelle_que_soit_la_taille(
    candidat, instructeur, instructeur2, agent_nord, django_assert_max_num_queries
):
    petit = instruire(deposer_dossier(candidat, membres=2, lignes=4), [instructeur], agent_nord)
    grand = instruire(
        deposer_dossier(candidat, membres=30, lignes=80), [instructeur, instructeur2], agent_nord
    )
    for user in (candidat, instructeur, agent_nord):
        un, autre = dossier_relu(petit), dossier_relu(grand)
        with CaptureQueriesContext(connection) as requetes:
            pdf_dossier(un, user)
        # 22: the instruction version adds the messagerie thread (its messages, its invitations: 2 queries)
        assert len(requetes) <= 22, user.role
        with django_assert_max_num_queries(len(requetes)):  # 30 members and 80 lines: not one more
            pdf_dossier(autre, user)


def test_les_liens_de_telechargement(client, depose, candidat, instructeur, agent_nord):
    url = reverse("exports:dossier_pdf", args=[depose.pk])
    lien = f'<a class="fr-link fr-link--download" href="{url}" download>Télécharger le dossier (PDF)</a>'
    client.force_login(candidat)
    for page in ("candidatures:recepisse", "candidatures:apercu"):
        contenu = client.get(reverse(page, args=[depose.pk])).content.decode()
        assert url in contenu and "Télécharger le dossier (PDF)" in contenu, page
    assert lien in client.get(reverse("candidatures:apercu", args=[depose.pk])).content.decode()
    for lecteur in (instructeur, agent_nord):
        client.force_login(lecteur)
        assert lien in client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
