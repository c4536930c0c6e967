"""Issue 12 item 5 in Chromium: a candidat uploads a clean letter, a letter carrying EICAR and a PDF with
JavaScript; the real clamd scans them (inline at the commit, as ./bin/demo without Redis does). Each
state shows on the page (axe: 0 violation, CSP: 0 violation), the refused files are gone."""

import re

import pytest
from playwright.sync_api import expect

from demo.exemples import pdf
from pieces.models import EtatAnalyse, Piece
from tests import pdfs_hostiles as H
from tests.browser.outils import se_connecter
from tests.browser.test_dossier import candidat  # noqa: F401 — the fixture: a CD's candidat, call open
from tests.factories import MOT_DE_PASSE, DossierFactory
from tests.pieces.test_antivirus import pdf_eicar, pdf_sain

pytestmark = pytest.mark.django_db(transaction=True)


def envoyer(page, nature, nom, contenu):
    bloc = page.locator(f"#{nature}")
    bloc.locator("input[type=file]").set_input_files(
        {"name": nom, "mimeType": "application/pdf", "buffer": contenu}
    )
    bloc.get_by_role("button", name=re.compile("Envoyer")).click()
    page.wait_for_load_state()


def test_item5_televersements_dans_le_navigateur(page, candidat, clamd, capture, axe):  # noqa: F811
    dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat, modifie_par=candidat)
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{dossier.pk}/pieces/")

    envoyer(page, "annexe", "annexe-sans-danger.pdf", pdf_sain())
    expect(page.locator(".fr-alert--success")).to_contain_text(
        "« annexe-sans-danger.pdf » est joint au dossier"
    )
    expect(page.locator("#annexe")).to_contain_text("Aucun virus trouvé par l’antivirus")
    expect(
        page.locator("#annexe").get_by_role("link", name=re.compile("annexe-sans-danger.pdf"))
    ).to_be_visible()

    envoyer(page, "lettre_pole_emploi", "lettre-eicar.pdf", pdf_eicar())
    expect(page.locator(".fr-alert--error").first).to_contain_text("l’antivirus y a trouvé un virus")
    expect(page.locator("#lettre_pole_emploi")).to_contain_text("Ce fichier contenait un virus")
    assert page.locator("#lettre_pole_emploi a[href*='/pieces/']").count() == 0
    axe(page)
    capture(page, "pieces-eicar-refuse")

    envoyer(page, "lettre_pole_emploi", "lettre-script.pdf", H.open_action_javascript())
    erreur = page.locator("#id_lettre_pole_emploi-fichier-desc-error")
    expect(erreur).to_contain_text("Ce PDF contient du JavaScript, que le portail refuse")
    axe(page)
    capture(page, "pieces-javascript-refuse")

    piece = Piece.objects.get(dossier=dossier, nature="lettre_pole_emploi")
    assert (piece.analyse, piece.fichier.name) == (EtatAnalyse.INFECTEE, "")

    # clamd down: the letter waits, visibly, and cannot be downloaded.
    clamd.arreter()
    try:
        page.goto(f"/candidatures/{dossier.pk}/pieces/")
        envoyer(page, "lettre_pole_emploi", "lettre-en-attente.pdf", pdf_sain())
        expect(page.locator("#lettre_pole_emploi")).to_contain_text("L’antivirus n’a pas encore pu analyser")
        axe(page)
        capture(page, "pieces-clamd-injoignable")
        attente = Piece.objects.get(dossier=dossier, nature="lettre_pole_emploi")
        page.goto(f"/candidatures/{dossier.pk}/pieces/{attente.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Ce fichier est en cours d’analyse antivirus"
        )
        axe(page)
        capture(page, "pieces-telechargement-en-analyse")
    finally:
        assert clamd.demarrer(), clamd.erreur


def test_fidelite_annexe_trop_longue_et_lettre_de_l_autre_departement(
    page,
    candidat,  # noqa: F811
    clamd,
    capture,
    axe,
):
    """Issue 16, points 1, 6, 14 and 15 in Chromium: an 11-page annex is refused at upload with its count,
    the 10-page one joined before stays; a CD porteur on two départements joins the other CD's letter in
    its own slot, R07 follows; the territory's « pertinence » appears with the bassins."""
    from candidatures.models import Perimetre

    dossier = DossierFactory(
        organisation=candidat.organisation,
        cree_par=candidat,
        modifie_par=candidat,
        perimetre=Perimetre.DEPARTEMENT,
    )
    dossier.departements.set(["59", "62"])
    se_connecter(page, candidat.email, MOT_DE_PASSE)
    page.goto(f"/candidatures/{dossier.pk}/pieces/")
    expect(page.locator("#annexe")).to_contain_text("Exemples : graphisme, image, schéma")
    expect(page.locator("#annexe h3")).to_contain_text("Pièce jointe facultative (10 pages au maximum)")

    envoyer(page, "annexe", "annexe-10.pdf", pdf(10))
    expect(page.locator(".fr-alert--success")).to_contain_text(
        "« annexe-10.pdf » est joint au dossier (10 pages)"
    )
    envoyer(page, "annexe", "annexe-11.pdf", pdf(11))
    erreur = page.locator("#id_annexe-fichier-desc-error")
    expect(erreur).to_contain_text(
        "Ce PDF compte 11 pages ; la pièce jointe facultative en compte 10 au maximum"
    )
    expect(erreur).to_contain_text("« annexe-10.pdf » reste joint au dossier.")
    expect(page.locator("#annexe").get_by_role("link", name=re.compile("annexe-10.pdf"))).to_be_visible()
    expect(page.locator("#annexe")).not_to_contain_text("annexe-11.pdf")
    axe(page)
    capture(page, "fidelite-annexe-11-pages-refusee")
    assert list(Piece.objects.filter(dossier=dossier).values_list("nom", flat=True)) == ["annexe-10.pdf"]

    # The other CD's letter: its own slot (hidden before for a CD porteur), R07 then respected.
    expect(page.locator("#regle-R07")).to_contain_text("l’accord des deux départements")
    expect(page.locator("#lettre_cd_59")).to_have_count(0)
    envoyer(page, "lettre_cd_62", "lettre-cd-62.pdf", pdf_sain())
    expect(page.locator(".fr-alert--success")).to_contain_text("« lettre-cd-62.pdf » est joint au dossier")
    expect(page.locator("#regle-R07")).to_contain_text("l’accord des deux départements est joint")
    expect(page.locator("#regle-R01")).to_contain_text("Pas-de-Calais (62) est jointe")
    axe(page)
    capture(page, "fidelite-lettre-cd-autre-departement")
    assert Piece.objects.get(dossier=dossier, nature="lettre_cd").departement_id == "62"

    # Territory: « En quoi le territoire proposé est-il pertinent » shown once bassins are chosen.
    page.goto(f"/candidatures/{dossier.pk}/territoire/")
    pertinence = page.locator("#pertinence")
    expect(pertinence).to_be_hidden()
    page.locator("label[for=id_perimetre_1]").click()  # as a person does: the DSFR radio is its label
    expect(pertinence).to_be_visible()
    expect(pertinence).to_contain_text("Les candidats sont alors invités à préciser")
    axe(page)
    capture(page, "fidelite-territoire-pertinence")
