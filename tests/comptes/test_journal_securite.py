"""Issue 15 item 8: the journal de sécurité. Each login, failed login (unknown address, wrong password),
logout and lockout (django-axes) is a row; each export and each download (CSV, XLSX, ZIP, the PDF of a
dossier, a pièce) too, with who and what; the administrateur's page filters them by person, kind and
dates, with the same number of queries whatever the number of rows, and shows what was typed escaped."""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from comptes import receveurs_securite
from comptes.models_securite import EvenementSecurite, TypeEvenement
from comptes.securite import consigner
from pieces.models import EtatAnalyse, NaturePiece, Piece
from tests.exports.demandes import demander, telecharger
from tests.factories import MOT_DE_PASSE, UserFactory

pytestmark = pytest.mark.django_db
URL = "/administration/journal/securite/"


def evenements(type_):
    return list(EvenementSecurite.objects.filter(type=type_).order_by("pk"))


def seul(type_) -> EvenementSecurite:
    trouves = evenements(type_)
    assert len(trouves) == 1, [(e.type, e.identifiant, e.objet) for e in trouves]
    return trouves[0]


def connexion(client, adresse, mot_de_passe):
    return client.post(reverse("comptes:connexion"), {"username": adresse, "password": mot_de_passe})


# Logins ---------------------------------------------------------------------------------------------


def test_l_adresse_de_la_page_est_celle_de_l_interface():
    assert reverse("ami:journal_securite") == URL


def test_connexion_reussie(client):
    camille = UserFactory(email="camille@exemple.fr")
    assert connexion(client, "Camille@Exemple.fr", MOT_DE_PASSE).status_code == 302
    evenement = seul(TypeEvenement.CONNEXION)
    assert (evenement.compte, evenement.identifiant, evenement.adresse_ip) == (
        camille,
        "camille@exemple.fr",
        "127.0.0.1",
    )


def test_echec_avec_une_adresse_inconnue(client):
    assert connexion(client, "personne@exemple.fr", "un-mot-de-passe-tape").status_code == 200
    evenement = seul(TypeEvenement.ECHEC_CONNEXION)
    assert evenement.compte is None
    assert (evenement.identifiant, evenement.adresse_ip) == ("personne@exemple.fr", "127.0.0.1")
    assert evenement.objet == "Adresse inconnue"
    assert "un-mot-de-passe-tape" not in f"{evenement.objet} {evenement.details} {evenement.identifiant}"
    assert not evenements(TypeEvenement.CONNEXION)


def test_echec_avec_un_mot_de_passe_faux(client):
    camille = UserFactory(email="camille@exemple.fr")
    assert connexion(client, "camille@exemple.fr", "mauvais-mot-de-passe").status_code == 200
    evenement = seul(TypeEvenement.ECHEC_CONNEXION)
    assert (evenement.compte, evenement.identifiant, evenement.adresse_ip) == (
        camille,
        "camille@exemple.fr",
        "127.0.0.1",
    )
    assert "mauvais-mot-de-passe" not in f"{evenement.objet} {evenement.details}"
    assert not evenements(TypeEvenement.CONNEXION)


def test_deconnexion(client):
    camille = UserFactory()
    client.force_login(camille)
    assert client.post(reverse("comptes:deconnexion")).status_code == 302
    evenement = seul(TypeEvenement.DECONNEXION)
    assert (evenement.compte, evenement.adresse_ip) == (camille, "127.0.0.1")
    client.post(reverse("comptes:deconnexion"))  # nobody logged in any more: nothing recorded
    assert len(evenements(TypeEvenement.DECONNEXION)) == 1


def test_une_connexion_proconnect_n_est_pas_une_connexion_par_mot_de_passe():
    """The ProConnect backend records CONNEXION_PROCONNECT itself: this receiver stays silent, whether
    the session says so or the backend is mozilla-django-oidc's (or a subclass)."""
    agent = UserFactory(instructeur=True)
    requete = RequestFactory().get("/oidc/callback/")
    requete.session = {"connexion_proconnect": True}
    receveurs_securite.connexion(get_user_model(), requete, agent)
    requete.session = {}
    agent.backend = "mozilla_django_oidc.auth.OIDCAuthenticationBackend"
    receveurs_securite.connexion(get_user_model(), requete, agent)
    assert not evenements(TypeEvenement.CONNEXION)
    agent.backend = "comptes.backends.EmailBackend"
    receveurs_securite.connexion(get_user_model(), requete, agent)
    assert seul(TypeEvenement.CONNEXION).compte == agent


@pytest.fixture
def axes_actif(settings):
    """django-axes as the throttling lot configures it (its backend first, its middleware last, the
    handler ``comptes.verrouillage``), with a small limit per account: the journal's receiver gets
    ``user_locked_out`` when axes blocks. What the settings lack is set here (the lot not merged yet)."""
    if "axes.backends.AxesStandaloneBackend" not in settings.AUTHENTICATION_BACKENDS:
        backends = settings.AUTHENTICATION_BACKENDS
        settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *backends]
    if "axes.middleware.AxesMiddleware" not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, "axes.middleware.AxesMiddleware"]
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.CONNEXION_ECHECS_COMPTE = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
    return settings


def test_verrouillage_par_axes(client, axes_actif):
    camille = UserFactory(email="camille@exemple.fr")
    for _ in range(3):
        connexion(client, "camille@exemple.fr", "mauvais-mot-de-passe")
    verrou = seul(TypeEvenement.VERROUILLAGE)
    assert (verrou.compte, verrou.identifiant, verrou.adresse_ip) == (
        camille,
        "camille@exemple.fr",
        "127.0.0.1",
    )
    assert verrou.objet == "Connexion bloquée après trop d’échecs, pendant 15 minutes"
    assert [e.objet for e in evenements(TypeEvenement.ECHEC_CONNEXION)] == [
        "Mot de passe incorrect ou compte inactif"
    ] * 3  # the third one reaches the limit: a wrong password still
    # Refused while blocked (even the right password): one more failure, not a second lockout.
    reponse = connexion(client, "camille@exemple.fr", MOT_DE_PASSE)
    assert reponse.status_code in (403, 429)
    assert len(evenements(TypeEvenement.VERROUILLAGE)) == 1
    dernier = evenements(TypeEvenement.ECHEC_CONNEXION)[-1]
    assert len(evenements(TypeEvenement.ECHEC_CONNEXION)) == 4
    assert dernier.objet == "Refusée : connexion bloquée après trop d’échecs"
    assert not evenements(TypeEvenement.CONNEXION)


# Exports and downloads --------------------------------------------------------------------------------


@pytest.fixture
def _appel(appel_ouvert):
    return appel_ouvert


@pytest.mark.parametrize(
    ("format_", "feuille", "objet"),
    [
        ("csv", "depenses", "Export CSV « État des dépenses » — 1\u00a0dossier"),
        ("xlsx", "", "Export XLSX — 1\u00a0dossier"),
        ("zip", "", "Export ZIP — 1\u00a0dossier"),
    ],
)
def test_chaque_export_et_son_telechargement(client, _appel, depose, instructeur, format_, feuille, objet):
    export = demander(client, instructeur, format_, feuille, requete="?etat=depose")
    demande = seul(TypeEvenement.EXPORT)
    assert (demande.compte, demande.objet, demande.adresse_ip) == (instructeur, objet, "127.0.0.1")
    assert demande.details == {
        "export": export.pk,
        "format": format_,
        "feuille": feuille,
        "filtres": {"etat": "depose", "appel": _appel.pk},  # the call exported, always named
        "dossiers": 1,
    }
    assert not evenements(TypeEvenement.TELECHARGEMENT)  # asked for, not downloaded yet
    export.refresh_from_db()
    telecharger(client, export)
    telechargement = seul(TypeEvenement.TELECHARGEMENT)
    assert (telechargement.compte, telechargement.objet) == (instructeur, objet)
    assert telechargement.details["export"] == export.pk


def test_un_export_sans_dossier_n_est_pas_consigne(client, _appel, instructeur):
    client.force_login(instructeur)
    client.post(reverse("exports:demander"), {"format": "xlsx"})
    assert not EvenementSecurite.objects.filter(type__in=[TypeEvenement.EXPORT, TypeEvenement.TELECHARGEMENT])


def test_le_pdf_d_un_dossier(client, _appel, depose, agent_nord):
    client.force_login(agent_nord)
    reponse = client.get(reverse("exports:dossier_pdf", args=[depose.pk]))
    assert reponse.status_code == 200
    evenement = seul(TypeEvenement.TELECHARGEMENT)
    assert (evenement.compte, evenement.objet) == (agent_nord, f"Dossier n° {depose.numero} — PDF")
    assert evenement.details == {"dossier": depose.pk, "format": "pdf"}


def test_le_pdf_refuse_n_est_pas_consigne(client, _appel, depose, agent_ailleurs):
    client.force_login(agent_ailleurs)
    assert client.get(reverse("exports:dossier_pdf", args=[depose.pk])).status_code == 404
    assert not evenements(TypeEvenement.TELECHARGEMENT)


def test_une_piece(client, _appel, depose, instructeur):
    contenu = b"%PDF-1.4 budget"
    piece = Piece.objects.create(
        dossier=depose,
        nature=NaturePiece.ANNEXE,
        fichier=ContentFile(contenu, name="budget.pdf"),
        nom="budget.pdf",
        taille=len(contenu),
        empreinte=hashlib.sha256(contenu).hexdigest(),
        analyse=EtatAnalyse.SAINE,
    )
    client.force_login(instructeur)
    reponse = client.get(reverse("candidatures:piece", args=[depose.pk, piece.pk]))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == contenu
    evenement = seul(TypeEvenement.TELECHARGEMENT)
    assert (evenement.compte, evenement.objet) == (
        instructeur,
        f"Pièce « budget.pdf » du dossier n° {depose.numero}",
    )
    assert evenement.details == {"dossier": depose.pk, "piece": piece.pk, "format": "pdf"}
    Piece.objects.filter(pk=piece.pk).update(analyse=EtatAnalyse.EN_ATTENTE)
    assert client.get(reverse("candidatures:piece", args=[depose.pk, piece.pk])).status_code == 409
    assert len(evenements(TypeEvenement.TELECHARGEMENT)) == 1  # not served: not recorded


# The page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("trait", [{}, {"instructeur": True}, {"agent": True}])
def test_page_reservee_aux_administrateurs(client, trait):
    client.force_login(UserFactory(**trait))
    assert client.get(URL).status_code == 403


def test_page_de_l_administrateur_et_ses_onglets(client, administrateur):
    client.force_login(administrateur)  # the force_login is a CONNEXION of the journal
    page = client.get(URL).content.decode()
    assert "<h1>Journal de sécurité</h1>" in page
    assert f'href="{reverse("ami:journal")}"' in page
    assert 'aria-current="page">Sécurité</a>' in page
    assert "Connexion" in page and administrateur.get_full_name() in page
    modifications = client.get(reverse("ami:journal")).content.decode()
    assert f'href="{URL}"' in modifications and 'aria-current="page">Modifications</a>' in modifications


def _evenement(type_, compte=None, identifiant="", quand=None, objet=""):
    evenement = consigner(type_, compte=compte, identifiant=identifiant, objet=objet)
    if quand is not None:
        EvenementSecurite.objects.filter(pk=evenement.pk).update(quand=quand)
    return evenement


def _lignes(page: str) -> int:
    return page.count('<tr id="evenement-')


@pytest.fixture
def journal(administrateur):
    """An administrateur and a few events: Camille's login and failure, an unknown address, a download
    of Alex's; dated 1 to 3 December 2026 (Paris)."""
    paris = timezone.get_current_timezone()
    camille = UserFactory(first_name="Camille", last_name="Martin", email="camille@exemple.fr")
    alex = UserFactory(instructeur=True, first_name="Alex", last_name="Durand", email="alex@etat.gouv.fr")
    EvenementSecurite.objects.all().delete()
    le = lambda jour, heure: datetime.datetime(2026, 12, jour, heure, tzinfo=paris)  # noqa: E731
    return {
        "connexion": _evenement(TypeEvenement.CONNEXION, camille, quand=le(1, 9)),
        "echec": _evenement(TypeEvenement.ECHEC_CONNEXION, camille, quand=le(2, 0)),
        "inconnue": _evenement(
            TypeEvenement.ECHEC_CONNEXION, identifiant="intrus@pirate.example", quand=le(2, 23)
        ),
        "pdf": _evenement(TypeEvenement.TELECHARGEMENT, alex, objet="Dossier n° 12 — PDF", quand=le(3, 10)),
    }


def _ids(client, **params) -> set[int]:
    reponse = client.get(URL, params)
    assert reponse.status_code == 200
    page = reponse.content.decode()
    import re

    return {int(pk) for pk in re.findall(r'<tr id="evenement-(\d+)"', page)}


def test_filtres(client, administrateur, journal):
    client.force_login(administrateur)
    EvenementSecurite.objects.filter(compte=administrateur).delete()  # its own login
    tous = {e.pk for e in journal.values()}
    assert _ids(client) == tous
    assert _ids(client, personne="camille") == {journal["connexion"].pk, journal["echec"].pk}
    assert _ids(client, personne="Martin Camille") == {journal["connexion"].pk, journal["echec"].pk}
    assert _ids(client, personne="pirate") == {journal["inconnue"].pk}  # the address typed
    assert _ids(client, personne="etat.gouv") == {journal["pdf"].pk}
    assert _ids(client, type="echec_connexion") == {journal["echec"].pk, journal["inconnue"].pk}
    assert _ids(client, type="echec_connexion", personne="camille") == {journal["echec"].pk}
    # French dates as well as the date picker's: a day counts whole, midnight to midnight in Paris.
    assert _ids(client, du="02/12/2026", au="02/12/2026") == {journal["echec"].pk, journal["inconnue"].pk}
    assert _ids(client, du="2026-12-02") == {journal["echec"].pk, journal["inconnue"].pk, journal["pdf"].pk}
    assert _ids(client, au="2026-12-01") == {journal["connexion"].pk}


def test_un_filtre_invalide_est_dit_et_pas_applique(client, administrateur, journal):
    client.force_login(administrateur)
    EvenementSecurite.objects.filter(compte=administrateur).delete()
    page = client.get(URL, {"du": "31/02/2026", "type": "nimporte", "personne": "camille"}).content.decode()
    assert "Saisissez une date valide, par exemple 02/12/2026." in page
    assert "« nimporte » n’est pas un type d’événement : ce filtre n’est pas appliqué." in page
    assert _lignes(page) == 2  # the person's filter still applies
    page = client.get(URL, {"du": "03/12/2026", "au": "01/12/2026"}).content.decode()
    assert "La date de fin est avant la date de début" in page
    assert _lignes(page) == 1  # from the 3rd on


def test_le_nombre_de_requetes_ne_depend_pas_du_nombre_de_lignes(
    client, administrateur, django_assert_num_queries
):
    client.force_login(administrateur)
    personnes = [UserFactory(email=f"p{i}@exemple.fr") for i in range(50)]

    def remplir(n):
        EvenementSecurite.objects.all().delete()
        for i in range(n):
            consigner(TypeEvenement.TELECHARGEMENT, compte=personnes[i], objet=f"Dossier n° {i} — PDF")

    remplir(5)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        assert _lignes(client.get(URL).content.decode()) == 5
    remplir(50)
    with django_assert_num_queries(len(requetes)):
        assert _lignes(client.get(URL).content.decode()) == 50
    with django_assert_num_queries(len(requetes)):
        assert (
            _lignes(client.get(URL, {"personne": "exemple", "type": "telechargement"}).content.decode()) == 50
        )


def test_ce_qui_a_ete_saisi_est_affiche_echappe(client, administrateur):
    charge = '<script>alert("xss")</script>@exemple.fr'
    client.post(reverse("comptes:connexion"), {"username": charge, "password": "x"})
    consigner(TypeEvenement.ECHEC_CONNEXION, identifiant=charge, objet="<img src=x onerror=alert(1)>")
    client.force_login(administrateur)
    page = client.get(URL).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;@exemple.fr" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_l_export_csv_du_journal_filtre(client, administrateur, journal):
    formule = '=HYPERLINK("http://pirate.example","clic")'
    consigner(TypeEvenement.ECHEC_CONNEXION, identifiant=formule, objet="Adresse inconnue")
    client.force_login(administrateur)
    page = client.get(URL, {"type": "echec_connexion", "page": "1"}).content.decode()
    lien = reverse("exports:journal_securite_csv") + "?type=echec_connexion"
    assert f'href="{lien}"' in page  # the page's filters, not its page number
    for trait in ({}, {"instructeur": True}, {"agent": True}):
        autre = UserFactory(**trait)
        client.force_login(autre)
        assert client.get(lien).status_code == 403
    client.force_login(administrateur)
    EvenementSecurite.objects.filter(type=TypeEvenement.CONNEXION, compte=administrateur).delete()
    reponse = client.get(lien)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"].startswith('attachment; filename="ami-spie-journal-securite-')
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    lignes = texte.strip().split("\r\n")
    assert lignes[0].startswith("Date;Type d’événement;Personne;Adresse électronique du compte;")
    assert len(lignes) == 1 + 3  # Camille's failure, the unknown address, the formula
    assert "'=HYPERLINK" in texte and ";=HYPERLINK" not in texte  # neutralised as every export
    assert "02/12/2026 00:00;Échec de connexion;Camille Martin;camille@exemple.fr" in texte
    evenement = EvenementSecurite.objects.filter(type=TypeEvenement.TELECHARGEMENT).latest("pk")
    assert (evenement.compte, evenement.objet) == (administrateur, "Journal de sécurité — CSV, 3 événements")
    assert evenement.details["filtres"] == {"type": "echec_connexion"}


def test_l_adresse_ip_derriere_le_proxy(settings):
    """Behind the TLS proxy (DERRIERE_PROXY), the address the proxy appended; a header that is no
    address is kept as text in the details, and the login goes on."""
    settings.DERRIERE_PROXY = True
    requete = RequestFactory().post(
        "/compte/connexion/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.7"
    )
    assert consigner(TypeEvenement.ECHEC_CONNEXION, request=requete).adresse_ip == "203.0.113.7"
    requete = RequestFactory().post("/compte/connexion/", HTTP_X_FORWARDED_FOR="pas-une-adresse")
    evenement = consigner(TypeEvenement.ECHEC_CONNEXION, request=requete)
    assert evenement.adresse_ip is None and evenement.details == {"adresse_transmise": "pas-une-adresse"}
