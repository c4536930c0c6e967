"""Several calls on one portal (issue 19), the administrateur: a new call (empty or duplicated), its
life (published, closed, archived, journaled), the lauréats of the other calls carried into R08, its
presentation; hostile names stay text; nobody else reaches these pages."""

import datetime

import pytest
from django.urls import reverse

from administration import services
from ami.models import Appel, EtatAppel, ExclusionR08
from candidatures.appels import CLE_SESSION
from candidatures.depot import deposer
from candidatures.models import Dossier
from core import historique
from tests.depots import dossiers_a_l_etat
from tests.factories import AppelFactory, DossierFactory, UserFactory
from tests.formulaires import valeurs_du_formulaire

pytestmark = pytest.mark.django_db


def test_dupliquer_un_appel_reprend_parametres_grille_et_exclusions(client, administrateur, vague2):
    Appel.objects.filter(pk=vague2.pk).update(presentation="La **deuxième** vague.")
    vague2.refresh_from_db()
    ExclusionR08.objects.create(appel=vague2, nature="laureat_ami1", nom="CD du Gers", siret="22320001100011")
    client.force_login(administrateur)
    reponse = client.get(reverse("ami:appel_nouveau"), {"depuis": vague2.pk})
    assert reponse.status_code == 200
    donnees = valeurs_du_formulaire(reponse.context["form"])
    assert donnees["prefixe_numero"] == "" and donnees["nom_court"] == ""
    # the prefix of an existing call: refused, next to the field, with what was typed kept
    donnees.update(nom_court="AMI SPIE — vague 3", prefixe_numero="AMI2-SPIE-2021", depuis=vague2.pk)
    reponse = client.post(reverse("ami:appel_nouveau"), donnees)
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "Ce préfixe est déjà celui d’un autre appel : choisissez-en un autre." in page
    assert 'value="AMI SPIE — vague 3"' in page
    donnees["prefixe_numero"] = "AMI3-SPIE"
    reponse = client.post(reverse("ami:appel_nouveau"), donnees)
    assert reponse.status_code == 302
    nouveau = Appel.objects.get(prefixe_numero="AMI3-SPIE")
    assert nouveau.etat == EtatAppel.BROUILLON
    assert client.session[CLE_SESSION] == nouveau.pk
    assert nouveau.part_etat_max == vague2.part_etat_max and nouveau.titre == vague2.titre
    # every parameter of the call is a field of « Nouvel appel »: none lost in the copy
    assert services.valeurs_a_copier(nouveau) == {
        **services.valeurs_a_copier(vague2),
        "nom_court": "AMI SPIE — vague 3",
    }
    champs = ("ordre", "libelle", "poids", "note_max")
    assert list(nouveau.criteres.values_list(*champs)) == list(vague2.criteres.values_list(*champs))
    assert list(nouveau.exclusions.values_list("nom", "siret")) == [("CD du Gers", "22320001100011")]
    # the parameters' page now works on the new call, its prefix editable while it is a draft
    page = client.get(reverse("ami:administration")).content.decode()
    assert 'value="AMI3-SPIE"' in page and 'name="prefixe_numero"' in page


def test_un_nouvel_appel_vide_a_la_grille_de_reference(client, administrateur, vague2):
    client.force_login(administrateur)
    donnees = valeurs_du_formulaire(client.get(reverse("ami:appel_nouveau")).context["form"])
    donnees.update(nom_court="Appel test", prefixe_numero="TEST-1")
    assert client.post(reverse("ami:appel_nouveau"), donnees).status_code == 302
    nouveau = Appel.objects.get(prefixe_numero="TEST-1")
    assert nouveau.criteres.count() == vague2.criteres.count() > 0
    assert not nouveau.exclusions.exists()


def test_publier_clore_archiver_journalise_et_refuse_ce_qu_il_faut(client, administrateur, candidat, vague2):
    appel = AppelFactory(
        nom_court="Vague 3",
        etat=EtatAppel.BROUILLON,
        date_ouverture=datetime.date(2021, 7, 1),
        date_limite_depot=datetime.date(2099, 12, 31),
    )
    client.force_login(candidat)
    assert "Vague 3" not in client.get(reverse("candidatures:mes_dossiers")).content.decode()
    client.force_login(administrateur)
    assert client.post(reverse("ami:appel_etat", args=[appel.pk, "archiver"])).status_code == 302
    appel.refresh_from_db()
    assert appel.etat == EtatAppel.BROUILLON  # not from a draft
    client.post(reverse("ami:appel_etat", args=[appel.pk, "publier"]))
    appel.refresh_from_db()
    assert appel.etat == EtatAppel.PUBLIE
    changements = [c for e in historique.entrees(historique.pour(appel)) for c in e.changements]
    assert any("Brouillon" in c and "Publié" in c for c in map(" ".join, changements)), changements
    # published: the candidat sees it and creates a dossier in it
    client.force_login(candidat)
    page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    assert "Vague 3" in page and f'name="appel" value="{appel.pk}"' in page
    reponse = client.post(reverse("candidatures:creer"), {"appel": appel.pk, "intitule": "SPIE vague 3"})
    assert reponse.status_code == 302
    dossier = Dossier.objects.get(intitule="SPIE vague 3")
    assert dossier.appel == appel
    # closed: no creation, no dépôt, even before the deadline
    client.force_login(administrateur)
    client.post(reverse("ami:appel_etat", args=[appel.pk, "clore"]))
    client.force_login(candidat)
    reponse = client.post(
        reverse("candidatures:creer"), {"appel": appel.pk, "intitule": "Encore un"}, follow=True
    )
    assert "Les dépôts de l’appel « Vague 3 » sont clos : il n’est plus possible d’y créer un dossier." in (
        reponse.content.decode()
    )
    resultat = deposer(dossier.pk, candidat)
    assert not resultat.depose
    assert (
        resultat.motif == "Les dépôts de l’appel « Vague 3 » sont clos : le dossier ne peut plus être déposé."
    )
    # archived: its parameters read only
    client.force_login(administrateur)
    client.post(reverse("ami:appel_etat", args=[appel.pk, "archiver"]))
    appel.refresh_from_db()
    assert appel.etat == EtatAppel.ARCHIVE
    page = client.get(reverse("ami:administration"), {"appel": appel.pk}).content.decode()
    assert "Cet appel est archivé" in page and "Enregistrer les paramètres" not in page
    reponse = client.post(reverse("ami:administration"), {"titre": "Autre"}, follow=True)
    assert "L’appel « Vague 3 » est archivé : il n’est plus modifiable." in reponse.content.decode()
    appel.refresh_from_db()
    assert appel.titre != "Autre"


def test_services_changer_etat_refuse_une_publication_sans_grille(vague2):
    appel = AppelFactory(etat=EtatAppel.BROUILLON)
    appel.criteres.all().delete()
    assert services.changer_etat(appel, "publier", None) == (
        "L’appel n’a pas de grille de notation : ajoutez au moins un critère avant de le publier."
    )


def test_un_appel_archive_se_lit_et_ne_se_modifie_plus(client, vague2, candidat, instructeur):
    from candidatures import cycle

    brouillon = DossierFactory(organisation=candidat.organisation, appel=vague2)
    depose = dossiers_a_l_etat(1, departements=("59",), appel=vague2)[0]
    Appel.objects.filter(pk=vague2.pk).update(etat=EtatAppel.ARCHIVE)
    brouillon = Dossier.objects.get(pk=brouillon.pk)
    depose = Dossier.objects.get(pk=depose.pk)
    assert not brouillon.modifiable and brouillon.sections_ouvertes() == set()
    assert cycle.refus(depose, cycle.Action.PRENDRE, instructeur) == (
        "L’appel « AMI SPIE — vague 2 » est archivé : ses dossiers ne se modifient plus."
    )
    assert cycle.actions_possibles(depose, instructeur) == []
    client.force_login(candidat)
    reponse = client.post(reverse("candidatures:section", args=[brouillon.pk, "chef_de_file"]), {})
    assert reponse.status_code == 403
    assert client.get(reverse("candidatures:apercu", args=[brouillon.pk])).status_code == 200


def test_le_nom_d_un_appel_hostile_reste_du_texte_partout(client, vague2, candidat, administrateur):
    from tests.charges_xss import CHARGES

    for charge in CHARGES:
        hostile = AppelFactory(nom_court=charge[:60], titre=charge, date_ouverture=datetime.date(2022, 1, 1))
        for user, url in (
            (candidat, reverse("candidatures:mes_dossiers")),
            (UserFactory(instructeur=True), reverse("instruction:a_instruire")),
            (administrateur, reverse("ami:appels")),
            (administrateur, reverse("ami:administration") + f"?appel={hostile.pk}"),
            (None, reverse("accueil")),
        ):
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            page = client.get(url).content.decode()
            assert page.count(hostile.nom_court) == 0 or not set("<>\"'") & set(hostile.nom_court), url
            if "{{" in charge:  # template syntax printed, never run
                assert "{{ 7|add:42 }}" in page, url
        hostile.delete()


def test_reprendre_les_laureats_des_appels_precedents(client, administrateur, vague2, instructeur):
    from candidatures.models import Etat
    from consortium.models import Membre, TypeMembre

    laureat = dossiers_a_l_etat(1, Etat.LAUREAT, departements=("59",), appel=vague2)[0]
    Membre.objects.filter(dossier=laureat).delete()
    Membre.objects.create(dossier=laureat, type=TypeMembre.OPERATEUR, structure="Mission locale de Lille")
    Membre.objects.create(dossier=laureat, type=TypeMembre.POLE_EMPLOI, structure="Pôle emploi Nord")
    dossiers_a_l_etat(1, Etat.EN_INSTRUCTION, departements=("62",), appel=vague2)  # not a lauréat
    suivante = AppelFactory(nom_court="Vague 3", etat=EtatAppel.BROUILLON)
    client.force_login(administrateur)
    url = reverse("ami:reprendre_laureats", args=[suivante.pk])
    page = client.get(url).content.decode()
    porteur = laureat.organisation
    assert page.count("sera ajouté") == 2  # the porteur and the Mission locale, not Pôle emploi
    assert porteur.siret in page and "Mission locale de Lille" in page and "Pôle emploi Nord" not in page
    assert f"{laureat.numero} — lauréat de « AMI SPIE — vague 2 »" in page
    assert not suivante.exclusions.exists()  # shown, not applied
    reponse = client.post(url, follow=True)
    assert "2 exclusions ajoutées à « Vague 3 »." in reponse.content.decode()
    assert sorted(suivante.exclusions.values_list("nature", "nom", "siret", "departement_id")) == [
        ("laureat_appel", porteur.nom, porteur.siret, "59"),
        ("membre_laureat", "Mission locale de Lille", "", "59"),
    ]
    assert client.get(url).content.decode().count("sera ajouté") == 0  # twice: nothing more
    reponse = client.post(url, follow=True)
    assert "Rien à ajouter" in reponse.content.decode()
    # R08 of the new call excludes the lauréat's porteur, not in vague 2's
    from candidatures.bilan import bilan

    def r08(appel):
        dossier = DossierFactory(organisation=porteur, appel=appel)
        [ligne] = [ligne for ligne in bilan(dossier).recevabilite.bloquantes if ligne.regle == "R08"]
        return ligne.resultat.message

    exclu = f"({porteur.nom}, lauréat d’un appel précédent du portail)"
    assert exclu in r08(suivante) and exclu not in r08(vague2)


@pytest.mark.parametrize("role", ["candidat", "instructeur", "agent", "anonyme"])
def test_les_pages_des_appels_sont_aux_administrateurs(client, vague2, role):
    if role != "anonyme":
        client.force_login(UserFactory(**({} if role == "candidat" else {role: True})))
    for methode, url in (
        ("get", reverse("ami:appels")),
        ("get", reverse("ami:appel_nouveau") + f"?depuis={vague2.pk}"),
        ("post", reverse("ami:appel_nouveau")),
        ("get", reverse("ami:reprendre_laureats", args=[vague2.pk])),
        ("post", reverse("ami:reprendre_laureats", args=[vague2.pk])),
        ("post", reverse("ami:appel_etat", args=[vague2.pk, "clore"])),
    ):
        reponse = getattr(client, methode)(url)
        assert reponse.status_code in (302, 403), (role, url)
        if role != "anonyme":
            assert reponse.status_code == 403, (role, url)
    vague2.refresh_from_db()
    assert vague2.etat == EtatAppel.PUBLIE and Appel.objects.count() == 1


def test_la_presentation_de_l_appel_sur_sa_page_d_accueil(client, administrateur, vague2, vague3):
    client.force_login(administrateur)
    reponse = client.get(reverse("ami:administration"), {"appel": vague3.pk})
    donnees = valeurs_du_formulaire(reponse.context["form"])
    donnees["presentation"] = "La **troisième** vague.\n\n- Lille\n- Arras\n\n<script>alert(1)</script>"
    assert client.post(reverse("ami:administration"), donnees).status_code == 302
    client.logout()
    page = client.get(reverse("accueil"), {"appel": vague3.pk}).content.decode()
    assert (
        "<p>La <strong>troisième</strong> vague.</p>" in page
        and "<ul><li>Lille</li><li>Arras</li></ul>" in page
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    page = client.get(reverse("accueil"), {"appel": vague2.pk}).content.decode()
    assert "troisième" not in page and f"sélectionner {vague2.nombre_laureats}" in page
