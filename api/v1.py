"""The read API v1 (django-ninja), served at /api/v1/ with its OpenAPI document and its documentation.

Every operation needs a personal token (``api.auth.JetonPersonnel``) and answers what its titulaire
reads on the portal (``Dossier.objects.for_user``): a dossier out of reach is a 404, as on the web.
"""

import datetime
import math
from typing import Literal

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, Throttled, ValidationError
from ninja.pagination import PaginationBase, paginate

from ami.models import par_defaut
from api import complet, donnees, schemas
from api.auth import JetonPersonnel, LimiteParJeton, NonAuthentifie, limite_par_minute
from api.documentation import DocumentationDsfr
from api.erreurs import messages_validation
from candidatures.appels import appels_pour
from candidatures.models import Dossier, Etat
from candidatures.politique import politique
from comptes.models import Role

DESCRIPTION = """API de lecture du portail des appels SPIE, pour l’équipe nationale des données : \
les dossiers d’un appel à la fois (`appel`, liste à `/appels`).

Authentification : un jeton personnel, délivré et révoqué par un administrateur du portail, envoyé \
dans l’en-tête `Authorization: Bearer <jeton>`. Le jeton donne exactement les droits de lecture de son \
titulaire sur le portail : un instructeur ou un administrateur voit tous les dossiers déposés (jamais \
les brouillons), un agent territorial ceux de son territoire seulement, sans les évaluations. Un \
dossier hors de ce périmètre répond 404, comme un dossier qui n’existe pas.

Limite : 120 requêtes par minute et par jeton par défaut (fenêtre fixe d’une minute, réglage \
`API_LIMITE_PAR_MINUTE`) ; \
les en-têtes `X-RateLimit-Limit` et `X-RateLimit-Remaining` l’indiquent, une requête de trop répond 429 \
avec `Retry-After` (en secondes).

Montants : chaînes décimales avec un point et deux décimales (« 450000.00 ») ; dates ISO 8601 avec leur \
décalage horaire (Europe/Paris). Erreurs : JSON `{"detail": "…"}` en français ; une réponse 422 \
ajoute `erreurs`, la liste des paramètres invalides."""

ENTETES_LIMITE = {
    "X-RateLimit-Limit": {"description": "Requêtes permises par minute.", "schema": {"type": "integer"}},
    "X-RateLimit-Remaining": {
        "description": "Requêtes restantes dans la minute.",
        "schema": {"type": "integer"},
    },
}
REPONSES = {
    200: {"description": "Réponse", "headers": ENTETES_LIMITE},
    401: {"description": "Jeton absent, inconnu, révoqué ou expiré, ou compte désactivé."},
    404: {"description": "Dossier inexistant ou hors du périmètre du jeton."},
    422: {"description": "Paramètre invalide."},
    429: {
        "description": "Limite de requêtes par minute atteinte.",
        "headers": {"Retry-After": {"description": "Secondes à attendre.", "schema": {"type": "integer"}}},
    },
}
ERREURS = {401: schemas.Erreur, 422: schemas.ErreurValidation, 429: schemas.Erreur}
MAX_ID = 2**63 - 1


class ApiAmi(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        reponse = super().create_response(request, data, status=status, temporal_response=temporal_response)
        limite = getattr(request, "limite_api", None)
        if limite:
            reponse["X-RateLimit-Limit"], reponse["X-RateLimit-Remaining"] = map(str, limite)
        return reponse


api = ApiAmi(
    title="API de lecture — AMI SPIE",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    auth=JetonPersonnel(),
    throttle=LimiteParJeton(),
    docs=DocumentationDsfr(),
    docs_decorator=login_not_required,
)


def documenter(*codes: int) -> dict:
    return {"responses": {c: REPONSES[c] for c in (200, *codes)}}


@api.exception_handler(NonAuthentifie)
def non_authentifie(request, exc):
    reponse = api.create_response(request, {"detail": str(exc)}, status=401)
    reponse["WWW-Authenticate"] = 'Bearer realm="api"'
    return reponse


@api.exception_handler(AuthenticationError)
def authentification(request, exc):
    return non_authentifie(request, NonAuthentifie("Authentification requise."))


@api.exception_handler(Throttled)
def limite_atteinte(request, exc):
    """ninja adds ``Retry-After`` (``LimiteParJeton.wait``)."""
    limite = request.limite_api[0]
    message = f"Trop de requêtes : {limite} par minute au plus. Réessayez dans {exc.wait} s."
    return api.create_response(request, {"detail": message}, status=429)


@api.exception_handler(Http404)
def introuvable(request, exc):
    return api.create_response(request, {"detail": "Dossier introuvable dans votre périmètre."}, status=404)


@api.exception_handler(ValidationError)
def invalide(request, exc):
    erreurs = messages_validation(exc.errors)
    return api.create_response(request, {"detail": "Paramètres invalides.", "erreurs": erreurs}, status=422)


EtatDepose = Literal[tuple(e.value for e in Etat if e != Etat.BROUILLON)]


class PageDeDossiers(PaginationBase):
    """ninja's pagination of the list of dossiers: ``page`` and ``taille``; the links to the next and
    previous pages keep the other parameters. The payload is the operation's own schema
    (``schemas.PageDossiers``: ``Output`` None, ninja keeps it)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Numéro de la page, à partir de 1.")
        taille: int = Field(50, ge=1, le=200, description="Dossiers par page : 50 par défaut, 200 au plus.")

    Output = None

    def paginate_queryset(self, queryset, pagination, request, **params):
        numero, taille = pagination.page, pagination.taille
        total = queryset.count()
        lignes = donnees.page(queryset, numero, taille) if total else []
        decisions = donnees.dernieres_decisions(lignes) if lignes else {}
        pages = math.ceil(total / taille)
        base = _url(request, "dossiers")

        def lien(n):
            requete = request.GET.copy()
            requete["page"] = n
            return f"{base}?{requete.urlencode()}"

        return {
            "appel": request.appel_api.pk if request.appel_api else 0,
            "total": total,
            "page": numero,
            "pages": pages,
            "taille": taille,
            "suivant": lien(numero + 1) if numero < pages else None,
            "precedent": lien(min(numero - 1, pages)) if numero > 1 and pages else None,
            "resultats": [donnees.resume(d, decisions.get(d.pk), f"{base}/{d.pk}") for d in lignes],
        }


class Filtres(Schema):
    appel: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Identifiant de l’appel (liste : `/appels`) ; par défaut, l’appel ouvert le plus récent.",
    )
    etat: EtatDepose | None = Field(None, description="État du dossier (code).")
    departement: str | None = Field(
        None, pattern=r"^(\d{2}|2[AB]|97\d)$", description="Code INSEE d’un département (« 59 », « 2A »)."
    )
    region: str | None = Field(None, pattern=r"^\d{2}$", description="Code INSEE d’une région (« 32 »).")
    modifie_depuis: datetime.datetime | None = Field(
        None,
        description="Dossiers modifiés par le porteur, ou ayant connu une étape d’instruction (transition, "
        "évaluation, avis), depuis cette date (ISO 8601 ; sans décalage : heure de Paris).",
    )


def _url(request, nom: str, *args) -> str:
    return request.build_absolute_uri(reverse(f"api:v1:{nom}", args=args))


def _dossier(request, pk: int) -> Dossier:
    dossiers = Dossier.objects.for_user(request.auth).select_related("organisation", "appel")
    dossier = dossiers.prefetch_related(donnees.DEPARTEMENTS).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    return dossier


def _depuis(valeur: datetime.datetime | None) -> datetime.datetime | None:
    if valeur is None:
        return None
    if timezone.is_naive(valeur):
        valeur = timezone.make_aware(valeur)
    try:
        return valeur.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise ValidationError(
            [{"type": "hors_limites", "loc": ("query", "modifie_depuis"), "msg": ""}]
        ) from None


@api.get(
    "/dossiers",
    response={200: schemas.PageDossiers, **ERREURS},
    url_name="dossiers",
    tags=["Dossiers"],
    summary="Liste des dossiers déposés",
    description="Les dossiers déposés que le jeton peut lire, du plus ancien dépôt au plus récent, par "
    "pages (`page`, `taille`), filtrés par état, département, région ou date de modification.",
    openapi_extra=documenter(401, 422, 429),
)
@paginate(PageDeDossiers)
def liste_dossiers(request, filtres: Query[Filtres]):
    # Every parameter of ``Filtres`` but the date is a filter of ``instruction.filtres``, same name; the
    # call, the one asked for among those the token may read, else the default one (as on the pages).
    request.appel_api = _appel(request, filtres.appel)
    parametres = filtres.model_dump(exclude={"modifie_depuis"})
    parametres["appel"] = request.appel_api.pk if request.appel_api else 0
    return donnees.filtrer(
        Dossier.objects.for_user(request.auth), modifie_depuis=_depuis(filtres.modifie_depuis), **parametres
    )


def _appel(request, demande: int | None):
    appels = appels_pour(request.auth)
    if demande is None:
        return par_defaut(appels)
    for appel in appels:
        if appel.pk == demande:
            return appel
    raise ValidationError([{"type": "appel_inconnu", "loc": ("query", "appel"), "msg": ""}])


@api.get(
    "/appels",
    response={200: list[schemas.Appel], **ERREURS},
    url_name="appels",
    tags=["Appels"],
    summary="Liste des appels",
    description="Les appels que le jeton peut lire (publiés, clos ou archivés ; les brouillons aussi pour "
    "un administrateur), le plus récemment ouvert d’abord, et celui que lit la liste des dossiers "
    "sans paramètre `appel`.",
    openapi_extra=documenter(401, 429),
)
def appels(request):
    liste = appels_pour(request.auth)
    defaut = par_defaut(liste)
    return [
        {
            "id": a.pk,
            "nom_court": a.nom_court,
            "titre": a.titre,
            "prefixe_numero": a.prefixe_numero,
            "etat": {"code": a.etat, "libelle": a.get_etat_display()},
            "date_ouverture": a.date_ouverture,
            "date_limite": a.date_limite,
            "par_defaut": a is defaut,
        }
        for a in liste
    ]


Identifiant = Path[int, {"ge": 1, "le": MAX_ID, "description": "Identifiant du dossier (champ `id`)."}]


@api.get(
    "/dossiers/{id}",
    response={200: schemas.DossierComplet, 404: schemas.Erreur, **ERREURS},
    url_name="dossier",
    tags=["Dossiers"],
    summary="Un dossier complet",
    description="Tout le dossier de l’annexe 7 (chef de file, territoire, axes, méthodologie, engagements, "
    "membres, budget, pièces), son historique et ses décisions, les avis des services déconcentrés et, "
    "sauf pour un agent territorial, les évaluations des instructeurs.",
    openapi_extra=documenter(401, 404, 422, 429),
)
def dossier(request, id: Identifiant):  # noqa: A002
    d = _dossier(request, id)
    decision = donnees.dernieres_decisions([d]).get(d.pk)
    return complet.complet(d, request.auth, decision, _url(request, "dossier", d.pk))


@api.get(
    "/dossiers/{id}/membres",
    response={200: list[schemas.Membre], 404: schemas.Erreur, **ERREURS},
    url_name="membres",
    tags=["Dossiers"],
    summary="Membres du consortium d’un dossier",
    description="Les membres du consortium (annexe 7 §2), aussi présents dans le dossier complet.",
    openapi_extra=documenter(401, 404, 422, 429),
)
def membres(request, id: Identifiant):  # noqa: A002
    return donnees.membres(_dossier(request, id))


@api.get(
    "/dossiers/{id}/budget",
    response={200: schemas.Budget, 404: schemas.Erreur, **ERREURS},
    url_name="budget",
    tags=["Dossiers"],
    summary="Budget prévisionnel et plan de financement d’un dossier",
    description="Lignes de dépenses et de financement, totaux et taux calculés par le serveur (annexe 7 §4).",
    openapi_extra=documenter(401, 404, 422, 429),
)
def budget(request, id: Identifiant):  # noqa: A002
    return donnees.budget(_dossier(request, id))


@api.get(
    "/dossiers/{id}/decisions",
    response={200: schemas.Historique, 404: schemas.Erreur, **ERREURS},
    url_name="decisions",
    tags=["Dossiers"],
    summary="Décisions et historique d’un dossier",
    description="Les décisions (recevabilité, décision finale) et chaque étape de l’historique visible du "
    "profil du jeton (un agent territorial ne voit pas les évaluations).",
    openapi_extra=documenter(401, 404, 422, 429),
)
def decisions(request, id: Identifiant):  # noqa: A002
    return donnees.historique(_dossier(request, id), request.auth)


@api.get(
    "/moi",
    response={200: schemas.Moi, **ERREURS},
    url_name="moi",
    tags=["Jeton"],
    summary="Le titulaire du jeton et son périmètre",
    description="Pour vérifier un jeton : son titulaire, son rôle, les départements qu’il voit, sa limite.",
    openapi_extra=documenter(401, 429),
)
def moi(request):
    user, jeton = request.auth, request.jeton_api
    territoire = None
    if (regles := politique(user)).territorial:
        territoire = list(regles.departements().order_by("code").values_list("code", flat=True))
    return {
        "email": user.email,
        "nom": user.get_full_name(),
        "role": donnees.code(user.role, Role),
        "rattachement": user.rattachement,
        "departements": territoire,
        "jeton": jeton.affichage,
        "expire_le": jeton.expire_le,
        "limite_par_minute": limite_par_minute(),
    }
