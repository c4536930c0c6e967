"""Point 12: the attestation de dépôt (``candidatures.attestation``) — the empreinte SHA-256 of the
deposited content, sealed at the dépôt, the same for the same content and another for a change; the PDF
(number, date and hour in words, porteur, SIRET, intitulé, chef de file, empreinte), read back with
pdftotext; who may download it (another porteur, a draft: 404); the récépissé's labelled link."""

import datetime
import hashlib
import json
import re

import pytest
from django.urls import reverse

from candidatures import attestation
from candidatures.cycle import Action
from candidatures.depot import rouvrir
from candidatures.models import Transition
from candidatures.recevabilite import charger
from tests.depots import deposer_dossier
from tests.exports.test_pdf import norme, pdftotext
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = datetime.timezone(datetime.timedelta(hours=2))  # summer time


def telecharger(client, user, dossier):
    client.force_login(user)
    return client.get(reverse("attestation_depot", args=[dossier.pk]))


def test_la_meme_empreinte_pour_le_meme_contenu_une_autre_pour_un_contenu_change(depose):
    contenu = attestation.contenu_depose(charger(depose))
    assert attestation.empreinte(contenu) == attestation.empreinte(json.loads(json.dumps(contenu)))
    assert re.fullmatch(r"[0-9a-f]{64}", attestation.empreinte(contenu))
    # Anyone can recompute it: SHA-256 of the canonical JSON, as the module's docstring says.
    canonique = json.dumps(contenu, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert attestation.empreinte(contenu) == hashlib.sha256(canonique.encode("utf-8")).hexdigest()
    change = json.loads(json.dumps(contenu))
    change["dossier"]["intitule"] += "."
    assert attestation.empreinte(change) != attestation.empreinte(contenu)
    # A changed answer in a section, read from the database: another empreinte.
    depose.methodologie_equipe = (depose.methodologie_equipe or "") + " Une phrase de plus."
    depose.save(update_fields=["methodologie_equipe"])
    assert attestation.empreinte(attestation.contenu_depose(charger(depose))) != attestation.empreinte(
        contenu
    )


def test_le_depot_scelle_le_contenu_et_son_empreinte_dans_l_historique(depose):
    transition = attestation.transition_depot(depose)
    assert transition.action == Action.DEPOSER
    sceau = transition.donnees
    assert sceau["empreinte"] == attestation.empreinte(sceau["contenu"])
    assert sceau["contenu"]["dossier"]["numero"] == depose.numero
    assert sceau["contenu"]["dossier"]["siret"] == depose.organisation.siret
    assert {p[3] for p in sceau["contenu"]["pieces"]} == {p.empreinte for p in depose.pieces.all()} - {""}
    assert sceau["contenu"]["depenses"] and sceau["contenu"]["sections"]["axe_4"]
    # The dossier unchanged since: recomputed over its content, the same empreinte.
    assert attestation.empreinte(attestation.contenu_depose(charger(depose))) == sceau["empreinte"]
    assert attestation.scellement(depose) == sceau["empreinte"]


def test_un_depot_sans_sceau_a_l_empreinte_de_son_contenu(depose):
    Transition.objects.filter(dossier=depose, action=Action.DEPOSER).update(donnees={})
    assert attestation.scellement(depose) == attestation.empreinte(
        attestation.contenu_depose(charger(depose))
    )


@pytest.mark.parametrize(
    ("moment", "attendu"),
    [
        (datetime.datetime(2021, 4, 14, 23, 59, 12, tzinfo=PARIS), "le 14 avril 2021 à 23 h 59 min 12 s"),
        (datetime.datetime(2021, 10, 1, 9, 5, 3, tzinfo=PARIS), "le 1er octobre 2021 à 9 h 05 min 03 s"),
        (
            datetime.datetime(2021, 12, 31, 22, 0, 0, tzinfo=datetime.UTC),
            "le 31 décembre 2021 à 23 h 00 min 00 s",
        ),
    ],
)
def test_date_et_heure_en_toutes_lettres_heure_de_paris(moment, attendu):
    assert attestation.date_et_heure(moment) == attendu


def test_le_porteur_telecharge_l_attestation_et_y_lit_numero_date_porteur_empreinte(
    client, depose, collegue, tmp_path
):
    reponse = telecharger(client, collegue, depose)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert f'filename="attestation-depot-{depose.numero}.pdf"' in reponse["Content-Disposition"]
    assert reponse.content.startswith(b"%PDF-")
    texte = norme(pdftotext(reponse.content, tmp_path))
    empreinte = attestation.transition_depot(depose).donnees["empreinte"]
    for attendu in (
        "Attestation de dépôt",
        depose.numero,
        attestation.date_et_heure(depose.depose_le),
        depose.organisation.nom,
        depose.organisation.siret,
        depose.intitule,
        "Empreinte SHA-256 du contenu déposé",
        empreinte,
    ):
        assert norme(attendu) in texte, attendu
    if depose.nom_chef_de_file:
        assert norme(depose.nom_chef_de_file) in texte


def test_l_instructeur_telecharge_l_attestation(client, depose, instructeur):
    reponse = telecharger(client, instructeur, depose)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"


def test_la_fiche_de_l_instructeur_porte_le_lien_de_l_attestation(client, depose, instructeur):
    client.force_login(instructeur)
    html = client.get(reverse("instruction:dossier", args=[depose.pk])).content.decode()
    lien = re.search(r'href="([^"]+)" download>Télécharger l’attestation de dépôt \(PDF\)</a>', html)
    assert lien and lien.group(1) == reverse("attestation_depot", args=[depose.pk])


def test_un_autre_porteur_un_brouillon_un_dossier_rouvert_une_404(client, depose, candidat):
    autre = UserFactory()  # the candidat of another conseil départemental
    assert telecharger(client, autre, depose).status_code == 404
    brouillon = DossierFactory(organisation=candidat.organisation, cree_par=candidat)
    assert telecharger(client, candidat, brouillon).status_code == 404
    assert rouvrir(depose.pk, candidat, "Une correction").fait
    assert telecharger(client, candidat, depose).status_code == 404
    assert telecharger(client, candidat, type(depose)(pk=10**9)).status_code == 404


def test_un_visiteur_non_connecte_est_renvoye_a_la_connexion(client, depose):
    reponse = client.get(reverse("attestation_depot", args=[depose.pk]))
    assert reponse.status_code == 302 and "connexion" in reponse["Location"]


def test_le_recepisse_porte_le_lien_libelle_avec_format_et_taille(client, depose, candidat):
    client.force_login(candidat)
    html = client.get(reverse("candidatures:recepisse", args=[depose.pk])).content.decode()
    lien = re.search(r'<a class="fr-link fr-link--download" href="([^"]+)" download>(.*?)</a>', html, re.S)
    assert lien and lien.group(1) == reverse("attestation_depot", args=[depose.pk])
    assert "Télécharger l’attestation de dépôt (PDF)" in lien.group(2)
    assert re.search(r'<span class="fr-link__detail">PDF – \d+ ko</span>', lien.group(2))


def test_un_autre_depot_du_meme_contenu_a_la_meme_empreinte(candidat, collegue):
    premier = deposer_dossier(candidat, intitule="Projet identique")
    second = deposer_dossier(candidat, intitule="Projet identique")
    contenus = [attestation.transition_depot(d).donnees["contenu"] for d in (premier, second)]
    # Two dossiers differ by their number and their pièces' files; the rest of their content is the same.
    for contenu in contenus:
        contenu["dossier"]["numero"] = ""
        contenu["pieces"] = []
        contenu["sections"].pop("pieces")
    assert attestation.empreinte(contenus[0]) == attestation.empreinte(contenus[1])


def test_le_telechargement_lit_peu_de_requetes_et_le_journal_le_consigne(
    client, depose, candidat, django_assert_max_num_queries
):
    from comptes.models_securite import EvenementSecurite

    client.force_login(candidat)
    url = reverse("attestation_depot", args=[depose.pk])
    client.get(url)  # the PDF built once, then cached
    # session, user, the dossier (its call, porteur, depositor joined), its dépôt, the event of the log
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    assert (
        EvenementSecurite.objects.filter(objet=f"Attestation de dépôt du dossier {depose.numero}").count()
        == 2
    )
