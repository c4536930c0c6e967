"""Issue 16, points 4, 12 and 13: what each member of the consortium is (its statut, asked on the page
and migrated from the old box), R16 with the consortium's proposals, the participation of the persons
supported and the personne relais of annexe 5, shown and saved on the « Engagements » page."""

import importlib

import pytest
from django.urls import reverse

from ami import libelles as L
from candidatures.completude import completude
from candidatures.models import Section
from candidatures.recevabilite import charger, evaluer
from candidatures.rules import r16_engagements
from candidatures.rules.engagements import ENGAGEMENTS
from consortium.models import Membre, StatutMembre, TypeMembre
from core.resultats import Statut
from demo.exemples import dossier_complet
from tests.dossier.outils import TELEPHONE_INVALIDE, balise, erreurs_du_champ, url_section
from tests.instantanes import donnees, verifier
from tests.instantanes import dossier as instantane

S, T = StatutMembre, TypeMembre
SOURCE_RELAIS = "Une personne relais devra être identifiée dans tous les territoires candidats"

# --- R16: commitments, proposals, participation, personne relais (pure) ------------------------------


def test_r16_dossier_complet_respecte():
    verifier(r16_engagements(donnees()), "R16", Statut.RESPECTE, "personne relais identifiée")


def test_r16_propositions_vides_a_completer():
    resultat = r16_engagements(donnees(dossier=instantane(engagement_propositions="  \n ")))
    verifier(
        resultat,
        "R16",
        Statut.A_COMPLETER,
        "Décrivez les propositions du consortium",
        "un engagement et des propositions du consortium",
        champ="engagements#engagement_propositions",
    )
    assert "engagement(s) sur" not in resultat.message  # every box ticked: not said


def test_r16_participation_des_personnes_a_completer():
    verifier(
        r16_engagements(donnees(dossier=instantane(participation_personnes=""))),
        "R16",
        Statut.A_COMPLETER,
        "participation des personnes accompagnées",
        "FAQ « La participation de la personne accompagnée est-elle un critère de recevabilité",
        champ="engagements#participation_personnes",
    )


@pytest.mark.parametrize(
    ("champ", "valeur", "extrait"),
    [
        ("personne_relais_nom", " ", "nom et prénom"),
        ("personne_relais_fonction", "", "fonction"),
        ("personne_relais_telephone", "03 20 63", "numéro de téléphone valide"),
        ("personne_relais_courriel", "sacha.lefebvre@", "adresse mail valide"),
    ],
)
def test_r16_personne_relais_a_completer(champ, valeur, extrait):
    verifier(
        r16_engagements(donnees(dossier=instantane(**{champ: valeur}))),
        "R16",
        Statut.A_COMPLETER,
        f"Identifiez la personne relais des services numériques — {extrait}",
        SOURCE_RELAIS,
        champ=f"engagements#{champ}",
    )


def test_r16_telephone_de_la_personne_relais_a_10_chiffres_respecte():
    """The boundary of the telephone: 9 digits are not a number, 10 are."""
    assert r16_engagements(donnees(dossier=instantane(personne_relais_telephone="032063596"))).bloquant
    resultat = r16_engagements(donnees(dossier=instantane(personne_relais_telephone="0320635960")))
    verifier(resultat, "R16", Statut.RESPECTE)


def test_r16_services_numeriques_volontaires():
    """« Sur la base du volontariat » (annexe 5): no service ticked, R16 respected."""
    d = donnees(dossier=instantane(service_carnet_de_bord=False, service_cartographie=False))
    verifier(r16_engagements(d), "R16", Statut.RESPECTE)


def test_r16_tout_manque_dit_tout():
    vide = {
        **dict.fromkeys(ENGAGEMENTS, False),
        "engagement_propositions": "",
        "participation_personnes": "",
        "personne_relais_nom": "",
        "personne_relais_fonction": "",
        "personne_relais_telephone": "",
        "personne_relais_courriel": "",
    }
    verifier(
        r16_engagements(donnees(dossier=instantane(**vide))),
        "R16",
        Statut.A_COMPLETER,
        f"{len(ENGAGEMENTS)} engagement(s) sur {len(ENGAGEMENTS)} reste(nt) à prendre (AMI, II.A).",
        "Décrivez les propositions",
        "participation des personnes accompagnées",
        "nom et prénom, fonction, numéro de téléphone valide, adresse mail valide",
        champ="engagements#engagement_coherence",
    )


def test_engagements_ecrits_en_entier_comme_l_ami():
    assert L.ENGAGEMENTS["engagement_donnees"].endswith(
        "d’utiliser les données et informations mises à disposition par les autres acteurs, dans le cadre "
        "des travaux menés au national"
    )
    assert L.ENGAGEMENTS["engagement_services_numeriques"].endswith(
        ": il s’agit d’un engagement des territoires à participer à la construction des services numériques"
    )


# --- The migration of the old box to the statut (pure) -------------------------------------------

migration = importlib.import_module("consortium.migrations.0002_consortium_statut")


@pytest.mark.parametrize(
    ("type_", "structure", "case", "attendu"),
    [
        (
            "collectivite",
            "Conseil départemental du Nord",
            False,
            "conseil_departemental",
        ),  # the probe
        ("collectivite", "Département de la Somme", False, "conseil_departemental"),
        ("collectivite", "Hôtel du département", True, "conseil_departemental"),
        ("collectivite", "Métropole européenne de Lille", False, "collectivite"),
        ("pole_emploi", "Pôle emploi Lille", False, "pole_emploi"),
        ("etat", "DDETS du Nord", False, "etat"),
        ("operateur", "Mission locale de Lille", False, "association"),
        ("operateur", "PLIE de Roubaix", False, "association"),
        ("operateur", "CAF du Nord", False, "etablissement_public"),
        ("association", "Secours catholique", False, "association"),
        ("institutionnel", "ARS Hauts-de-France", False, "etablissement_public"),
        ("formation", "E2C Lille", False, "autre"),
        ("entreprise", "GEIQ du Nord", False, "entreprise"),
        ("autre", "Fondation", False, "autre"),
    ],
)
def test_migration_statut_de(type_, structure, case, attendu):
    assert migration.statut_de(type_, structure, case) == attendu
    assert attendu in S.values


# --- Pages, forms, demo (database) ----------------------------------------------------------------


@pytest.fixture
def page(appel_ouvert, client, candidat, dossier):
    client.force_login(candidat)
    return client


def _membre(dossier, type_, structure="", **champs):
    return Membre.objects.create(dossier=dossier, type=type_, structure=structure, **champs)


@pytest.mark.django_db
def test_une_nouvelle_ligne_prend_le_statut_de_sa_rubrique(dossier):
    assert _membre(dossier, T.ASSOCIATION).statut == S.ASSOCIATION
    assert _membre(dossier, T.POLE_EMPLOI).statut == S.POLE_EMPLOI
    assert _membre(dossier, T.COLLECTIVITE).statut == ""  # the CD or another: the candidat says


@pytest.mark.django_db
def test_page_consortium_demande_le_statut_sauf_pour_pole_emploi(page, dossier):
    collectivite = _membre(dossier, T.COLLECTIVITE, "Ville de Lille")
    pole_emploi = _membre(dossier, T.POLE_EMPLOI, "Pôle emploi Lille")
    contenu = page.get(url_section(dossier, Section.CONSORTIUM)).content.decode()
    assert f'name="membre-{collectivite.pk}-statut"' in contenu
    assert f'name="membre-{pole_emploi.pk}-statut"' not in contenu
    assert "Statut de la structure :</span> Pôle emploi" in contenu
    assert "Conseil départemental</option>" in contenu
    assert "Le chef de file, conseil départemental, ne compte pas parmi ces acteurs." in contenu


@pytest.mark.django_db
def test_nom_de_cd_avec_un_autre_statut_erreur_et_rien_de_perdu(page, dossier):
    membre = _membre(dossier, T.COLLECTIVITE)
    prefixe = f"membre-{membre.pk}"
    reponse = page.post(
        url_section(dossier, Section.CONSORTIUM),
        {
            "version": 0,
            f"{prefixe}-structure": "Conseil départemental du Nord",
            f"{prefixe}-statut": S.COLLECTIVITE,
            f"{prefixe}-interlocuteur": "Claude Durand",
            f"{prefixe}-telephone": "03 20 12 34 56",
            f"{prefixe}-courriel": "claude.durand@exemple.fr",
        },
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    erreur = erreurs_du_champ(contenu, f"id_{prefixe}-structure")
    assert "Ce nom désigne un conseil départemental, mais le statut choisi est « Autre collectivité" in erreur
    assert "AMI, II.A" in erreur
    membre.refresh_from_db()
    assert (membre.structure, membre.statut) == ("Conseil départemental du Nord", S.COLLECTIVITE)
    resultat = evaluer(dossier).resultat("R04")
    assert (
        resultat.statut == Statut.A_COMPLETER
        and "le nom désigne un conseil départemental" in resultat.message
    )

    # Corrected: the statut says it is the CD — no error; the CD does not count (porteur: a CD too).
    reponse = page.post(
        url_section(dossier, Section.CONSORTIUM),
        {
            "version": 1,
            f"{prefixe}-structure": "Conseil départemental du Nord",
            f"{prefixe}-statut": S.CONSEIL_DEPARTEMENTAL,
        },
    )
    membre.refresh_from_db()
    assert membre.statut == S.CONSEIL_DEPARTEMENTAL
    assert evaluer(dossier).resultat("R04").statut == Statut.NON_RESPECTE


@pytest.mark.django_db
def test_statut_manquant_dans_la_completude(dossier):
    _membre(dossier, T.COLLECTIVITE, "Ville de Lille", interlocuteur="Claude Durand")
    consortium = next(e for e in completude(charger(dossier)) if e.section == Section.CONSORTIUM)
    assert "Membre 1 : statut de la structure" in [str(m) for m in consortium.manques]


@pytest.mark.django_db
def test_page_engagements_personne_relais_et_services(page, dossier):
    contenu = page.get(url_section(dossier, Section.ENGAGEMENTS)).content.decode()
    for texte in (
        L.SERVICES_NUMERIQUES,
        SOURCE_RELAIS,
        L.PERSONNE_RELAIS_NOM,
        "sur la base du volontariat",
        "Cartographie de l’offre d’insertion",
        "data.insertion",
        L.ENGAGEMENT_PROPOSITIONS,
        L.PARTICIPATION_PERSONNES,
        "dans le cadre des travaux menés au national",
    ):
        assert texte in contenu, texte
    # The personne relais sits in the numeric services, right after their commitment.
    assert contenu.index('id="engagement_services_numeriques"') < contenu.index('id="personne_relais_nom"')
    assert contenu.index('id="personne_relais_nom"') < contenu.index('id="engagement_dynamique_nationale"')
    assert "(Optionnel)" in contenu.split('id="service_carnet_de_bord"')[1][:2000]


@pytest.mark.django_db
def test_engagements_enregistres_telephone_invalide_garde(page, dossier):
    reponse = page.post(
        url_section(dossier, Section.ENGAGEMENTS),
        {
            "version": 0,
            "engagement_propositions": "Un comité technique mensuel.",
            "participation_personnes": "Un panel de personnes accompagnées.",
            "personne_relais_nom": "Sacha Lefebvre",
            "personne_relais_fonction": "Cheffe de projet",
            "personne_relais_telephone": "03 20",
            "personne_relais_courriel": "sacha.lefebvre@exemple.fr",
            "service_data_insertion": "on",
        },
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert TELEPHONE_INVALIDE in erreurs_du_champ(contenu, "id_personne_relais_telephone")
    assert 'value="03 20"' in balise(contenu, "personne_relais_telephone")
    dossier.refresh_from_db()
    assert dossier.engagement_propositions == "Un comité technique mensuel."
    assert dossier.participation_personnes == "Un panel de personnes accompagnées."
    assert dossier.personne_relais_telephone == "03 20"
    assert dossier.service_data_insertion and not dossier.service_carnet_de_bord
    resultat = evaluer(dossier).resultat("R16")
    assert "numéro de téléphone valide" in resultat.message
    engagements = next(e for e in completude(charger(dossier)) if e.section == Section.ENGAGEMENTS)
    assert L.PERSONNE_RELAIS_TELEPHONE in [str(m) for m in engagements.manques]


@pytest.mark.django_db
def test_dossier_d_exemple_recevable(appel_ouvert, dossier, candidat):
    """The demo's complete dossier: statuts, proposals, participation and personne relais given."""
    complet = dossier_complet(dossier, user=candidat)
    recevabilite = evaluer(complet)
    for regle in ("R04", "R16", "W01"):
        assert recevabilite.resultat(regle).statut == Statut.RESPECTE, recevabilite.resultat(regle).message
    assert not recevabilite.bloquantes
    etats = {e.section: e for e in completude(charger(complet))}
    assert etats[Section.CONSORTIUM].complete and etats[Section.ENGAGEMENTS].complete


@pytest.mark.django_db
def test_api_statut_des_membres_et_services_numeriques(appel_ouvert, depose, instructeur):
    from tests.api.outils import ClientApi, emettre

    d = ClientApi(emettre(instructeur)).get(reverse("api:v1:dossier", args=[depose.pk])).json()
    assert {m["statut"]["code"] for m in d["membres"]} == {
        "pole_emploi",
        "association",
        "etablissement_public",
        "etat",
    }
    assert d["services_numeriques"]["personne_relais"]["nom"] == depose.personne_relais_nom
    assert d["services_numeriques"]["carnet_de_bord"] is depose.service_carnet_de_bord
    assert d["engagement_propositions"] == depose.engagement_propositions
    assert d["participation_personnes"] == depose.participation_personnes


@pytest.mark.django_db
def test_resume_et_export_montrent_le_statut(appel_ouvert, depose):
    from candidatures.resume import instantane
    from exports.lignes import lignes_membres

    consortium = instantane(charger(depose))[Section.CONSORTIUM]
    assert any("— Organisme public (CAF, MSA, CCAS, ARS, GIP…)" in v for v in consortium.values())

    class Selection:
        def tranches(self):
            yield [depose.pk]

    lignes = list(lignes_membres(Selection()))
    assert {ligne[4] for ligne in lignes} >= {StatutMembre.POLE_EMPLOI.label, StatutMembre.ASSOCIATION.label}
    engagements = instantane(charger(depose))[Section.ENGAGEMENTS]
    assert engagements[L.PERSONNE_RELAIS_NOM] == depose.personne_relais_nom
