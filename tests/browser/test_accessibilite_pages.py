"""Issue 17, « Tests and measures »: axe-core on every page of every role at 1280 px, and on every page at
375 px (by the first role that sees it), finds nothing. The pages are the URL resolver's (``ami.urls``,
every namespace): each named route is either visited by at least one role (``PAGES``) or excluded with its
reason (``EXCLUSIONS``), so a page added later without coverage fails
``test_chaque_route_est_visitee_ou_exclue``.

One dataset for the whole crawl (a porteur whose dossiers are a draft with errors, déposé, compléments
demandés, avis demandé and décidé; a request to join its team; an invitation; an API token), one browser
context per role and width (the 375 px one reuses the 1280 px one's session: one login per role). Each
distinct page is visited once per role, with one representative object; on a page with DSFR tabs, every tab
is opened and checked. Screenshots at 375 px: test-artifacts/captures/a11y-375-*.png."""

import datetime
import re
import time
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from candidatures import cycle
from candidatures.models import Dossier, Etat, Section
from tests.browser.outils import fermer, se_connecter
from tests.depots import deposer_dossier
from tests.factories import MOT_DE_PASSE, DossierFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LARGEURS = (1280, 375)
ROLES = ("anonyme", "referent", "membre", "instructeur", "agent", "administrateur")
SECTIONS = [s for s in Section if s != Section.PIECES]  # « pieces » is candidatures:section_pieces


def _d(nom):
    """kwargs ``{"pk": <the dataset's object nom>.pk}``."""
    return lambda d: {"pk": d[nom].pk}


# Each route once per role, with one representative object (the whole crawl in about three minutes); the
# variants a route has (a dossier's état, a section) are shared out between the roles that see them, and
# every section of the draft is visited (each its own form).
PUBLIQUES = [("accueil", None), ("ami:faq", None), ("ami:accessibilite", None), ("ami:aide", None)]
INFOS = [("ami:mentions_legales", None), ("ami:donnees_personnelles", None)]
MON_COMPTE = [
    ("comptes:mon_compte", None),
    ("comptes:modifier_mot_de_passe", None),
    ("comptes:changer_adresse", None),
]
CANDIDAT = [
    ("candidatures:mes_dossiers", None),
    ("comptes:equipe", None),
    ("candidatures:apercu", _d("brouillon")),  # its errors and its checklist
    *[("candidatures:section", lambda d, s=s: {"pk": d["brouillon"].pk, "section": s}) for s in SECTIONS],
    ("candidatures:section_pieces", _d("brouillon")),
    ("candidatures:depot", _d("brouillon")),
    ("candidatures:recepisse", _d("decide")),  # the decision and its motivation
    ("candidatures:retirer", _d("depose")),
    ("messagerie:fil", _d("depose")),  # a message and its answer
    ("notifications:liste", None),
]
MEMBRE = [
    ("candidatures:mes_dossiers", None),
    ("comptes:equipe", None),
    ("comptes:equipe_quitter", None),
    ("candidatures:apercu", _d("complements")),  # the request, the section reopened
    ("candidatures:section", lambda d: {"pk": d["complements"].pk, "section": Section.CHEF_DE_FILE}),
    ("candidatures:recepisse", _d("avis")),
    ("candidatures:renommer", _d("brouillon")),
    ("candidatures:supprimer", _d("brouillon")),
]
ETAT = [("pilotage:tableau_de_bord", None), ("exports:exports", None)]


PAGES = {
    "anonyme": [
        *PUBLIQUES,
        *INFOS,
        ("comptes:connexion", None),
        ("comptes:inscription", None),
        ("comptes:inscription_envoyee", None),
        ("comptes:inscription_nouveau_lien", None),
        ("comptes:confirmer_adresse", lambda d: {"uidb64": "MQ", "token": "lien-perime"}),
        ("comptes:mot_de_passe_oublie", None),
        ("comptes:mot_de_passe_envoye", None),
        ("comptes:nouveau_mot_de_passe", lambda d: d["reinitialisation"]),  # → …/set-password/
        ("comptes:nouveau_mot_de_passe", lambda d: {"uidb64": "MQ", "token": "lien-perime"}),
        ("comptes:mot_de_passe_modifie", None),
        ("comptes:confirmer_nouvelle_adresse", lambda d: {"uidb64": "MQ", "token": "lien-perime"}),
        ("comptes:invitation_equipe", lambda d: {"token": d["invitation"]}),
    ],
    "referent": [
        *PUBLIQUES,
        *MON_COMPTE,
        *CANDIDAT,
        ("comptes:equipe_retirer", _d("membre")),
        ("comptes:equipe_referent", _d("membre")),
    ],
    "membre": [*PUBLIQUES[:1], *MON_COMPTE[:1], *MEMBRE],
    "instructeur": [
        *PUBLIQUES[:1],
        *MON_COMPTE[:1],
        ("instruction:a_instruire", None),
        ("instruction:classement", None),
        ("instruction:dossier", _d("complements")),
        ("instruction:note_modifier", lambda d: {"pk": d["complements"].pk, "note": d["note"].pk}),
        ("instruction:note_supprimer", lambda d: {"pk": d["complements"].pk, "note": d["note"].pk}),
        ("notifications:liste", None),
        *ETAT,
    ],
    "agent": [
        *PUBLIQUES[:1],
        *MON_COMPTE[:1],
        ("instruction:territoire", None),
        ("instruction:dossier", _d("avis")),  # the avis to give
        *ETAT,
    ],
    "administrateur": [
        *PUBLIQUES[:1],
        *MON_COMPTE[:1],
        ("ami:administration", None),
        ("ami:appels", None),
        ("ami:appel_nouveau", None),
        ("ami:reprendre_laureats", _d("appel_suivant")),
        ("ami:grille", None),
        ("ami:exclusions", None),
        ("ami:contacts", None),
        ("ami:journal", None),
        ("ami:journal_securite", None),
        ("comptes:gestion", None),
        ("comptes:inviter", None),
        ("comptes:compte", _d("referent")),
        ("api:jetons", None),
        ("api:revoquer_jeton", _d("jeton")),
        ("courriels:file", None),
        ("instruction:a_instruire", None),
        ("instruction:classement", None),
        ("instruction:dossier", _d("decide")),
        *ETAT,
    ],
}

POST = "POST seulement (une action ; sa page de départ est visitée)"
TELECHARGEMENT = "un téléchargement (fichier, PDF ou CSV), pas une page HTML"
PARTIEL = "fragment htmx d’une page visitée (rendu dans la page qui l’appelle)"
EXCLUSIONS = {
    "comptes:deconnexion": POST,
    "comptes:fermer_sessions": POST,
    "comptes:equipe_inviter": POST,
    "comptes:equipe_demander": POST,
    "comptes:equipe_repondre": POST,
    "comptes:equipe_renvoyer": POST,
    "comptes:equipe_annuler": POST,
    "comptes:deux_facteurs_nouveaux_codes": POST,
    "comptes:deux_facteurs_desactiver": POST,
    "comptes:deux_facteurs_reinitialiser": POST,
    "comptes:desactiver": POST,
    "comptes:reactiver": POST,
    "comptes:renvoyer_invitation": POST,
    "candidatures:creer": POST,
    "candidatures:transmettre_complements": POST,
    "candidatures:rouvrir": POST,
    "candidatures:piece_ajouter": POST,
    "candidatures:piece_supprimer": POST,
    "candidatures:ligne_ajouter": POST,
    "candidatures:ligne_supprimer": POST,
    "candidatures:ligne_restaurer": POST,
    "instruction:action": POST,
    "exports:demander": POST,
    "courriels:renvoyer": POST,
    "ami:appel_etat": POST + " (publier, clore, rouvrir, archiver un appel)",
    "candidatures:piece": TELECHARGEMENT,
    "exports:telecharger": TELECHARGEMENT,
    "exports:None": TELECHARGEMENT + " (l’archive d’un export, route sans nom)",
    "exports:journal_securite_csv": TELECHARGEMENT,
    "exports:dossier_pdf": TELECHARGEMENT,
    "attestation_depot": TELECHARGEMENT + " (l’attestation de dépôt en PDF)",
    "messagerie:piece_jointe": TELECHARGEMENT + " (la pièce jointe d’un message)",
    "messagerie:inviter": POST,
    "messagerie:lu": POST,
    "notifications:tout_lu": POST,
    "notifications:ouvrir": "redirection vers la page concernée (marquée lue)",
    "instruction:suivi": POST,
    "instruction:notes": POST,
    "instruction:avis_selection": POST,
    # Rendered in answer to the queue's POST: axe runs on it in tests/browser/test_instructeurs.py.
    "instruction:selection": POST + " ; la page rendue : tests/browser/test_instructeurs.py, axe",
    "candidatures:piece_etat": PARTIEL + " : la pièce en cours d’analyse",
    "exports:suivi": PARTIEL + " : la ligne d’un export en préparation",
    "comptes:espace": "redirection vers l’espace du rôle (visité)",
    # The second factor's pages: only in the middle of a login (a pending account in the session); axe
    # runs on each of them in tests/browser/test_deux_facteurs.py.
    "comptes:deux_facteurs": "étape de la connexion (tests/browser/test_deux_facteurs.py, axe)",
    "comptes:deux_facteurs_activer": "étape de la connexion (tests/browser/test_deux_facteurs.py, axe)",
    "comptes:codes_de_secours": "étape de la connexion (tests/browser/test_deux_facteurs.py, axe)",
    # ProConnect: 404 unless PROCONNECT_* is set; tests/browser/test_proconnect.py runs axe on them.
    "oidc_authentication_init": "redirection vers ProConnect (tests/browser/test_proconnect.py)",
    "oidc_authentication_callback": "retour de ProConnect (tests/browser/test_proconnect.py)",
    "comptes:proconnect_inconnu": "404 sans ProConnect configuré (tests/browser/test_proconnect.py, axe)",
    # The read API (django-ninja): JSON behind a token, and its generated Swagger documentation.
    "api:v1:openapi-json": "JSON de l’API",
    "api:v1:openapi-view": "documentation Swagger générée par django-ninja (gabarit tiers), hors portail",
    "api:v1:dossiers": "JSON de l’API",
    "api:v1:dossier": "JSON de l’API",
    "api:v1:membres": "JSON de l’API",
    "api:v1:budget": "JSON de l’API",
    "api:v1:decisions": "JSON de l’API",
    "api:v1:moi": "JSON de l’API",
    "api:v1:appels": "JSON de l’API",
    "api:v1:api-root": "JSON de l’API",
}
# django-admin (the technical account, read only): not the portal's pages, Django's own templates.
PREFIXES_EXCLUS = {"admin:": "django-admin (compte technique, gabarits de Django)"}


def routes(resolver=None, espace=None):
    """The names of every route of ``ami.urls``, namespaces included (an unnamed route: ``<ns>:None``)."""
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            ns = motif.namespace
            yield from routes(motif, f"{espace}:{ns}" if espace and ns else (ns or espace))
        elif isinstance(motif, URLPattern):
            yield f"{espace}:{motif.name}" if espace else str(motif.name)


def _exclue(nom) -> bool:
    return nom in EXCLUSIONS or any(nom.startswith(p) for p in PREFIXES_EXCLUS)


def test_chaque_route_est_visitee_ou_exclue():
    visitees = {nom for pages in PAGES.values() for nom, _ in pages}
    toutes = set(routes())
    oubliees = sorted(n for n in toutes if n not in visitees and not _exclue(n))
    assert not oubliees, (
        "Routes ni visitées par test_aucune_violation_axe (PAGES) ni exclues avec leur raison (EXCLUSIONS) : "
        + ", ".join(oubliees)
    )
    # An exclusion or a visit of a route that no longer exists is stale.
    inconnues = sorted((visitees | set(EXCLUSIONS)) - toutes)
    assert not inconnues, f"Routes inconnues du résolveur : {inconnues}"
    assert not visitees & set(EXCLUSIONS), visitees & set(EXCLUSIONS)


# ----- The dataset ---------------------------------------------------------------------------------------


def jeu_de_donnees(instructeur, agent, administrateur):
    from api.models import JetonApi
    from comptes import equipe, invitations
    from instruction import avis, notes_privees
    from messagerie import services
    from tests.depots import dossier_a_l_etat

    organisation = OrganisationFactory(nom="Conseil départemental du Nord", departement_id="59")
    referent = UserFactory(organisation=organisation, referent=True, first_name="Camille", last_name="Martin")
    membre = UserFactory(organisation=organisation, first_name="Dominique", last_name="Petit")
    d = {"referent": referent, "membre": membre}

    brouillon = DossierFactory(
        organisation=organisation,
        cree_par=referent,
        modifie_par=referent,
        intitule="SPIE du Nord (brouillon)",
    )
    from demo.exemples import dossier_incomplet

    dossier_incomplet(brouillon)
    # Values saved with their error (issue 17 point 3): shown again next to their field on every load.
    erreur = {
        "valeur": "pas-un-mail",
        "libelle": "Interlocuteur 1 — Courriel",
        "message": "Adresse invalide.",
    }
    Dossier.objects.filter(pk=brouillon.pk).update(
        erreurs_saisie={Section.CHEF_DE_FILE: {"": {"interlocuteur1_courriel": erreur}}}
    )
    d["brouillon"] = brouillon
    d["depose"] = deposer_dossier(referent, intitule="SPIE du Nord (déposé)")
    d["complements"] = dossier_a_l_etat(
        Etat.COMPLEMENTS, candidat=referent, instructeur=instructeur, intitule="SPIE du Nord (compléments)"
    )
    d["avis"] = deposer_dossier(referent, intitule="SPIE du Nord (avis demandé)")
    cycle.effectuer(d["avis"], cycle.Action.PRENDRE, instructeur)
    limite = timezone.localdate() + datetime.timedelta(days=15)
    avis.demander(d["avis"], instructeur, [agent.service_territorial], limite, "Merci de votre avis.")
    d["note"] = notes_privees.ajouter(
        d["complements"], instructeur, "Relancer le chef de file sur le budget."
    )
    services.envoyer(d["depose"], referent, "Notre lettre d’engagement du CD arrive la semaine prochaine.")
    services.envoyer(d["depose"], instructeur, "Merci : déposez-la dans les échanges dès réception.")
    d["decide"] = dossier_a_l_etat(
        Etat.LAUREAT, candidat=referent, instructeur=instructeur, intitule="SPIE du Nord (lauréat)"
    )
    # A next call, a draft (the administrateurs' only): the lauréat above is among those it may exclude.
    from ami.models import EtatAppel
    from tests.factories import AppelFactory

    d["appel_suivant"] = AppelFactory(nom_court="AMI SPIE — vague 3", etat=EtatAppel.BROUILLON)
    # Someone who asks to join the team; a colleague invited (the token of the mail's link).
    equipe.demander_adhesion(
        UserFactory(organisation=None, first_name="Sam", last_name="Nouveau"), organisation
    )
    mail.outbox.clear()
    invitations.inviter_collegue(referent, "alex.invite@cd59.fr")
    d["invitation"] = re.search(r"/compte/invitation/([^/\s]+)/", mail.outbox[-1].body).group(1)
    d["jeton"], _ = JetonApi.objects.emettre(instructeur, "Tableau de bord régional", administrateur)
    perdu = UserFactory(first_name="Lou", last_name="Oubli")
    d["reinitialisation"] = {
        "uidb64": urlsafe_base64_encode(force_bytes(perdu.pk)),
        "token": default_token_generator.make_token(perdu),
    }
    return d


# ----- The crawl -----------------------------------------------------------------------------------------


def _verifier(page, axe, chemin, largeur, nom, constats):
    """axe on the page, then on the panel of each of its other DSFR tabs once opened (a hidden panel is not
    checked otherwise)."""
    vues = [("", None, None)]
    onglets = page.locator(".fr-tabs__tab")
    for i in range(1, onglets.count()):
        onglet = onglets.nth(i)
        panneau = "#" + onglet.get_attribute("aria-controls")
        vues.append((f" onglet « {onglet.inner_text()} »", onglet, panneau))
    for suffixe, onglet, panneau in vues:
        if onglet is not None:
            onglet.click()
            page.locator(panneau).wait_for(state="visible")
        for violation in axe.violations(page, panneau):
            cibles = " ; ".join(", ".join(n["target"]) for n in violation["nodes"][:5])
            constats.append(f"{chemin}{suffixe} à {largeur} px [{nom}] : {violation['id']} — {cibles}")


def _parcourir(role, contexte, pages, d, axe, capture, largeur, constats, visites):
    page = contexte.new_page()
    for nom, kwargs in pages:
        if largeur == 375 and any(v[1] == 375 and v[3] == nom for v in visites):
            continue  # at 375 px each route once, by the first role that sees it (the crawl's time)
        chemin = reverse(nom, kwargs=kwargs(d) if kwargs else None)
        reponse = page.goto(chemin)
        arrivee = urlsplit(page.url).path
        if reponse.status != 200 or (arrivee != chemin and nom != "comptes:nouveau_mot_de_passe"):
            # (Django sends a valid reset link on to …/set-password/.) Noted, and the crawl goes on.
            constats.append(f"{chemin} à {largeur} px [{role} {nom}] : répond {reponse.status}, {arrivee}")
            continue
        _verifier(page, axe, chemin, largeur, f"{role} {nom}", constats)
        if largeur == 375:
            capture(page, f"a11y-375-{role}-{nom.replace(':', '-')}")
        visites.append((role, largeur, chemin, nom))
    fermer(page)


# 145 visits, each checked by axe-core: ~3 minutes alone, over 7 beside another process of the suite on a
# loaded 2-core machine; its own bound (pytest-timeout), above the suite's 900 s.
@pytest.mark.timeout(2400)
def test_aucune_violation_axe(
    navigateur,
    live_server,
    donnees_de_base,
    appel_ouvert,
    instructeur,
    agent_nord,
    administrateur,
    axe,
    capture,
):
    debut = time.monotonic()
    d = jeu_de_donnees(instructeur, agent_nord, administrateur)
    comptes = {
        "referent": d["referent"],
        "membre": d["membre"],
        "instructeur": instructeur,
        "agent": agent_nord,
        "administrateur": administrateur,
    }
    donnees = time.monotonic() - debut
    constats, visites = [], []
    for role in ROLES:
        session = None
        for largeur in LARGEURS:
            contexte = navigateur.new_context(
                base_url=live_server.url,
                locale="fr-FR",
                timezone_id="Europe/Paris",
                viewport={"width": largeur, "height": 900},
                storage_state=session,
            )
            contexte.set_default_timeout(10_000)
            if role != "anonyme" and session is None:
                connexion = contexte.new_page()
                se_connecter(connexion, comptes[role].email, MOT_DE_PASSE)
                assert "/compte/connexion/" not in connexion.url, role
                fermer(connexion)
                session = contexte.storage_state()
            _parcourir(role, contexte, PAGES[role], d, axe, capture, largeur, constats, visites)
            contexte.close()
    duree = time.monotonic() - debut
    print(
        f"\naxe : {len(visites)} pages visitées ({len({v[2] for v in visites})} adresses, "
        f"{len(ROLES)} rôles × {len(LARGEURS)} largeurs) en {duree:.0f} s, dont {donnees:.0f} s de données"
    )
    assert not constats, f"{len(constats)} violation(s) axe-core :\n" + "\n".join(constats)
