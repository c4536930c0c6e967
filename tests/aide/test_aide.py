"""Point 13: « Besoin d'aide ? » — the service régional de l'État of the candidat's région (his
organisation's, his dossier's), the call's national address, the FAQ; every région's DREETS named by the
data migration, its address given by the administrateur; a dossier of another porteur ignored."""

import pytest
from django.urls import reverse

from territoires import contacts
from territoires.models import Region
from tests.factories import DepartementFactory, DossierFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_chaque_region_a_son_service_regional_nomme():
    noms = dict(Region.objects.values_list("code", "service_regional"))
    assert len(noms) == 18 and all(noms.values())
    assert noms["32"] == "DREETS Hauts-de-France"
    assert noms["11"] == "DRIEETS Île-de-France"
    assert noms["04"] == "DEETS La Réunion"


def test_le_candidat_voit_la_dreets_de_sa_region_et_l_adresse_nationale(client, candidat, appel_ouvert):
    Region.objects.filter(code="32").update(courriel_service_regional="spie@hdf.exemple.gouv.fr")
    client.force_login(candidat)
    reponse = client.get(reverse("ami:aide"))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'id="contact-32"' in html and "DREETS Hauts-de-France" in html
    assert 'href="mailto:spie@hdf.exemple.gouv.fr"' in html
    assert f'href="mailto:{appel_ouvert.courriel_contact}" id="courriel-national"' in html
    assert reverse("ami:faq") in html


def test_sans_adresse_regionale_le_renvoi_a_l_adresse_nationale(client, candidat, appel_ouvert):
    client.force_login(candidat)
    html = client.get(reverse("ami:aide")).content.decode()
    assert "son adresse de contact n’a pas encore été communiquée" in html


def test_la_region_du_dossier_et_une_region_choisie(client, candidat):
    dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat)
    bretagne = DepartementFactory(code="35", nom="Ille-et-Vilaine", region__code="53", region__nom="Bretagne")
    dossier.departements.add(bretagne)
    client.force_login(candidat)
    html = client.get(reverse("ami:aide"), {"dossier": dossier.pk}).content.decode()
    assert 'id="contact-32"' in html and 'id="contact-53"' in html
    assert reverse("candidatures:apercu", args=[dossier.pk]) in html
    html = client.get(reverse("ami:aide"), {"region": "76"}).content.decode()
    assert 'id="contact-76"' in html and "DREETS Occitanie" in html


def test_le_dossier_d_un_autre_porteur_est_ignore(client, candidat):
    autre = OrganisationFactory(departement=DepartementFactory(code="35", region__code="53"))
    dossier = DossierFactory(organisation=autre)
    dossier.departements.add(autre.departement)
    client.force_login(candidat)
    html = client.get(reverse("ami:aide"), {"dossier": dossier.pk}).content.decode()
    assert 'id="contact-53"' not in html and dossier.intitule not in html


def test_un_visiteur_choisit_sa_region(client):
    html = client.get(reverse("ami:aide")).content.decode()
    assert 'class="fr-callout fr-mb-3w contact-regional"' not in html
    assert '<label class="fr-label" for="region">Votre région</label>' in html
    html = client.get(reverse("ami:aide"), {"region": "53"}).content.decode()
    assert 'id="contact-53"' in html and "DREETS Bretagne" in html


def test_le_pied_de_page_mene_a_l_aide_et_aux_questions(client):
    html = client.get(reverse("accueil")).content.decode()
    assert f'href="{reverse("ami:aide")}">Besoin d’aide ?</a>' in html
    assert f'href="{reverse("ami:faq")}">Questions / réponses</a>' in html


def test_autant_de_requetes_quel_que_soit_le_nombre_de_dossiers(
    client, candidat, django_assert_max_num_queries
):
    client.force_login(candidat)
    dossier = DossierFactory(organisation=candidat.organisation, cree_par=candidat)
    client.get(reverse("ami:aide"), {"dossier": dossier.pk})
    with django_assert_max_num_queries(12) as avant:
        client.get(reverse("ami:aide"), {"dossier": dossier.pk})
    for _ in range(5):
        DossierFactory(organisation=candidat.organisation, cree_par=candidat).departements.add(
            candidat.organisation.departement
        )
    dossier.departements.add(candidat.organisation.departement, DepartementFactory(code="62"))
    with django_assert_max_num_queries(len(avant.captured_queries)):
        client.get(reverse("ami:aide"), {"dossier": dossier.pk})


def test_contacts_dans_l_ordre_sans_doublon(candidat):
    liste = contacts.tous()
    assert [c.region.code for c in contacts.contacts(["53", "32", "99"], liste)] == ["53", "32"]
    assert contacts.regions_du_candidat(candidat) == ["32"]


def _envoi(regions, changes: dict) -> dict:
    donnees = {"form-TOTAL_FORMS": str(len(regions)), "form-INITIAL_FORMS": str(len(regions))}
    for i, region in enumerate(regions):
        donnees[f"form-{i}-code"] = region.code
        donnees[f"form-{i}-courriel_service_regional"] = changes.get(
            region.code, region.courriel_service_regional
        )
    return donnees


def test_l_administrateur_donne_l_adresse_d_une_dreets_inscrite_au_journal(client, administrateur):
    from auditlog.models import LogEntry

    client.force_login(administrateur)
    url = reverse("ami:contacts")
    assert client.get(url).status_code == 200
    regions = list(Region.objects.order_by("code"))
    reponse = client.post(url, _envoi(regions, {"53": "spie@bretagne.exemple.gouv.fr"}))
    assert reponse.status_code == 302
    assert Region.objects.get(code="53").courriel_service_regional == "spie@bretagne.exemple.gouv.fr"
    entree = LogEntry.objects.latest("timestamp")
    assert entree.additional_data["objet"] == "Contact de la DREETS Bretagne"
    assert entree.additional_data["changements"] == [
        ["Adresse de contact", "—", "spie@bretagne.exemple.gouv.fr"]
    ]
    assert (
        "spie@bretagne.exemple.gouv.fr" in client.get(reverse("ami:aide"), {"region": "53"}).content.decode()
    )
    # An address that is none: refused beside its field, nothing saved.
    reponse = client.post(url, _envoi(regions, {"32": "pas-une-adresse"}))
    assert reponse.status_code == 422 and "fr-message--error" in reponse.content.decode()
    assert Region.objects.get(code="32").courriel_service_regional == ""


@pytest.mark.parametrize("role", ["candidat", "instructeur"])
def test_les_autres_roles_n_ont_pas_la_page_des_contacts(client, role, candidat, instructeur):
    client.force_login(candidat if role == "candidat" else instructeur)
    regions = list(Region.objects.order_by("code"))
    reponse = client.post(reverse("ami:contacts"), _envoi(regions, {"53": "x@exemple.fr"}))
    assert reponse.status_code in (302, 403, 404)
    assert Region.objects.get(code="53").courriel_service_regional == ""
