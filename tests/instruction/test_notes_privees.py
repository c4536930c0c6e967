"""Issue 17, point 14: private notes on a dossier. An instructeur national adds one, every instructeur
national reads them with their author and date, only its author changes or deletes it. A candidat, an
agent territorial and an administrateur (who does not instruct: ``comptes.models.Role``) get 403 or 404 on
every URL of the notes and never read a note's text: not on the dossier's pages, not in its PDF (the
instruction's version is also the administrateurs': the notes are left out of it), not in an export, not
in the API."""

import pytest
from django.urls import reverse

from instruction.models import NotePrivee
from tests.api.outils import ClientApi, emettre
from tests.exports.demandes import exporter
from tests.exports.test_pdf import pdftotext, telecharger
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db

SECRET = "Porteur fragile : vérifier la trésorerie avant le comité (confidentiel)."


def fiche(dossier, **params):
    return reverse("instruction:dossier", args=[dossier.pk]) + (
        f"?onglet={params['onglet']}" if params else ""
    )


def ajouter(dossier):
    return reverse("instruction:notes", args=[dossier.pk])


def modifier(note):
    return reverse("instruction:note_modifier", args=[note.dossier_id, note.pk])


def supprimer(note):
    return reverse("instruction:note_supprimer", args=[note.dossier_id, note.pk])


@pytest.fixture
def note(depose, instructeur):
    return NotePrivee.objects.create(dossier=depose, auteur=instructeur, texte=SECRET)


def test_ajouter_lire_modifier_supprimer_sa_note(client, depose, instructeur, instructeur2):
    client.force_login(instructeur)
    page = client.get(fiche(depose, onglet="notes")).content.decode()
    assert 'id="onglet-notes"' in page and "Aucune note privée sur ce dossier." in page
    reponse = client.post(ajouter(depose), {"texte": f"  {SECRET}  "})
    note = NotePrivee.objects.get()
    assert reponse["Location"] == fiche(depose, onglet="notes") + f"#note-{note.pk}"
    assert (note.auteur, note.texte, note.modifiee_le) == (instructeur, SECRET, None)
    page = client.get(fiche(depose, onglet="notes")).content.decode()
    assert SECRET in page and "Alex Durand</strong> (vous), le " in page and "Modifier<span" in page

    # A colleague reads it, with its author; he may neither change nor delete it.
    client.force_login(instructeur2)
    page = client.get(fiche(depose, onglet="notes")).content.decode()
    assert SECRET in page and "Alex Durand</strong>, le " in page and modifier(note) not in page
    assert client.get(modifier(note)).status_code == 403
    assert client.post(modifier(note), {"texte": "Réécrite."}).status_code == 403
    assert client.get(supprimer(note)).status_code == 403
    assert client.post(supprimer(note)).status_code == 403
    assert NotePrivee.objects.get().texte == SECRET

    client.force_login(instructeur)
    assert SECRET in client.get(modifier(note)).content.decode()
    assert client.post(modifier(note), {"texte": "Trésorerie vérifiée."}).status_code == 302
    note.refresh_from_db()
    assert note.texte == "Trésorerie vérifiée." and note.modifiee_le is not None
    assert "modifiée le" in client.get(fiche(depose, onglet="notes")).content.decode()
    assert "Supprimer la note" in client.get(supprimer(note)).content.decode()  # asked first
    assert client.post(supprimer(note))["Location"] == fiche(depose, onglet="notes") + "#notes"
    assert not NotePrivee.objects.exists()


def test_une_note_vide_ou_trop_longue_est_refusee(client, depose, instructeur, note):
    client.force_login(instructeur)
    reponse = client.post(ajouter(depose), {"texte": "   "})
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Écrivez le texte de la note." in page and 'id="resume-erreurs"' in page
    assert 'aria-selected="true" tabindex="0">Notes privées' in page  # the notes' tab is open
    assert client.post(modifier(note), {"texte": "x" * 5001}).status_code == 422
    assert NotePrivee.objects.count() == 1


def test_une_note_d_un_autre_dossier_ou_d_un_brouillon_est_introuvable(
    client, candidat, depose, instructeur, note
):
    autre = DossierFactory(organisation=candidat.organisation)  # a draft: no page of the State's
    client.force_login(instructeur)
    assert client.post(ajouter(autre), {"texte": "Note."}).status_code == 404
    url = reverse("instruction:note_modifier", args=[autre.pk, note.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("instruction:note_modifier", args=[depose.pk, note.pk + 1])).status_code == 404


@pytest.mark.parametrize("profil", ["candidat", "agent_nord", "administrateur"])
def test_les_autres_profils_n_atteignent_aucune_url_des_notes(client, request, profil, depose, note):
    client.force_login(request.getfixturevalue(profil))
    for methode, url, donnees in [
        ("post", ajouter(depose), {"texte": "Intrusion."}),
        ("get", modifier(note), None),
        ("post", modifier(note), {"texte": "Intrusion."}),
        ("get", supprimer(note), None),
        ("post", supprimer(note), {}),
    ]:
        reponse = getattr(client, methode)(url, donnees)
        assert reponse.status_code in (403, 404), (profil, methode, url, reponse.status_code)
        assert SECRET not in reponse.content.decode()
    assert NotePrivee.objects.get().texte == SECRET and NotePrivee.objects.count() == 1


@pytest.mark.parametrize("profil", ["agent_nord", "administrateur"])
def test_ni_un_agent_ni_un_administrateur_ne_lisent_une_note(client, request, profil, depose, note, tmp_path):
    user = request.getfixturevalue(profil)
    client.force_login(user)
    for onglet in ("dossier", "historique", "notes"):
        page = client.get(fiche(depose, onglet=onglet)).content.decode()
        assert SECRET not in page and 'id="onglet-notes"' not in page and "Notes privées" not in page
    assert SECRET not in pdftotext(telecharger(client, user, depose).content, tmp_path)
    assert SECRET not in exporter(client, user, "csv", "dossiers").decode("utf-8-sig")
    api = ClientApi(emettre(user))
    assert SECRET not in api.get(reverse("api:v1:dossier", args=[depose.pk])).content.decode()


def test_le_porteur_ne_lit_jamais_une_note(client, candidat, depose, note, tmp_path):
    client.force_login(candidat)
    for url in (reverse("candidatures:apercu", args=[depose.pk]), reverse("candidatures:mes_dossiers")):
        assert SECRET not in client.get(url).content.decode()
    assert SECRET not in pdftotext(telecharger(client, candidat, depose).content, tmp_path)


def test_meme_l_instructeur_ne_la_retrouve_ni_dans_le_pdf_ni_dans_les_exports_ni_dans_l_api(
    client, instructeur, depose, note, tmp_path
):
    """The instruction's PDF is also the administrateurs' (``politique.VERSIONS_PDF``): no note in it."""
    assert SECRET not in pdftotext(telecharger(client, instructeur, depose).content, tmp_path)
    assert SECRET not in exporter(client, instructeur, "csv", "dossiers").decode("utf-8-sig")
    api = ClientApi(emettre(instructeur))
    assert SECRET not in api.get(reverse("api:v1:dossier", args=[depose.pk])).content.decode()
