"""The read API v1: authentication by personal token, the web's scoping, pagination, filters, the
dossier in full (notes never for an agent), rate limiting, the number of queries, its documentation."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from api.models import JetonApi
from candidatures import cycle
from candidatures.models import Dossier, Etat
from instruction.models import Avis, Evaluation, SensAvis
from tests.api.outils import ClientApi, emettre
from tests.depots import dossiers_a_l_etat
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

LISTE = reverse("api:v1:dossiers")


def detail(dossier, suite=""):
    return reverse("api:v1:dossier", args=[dossier.pk]) + suite


def ids(reponse) -> list[int]:
    return [d["id"] for d in reponse.json()["resultats"]]


# Authentication


@pytest.mark.parametrize(
    ("entete", "message"),
    [
        (None, "Authentification requise"),
        ("Basic dXNlcjpwYXNz", "En-tête Authorization invalide"),
        ("Bearer ", "En-tête Authorization invalide"),
        ("Bearer ami_inconnu0_secret", "Jeton inconnu"),
    ],
)
def test_sans_jeton_valide_401_en_francais(client, entete, message):
    reponse = client.get(LISTE, headers={"Authorization": entete} if entete else {})
    assert reponse.status_code == 401
    assert reponse["Content-Type"].startswith("application/json")
    assert reponse["WWW-Authenticate"].startswith("Bearer")
    assert reponse.json()["detail"].startswith(message)


def test_jeton_revoque_expire_compte_desactive(instructeur, administrateur):
    revoque, expire, desactive = (
        emettre(instructeur),
        emettre(instructeur),
        emettre(UserFactory(instructeur=True)),
    )
    JetonApi.objects.get(prefixe=revoque.split("_")[1]).revoquer(administrateur)
    JetonApi.objects.filter(prefixe=expire.split("_")[1]).update(
        expire_le=timezone.localdate() - datetime.timedelta(days=1)
    )
    type(instructeur).objects.filter(jetons_api__prefixe=desactive.split("_")[1]).update(is_active=False)
    attendus = {revoque: "Ce jeton a été révoqué le", expire: "Ce jeton a expiré", desactive: "Le compte"}
    for jeton, message in attendus.items():
        reponse = ClientApi(jeton).get(LISTE)
        assert reponse.status_code == 401
        assert reponse.json()["detail"].startswith(message)


def test_jeton_valable_jusqu_au_jour_inclus_et_derniere_utilisation(instructeur):
    jeton = emettre(instructeur, expire_le=timezone.localdate())
    assert ClientApi(jeton).get(reverse("api:v1:moi")).status_code == 200
    ligne = JetonApi.objects.get()
    assert ligne.derniere_utilisation is not None
    assert jeton not in str(JetonApi.objects.values_list())  # only the empreinte is stored


def test_un_candidat_n_ouvre_pas_l_api(candidat, depose):
    reponse = ClientApi(emettre(candidat)).get(LISTE)
    assert reponse.status_code == 401
    assert "réservée aux services de l’État" in reponse.json()["detail"]


def test_les_vues_de_l_api_ne_demandent_pas_de_session():
    espace = get_resolver().url_patterns
    api = next(p for p in espace if str(p.pattern) == "api/")
    v1 = next(p for p in api.url_patterns if str(p.pattern) == "v1/")
    exemptees = {p.name for p in v1.url_patterns if getattr(p.callback, "login_required", True) is False}
    assert exemptees == {p.name for p in v1.url_patterns} - {"api-root"}
    assert {"dossiers", "dossier", "membres", "budget", "decisions", "moi", "openapi-json"} < exemptees


# Scoping


def test_l_agent_ne_voit_que_son_territoire(depose, api_agent_nord, api_agent_ailleurs):
    (bretagne,) = dossiers_a_l_etat(1, departements=("35",))
    assert ids(api_agent_nord.get(LISTE)) == [depose.pk]
    assert ids(api_agent_ailleurs.get(LISTE)) == [bretagne.pk]
    hors_territoire = api_agent_nord.get(detail(bretagne))
    inexistant = api_agent_nord.get(reverse("api:v1:dossier", args=[10**9]))
    assert hors_territoire.status_code == inexistant.status_code == 404
    assert (
        hors_territoire.json() == inexistant.json() == {"detail": "Dossier introuvable dans votre périmètre."}
    )
    for suite in ("/membres", "/budget", "/decisions"):
        assert api_agent_nord.get(detail(bretagne, suite)).status_code == 404
    moi = api_agent_ailleurs.get(reverse("api:v1:moi")).json()
    assert moi["role"]["code"] == "agent" and moi["departements"] == ["35"]


def test_l_instructeur_voit_tous_les_deposes_jamais_les_brouillons(depose, api_instructeur):
    (bretagne,) = dossiers_a_l_etat(1, departements=("35",))
    brouillon = DossierFactory()
    assert set(ids(api_instructeur.get(LISTE))) == {depose.pk, bretagne.pk}
    assert api_instructeur.get(detail(brouillon)).status_code == 404


# Pagination and filters


def test_pagination(api_instructeur):
    dossiers = dossiers_a_l_etat(7)
    page1 = api_instructeur.get(LISTE, {"taille": 3}).json()
    assert (page1["total"], page1["page"], page1["pages"], page1["taille"]) == (7, 1, 3, 3)
    assert [d["id"] for d in page1["resultats"]] == [d.pk for d in dossiers[:3]]  # oldest dépôt first
    assert page1["precedent"] is None
    assert page1["suivant"].startswith("http://testserver/api/v1/dossiers?")
    assert "page=2" in page1["suivant"] and "taille=3" in page1["suivant"]
    page3 = api_instructeur.get(page1["suivant"].replace("page=2", "page=3")).json()
    assert [d["id"] for d in page3["resultats"]] == [dossiers[6].pk]
    assert page3["suivant"] is None and "page=2" in page3["precedent"]
    au_dela = api_instructeur.get(LISTE, {"taille": 3, "page": 9}).json()
    assert au_dela["resultats"] == [] and "page=3" in au_dela["precedent"]
    assert api_instructeur.get(LISTE).json()["taille"] == 50


@pytest.mark.parametrize(
    ("parametres", "champ", "message"),
    [
        ({"taille": 201}, "taille", "Le maximum est 200."),
        ({"page": 0}, "page", "Le minimum est 1."),
        ({"page": "deux"}, "page", "Attendu : un nombre entier."),
        ({"etat": "brouillon"}, "etat", "Valeur inconnue"),
        ({"departement": "999"}, "departement", "Attendu : le code INSEE d’un département"),
        ({"modifie_depuis": "hier"}, "modifie_depuis", "Date invalide"),
    ],
)
def test_parametre_invalide_422_en_francais(api_instructeur, parametres, champ, message):
    reponse = api_instructeur.get(LISTE, parametres)
    assert reponse.status_code == 422
    corps = reponse.json()
    assert corps["detail"] == "Paramètres invalides."
    assert corps["erreurs"][0]["champ"] == champ
    assert corps["erreurs"][0]["message"].startswith(message)


def test_filtres(api_instructeur, instructeur):
    nord, pas_de_calais, bretagne = (dossiers_a_l_etat(1, departements=(c,))[0] for c in ("59", "62", "35"))
    (recevable,) = dossiers_a_l_etat(1, departements=("35",), etat=Etat.RECEVABLE)
    Dossier.objects.update(modifie_le=datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC))
    cycle.effectuer(bretagne, cycle.Action.DEMANDER_AVIS, instructeur)  # a step of the instruction today

    def filtrer(**parametres):
        return set(ids(api_instructeur.get(LISTE, parametres)))

    assert filtrer(departement="59") == {nord.pk}
    assert filtrer(region="32") == {nord.pk, pas_de_calais.pk}
    assert filtrer(etat="recevable") == {recevable.pk}
    assert filtrer(region="53", etat="depose") == {bretagne.pk}
    assert filtrer(modifie_depuis=timezone.localdate().isoformat()) == {bretagne.pk}
    assert filtrer(modifie_depuis="2021-08-31T00:00:00+02:00") == {
        nord.pk,
        pas_de_calais.pk,
        bretagne.pk,
        recevable.pk,
    }
    assert api_instructeur.get(LISTE, {"modifie_depuis": "0001-01-01T00:00:00+05:00"}).status_code == 422


# The dossier


def test_dossier_complet(depose, api_instructeur):
    reponse = api_instructeur.get(detail(depose))
    assert reponse.status_code == 200
    d = reponse.json()
    assert (d["id"], d["numero"], d["etat"]) == (
        depose.pk,
        depose.numero,
        {"code": "depose", "libelle": "Déposé"},
    )
    assert d["porteur"]["siret"] == depose.organisation.siret
    assert d["departements"][0] == {
        "code": "59",
        "nom": "Nord",
        "region": {"code": "32", "nom": "Hauts-de-France"},
    }
    assert d["cout_global"] == f"{depose.cout_global:.2f}" == d["budget"]["totaux"]["cout_global"]
    assert re.fullmatch(r"\d+\.\d{2}", d["subvention_demandee"])
    assert len(d["membres"]) == 4 and len(d["budget"]["depenses"]) == 8
    assert [a["axe"] for a in d["axes"]] == [1, 2, 3] and d["axes"][0]["objectifs"]
    assert d["chef_de_file"]["nom"] == depose.nom_chef_de_file and d["chef_de_file"]["interlocuteurs"]
    assert all(e["pris"] for e in d["engagements"])
    assert d["pieces"][0]["nature"]["code"] == "lettre_pole_emploi"
    assert [e["action"]["code"] for e in d["historique"]["historique"]] == ["deposer"]
    assert d["decision"] is None and d["historique"]["decisions"] == []
    assert d["evaluations"] == {
        "nombre": 0,
        "visibles": False,
        "moyenne": None,
        "ecart": None,
        "evaluations": [],
    }
    assert api_instructeur.get(detail(depose, "/membres")).json() == d["membres"]
    assert api_instructeur.get(detail(depose, "/budget")).json() == d["budget"]
    assert d["url"] == f"http://testserver{detail(depose)}"


def test_decisions(depose, instructeur, api_instructeur):
    cycle.effectuer(depose, cycle.Action.PRENDRE, instructeur)
    cycle.effectuer(depose, cycle.Action.DECLARER_RECEVABLE, instructeur, "Tous les critères sont remplis.")
    (ligne,) = api_instructeur.get(LISTE).json()["resultats"]
    assert ligne["decision"]["action"]["code"] == "declarer_recevable"
    assert ligne["decision"]["vers"]["code"] == "recevable" and ligne["decision"]["par"] == "Alex Durand"
    historique = api_instructeur.get(detail(depose, "/decisions")).json()
    assert [t["action"]["code"] for t in historique["decisions"]] == ["declarer_recevable"]
    assert historique["decisions"][0]["motif"] == "Tous les critères sont remplis."
    assert [t["action"]["code"] for t in historique["historique"]] == [
        "deposer",
        "prendre",
        "declarer_recevable",
    ]


def test_notes_jamais_pour_un_agent_avis_pour_tous(
    depose, instructeur, agent_nord, api_agent_nord, api_instructeur
):
    autre = UserFactory(instructeur=True, first_name="Sacha", last_name="Bernard")
    Evaluation.objects.create(
        dossier=depose, instructeur=autre, note_sur_20=Decimal("15.37"), commentaire="Solide"
    )
    cycle.effectuer(depose, cycle.Action.NOTER, autre, donnees={"note_sur_20": "15.37"}, verifier=False)
    Avis.objects.create(
        dossier=depose,
        service=agent_nord.service_territorial,
        auteur=agent_nord,
        sens=SensAvis.RESERVES,
        motivation="Articulation avec le PLIE à préciser.",
    )
    agent = api_agent_nord.get(detail(depose))
    assert agent.json()["evaluations"] is None
    assert "15.37" not in agent.content.decode() and "Solide" not in agent.content.decode()
    assert "noter" not in [t["action"]["code"] for t in agent.json()["historique"]["historique"]]
    assert agent.json()["avis"]["avis"][0]["sens"]["code"] == "reserves"
    assert agent.json()["avis"]["avis"][0]["demande"] is False and agent.json()["avis"]["demandes"] == []
    # An instructeur sees the others' scores once they gave theirs, as on the portal.
    assert api_instructeur.get(detail(depose)).json()["evaluations"]["visibles"] is False
    Evaluation.objects.create(dossier=depose, instructeur=instructeur, note_sur_20=Decimal("12.00"))
    notes = api_instructeur.get(detail(depose)).json()["evaluations"]
    assert notes["visibles"] and notes["nombre"] == 2 and notes["moyenne"] == "13.69"
    administrateur = ClientApi(emettre(UserFactory(administrateur=True))).get(detail(depose)).json()
    assert administrateur["evaluations"]["evaluations"][0]["note_sur_20"] == "15.37"
    assert administrateur["avis"]["avis"][0]["service"]["nom"] == agent_nord.service_territorial.nom


# Rate limiting


def test_limite_par_minute(settings, monkeypatch, api_instructeur, api_agent_nord):
    settings.API_LIMITE_PAR_MINUTE = 3
    monkeypatch.setattr("api.auth.secondes", lambda: 1_634_000_040.0 + 20)  # 40 s before the next minute
    restants = []
    for _ in range(3):
        reponse = api_instructeur.get(LISTE)
        assert reponse.status_code == 200
        assert reponse["X-RateLimit-Limit"] == "3"
        restants.append(reponse["X-RateLimit-Remaining"])
    assert restants == ["2", "1", "0"]
    trop = api_instructeur.get(LISTE)
    assert trop.status_code == 429
    assert trop["Retry-After"] == "40" and trop["X-RateLimit-Remaining"] == "0"
    assert trop.json()["detail"] == "Trop de requêtes : 3 par minute au plus. Réessayez dans 40 s."
    assert api_agent_nord.get(LISTE).status_code == 200  # per token
    monkeypatch.setattr("api.auth.secondes", lambda: 1_634_000_040.0 + 61)  # the next window
    assert api_instructeur.get(LISTE).status_code == 200


# Queries


def requetes(client, url, parametres) -> int:
    assert client.get(url, parametres).status_code == 200  # warm-up: the token's last use is written
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url, parametres).status_code == 200
    return len(capture)


@pytest.mark.parametrize("profil", ["api_instructeur", "api_agent_nord"])
def test_nombre_de_requetes_constant(request, profil):
    client = request.getfixturevalue(profil)
    avant = dossiers_a_l_etat(3, departements=("59", "62"))
    instructeur = UserFactory(instructeur=True)
    cycle.effectuer(avant[0], cycle.Action.PRENDRE, instructeur)
    petit = requetes(client, LISTE, {"taille": 50})
    dossiers_a_l_etat(27, departements=("59",))
    for d in Dossier.objects.filter(etat=Etat.DEPOSE)[:10]:
        cycle.effectuer(d, cycle.Action.PRENDRE, instructeur)
    assert requetes(client, LISTE, {"taille": 50}) == petit == requetes(client, LISTE, {"taille": 200})
    # token + user, the calls (the list's call), COUNT, the page's rows with their porteur, their
    # départements, their decisions
    assert petit == 6


# Documentation


def test_document_openapi_servi_sans_connexion(client):
    reponse = client.get(reverse("api:v1:openapi-json"))
    assert reponse.status_code == 200
    document = reponse.json()
    assert document["info"]["title"] == "API de lecture — AMI SPIE"
    assert "Authorization: Bearer" in document["info"]["description"]
    assert document["components"]["securitySchemes"]["JetonPersonnel"]["scheme"] == "bearer"
    operations = [op for chemin in document["paths"].values() for op in chemin.values()]
    assert len(operations) == 7
    for op in operations:
        assert op["summary"] and op["description"] and op["security"] == [{"JetonPersonnel": []}]
        assert {"200", "401", "422", "429"} <= set(map(str, op["responses"]))
        assert "Retry-After" in op["responses"]["429"]["headers"]


def test_documentation_sans_cdn(client):
    reponse = client.get(reverse("api:v1:openapi-view"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "GET /api/v1/dossiers/{id}/budget" in contenu and 'id="modele-DossierComplet"' in contenu
    assert "Trop de requêtes" not in contenu  # the page, not an error
    # Nothing loaded from elsewhere (the footer's links to other sites are links, not resources).
    assert not re.search(r"""src=["']https?://|<link[^>]+href=["']https?://""", contenu)
