"""« Comptes et rôles » (administrateurs): the list of accounts, the invitation, the page of an account
(name, role and rattachement, deactivate / reactivate, send the invitation again). The changes are made,
and recorded in the history, by ``comptes.gestion``."""

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from comptes import deux_facteurs, gestion
from comptes.forms_gestion import CompteForm, FiltresComptes, InvitationForm
from comptes.models import Role, User
from comptes.permissions import role_required
from core import tableaux
from core.menus import contexte_administration

administrateur = role_required(Role.ADMINISTRATEUR)
PAR_PAGE = 50
HISTORIQUE = 20


def _comptes():
    return (
        User.objects.metier()
        .select_related("organisation", "service_territorial__region", "service_territorial__departement")
        .order_by("last_name", "first_name", "email")
    )


def _nombre(n: int) -> str:
    return f"{n} compte{'s' if n > 1 else ''}"


@administrateur
def gestion_des_comptes(request):
    params = request.GET
    jeu = FiltresComptes(params, _comptes())
    filtres = jeu.filtres()
    page = tableaux.page_de(jeu.qs, PAR_PAGE, tableaux.numero_de_page(params.get("page")))
    for compte in page.object_list:
        compte.texte_rattachement = gestion.rattachement(compte)
        compte.en_attente = gestion.invitation_en_attente(compte)
    return render(
        request,
        "comptes/gestion/liste.html",
        contexte_administration(
            request,
            form=jeu.form,
            filtres_actifs=bool(filtres),
            page=page,
            comptes=page.object_list,
            nombre=_nombre(page.paginator.count),
            **tableaux.liens_de_pagination(params, page),
        ),
    )


def _enregistrer(form, action):
    """``action()`` for a valid form; a unique e-mail or SIRET taken a moment ago (a double click, two
    administrateurs) is reported in the form rather than as an error page. ``None`` when refused."""
    try:
        return action()
    except IntegrityError:
        form.full_clean()  # now sees the account or organisation just created
        if not form.errors:
            form.add_error(
                None,
                "Une autre modification vient d’être enregistrée (même adresse, même SIRET) : réessayez.",
            )
        return None


@administrateur
@require_http_methods(["GET", "POST"])
def inviter(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        compte = _enregistrer(form, lambda: gestion.inviter(request.user, form))
        if compte is not None:
            messages.success(
                request,
                f"{compte} ({compte.get_role_display().lower()}) est invité : un courriel avec le lien pour "
                f"choisir son mot de passe est envoyé à {compte.email}.",
            )
            return redirect("comptes:gestion")
    return render(
        request,
        "comptes/gestion/inviter.html",
        contexte_administration(request, form=form),
        status=422 if form.errors else 200,
    )


@administrateur
@require_http_methods(["GET", "POST"])
def compte(request, pk: int):
    compte = get_object_or_404(
        User.objects.metier().select_related(
            "organisation__departement", "service_territorial__region", "service_territorial__departement"
        ),
        pk=pk,
    )
    form = CompteForm(request.POST or None, compte=compte, par=request.user)
    if request.method == "POST" and form.is_valid():
        changements = _enregistrer(form, lambda: gestion.modifier(request.user, compte, form))
        if changements is not None:
            if changements:
                messages.success(request, f"Le compte de {compte.email} est modifié.")
            else:
                messages.info(request, "Aucune modification : rien n’a été enregistré.")
            return redirect("comptes:compte", compte.pk)
    compte.en_attente = gestion.invitation_en_attente(compte)
    historique = gestion.historique_du_compte(compte, HISTORIQUE)
    return render(
        request,
        "comptes/gestion/compte.html",
        contexte_administration(
            request,
            form=form,
            compte=compte,
            rattachement=gestion.rattachement(compte),
            heures=settings.PASSWORD_RESET_TIMEOUT // 3600,
            est_soi=compte.pk == request.user.pk,
            historique=historique,
            deux_facteurs=deux_facteurs.etat(compte),
        ),
        status=422 if form.errors else 200,
    )


@administrateur
@require_POST
def desactiver(request, pk: int):
    compte = get_object_or_404(User.objects.metier(), pk=pk)
    if compte.pk == request.user.pk:
        messages.error(request, "Vous ne pouvez pas désactiver votre propre compte.")
    elif gestion.changer_activite(request.user, compte.pk, actif=False):
        messages.success(
            request,
            f"Le compte de {compte.email} est désactivé : il ne peut plus se connecter, ses sessions "
            "ouvertes sont fermées et ses jetons d’API révoqués.",
        )
    else:
        messages.info(request, f"Le compte de {compte.email} était déjà désactivé.")
    return redirect("comptes:compte", compte.pk)


@administrateur
@require_POST
def reactiver(request, pk: int):
    compte = get_object_or_404(User.objects.metier(), pk=pk)
    if gestion.changer_activite(request.user, compte.pk, actif=True):
        messages.success(request, f"Le compte de {compte.email} est réactivé.")
    else:
        messages.info(request, f"Le compte de {compte.email} était déjà actif.")
    return redirect("comptes:compte", compte.pk)


@administrateur
@require_POST
def renvoyer_invitation(request, pk: int):
    compte = get_object_or_404(
        User.objects.metier().select_related(
            "organisation", "service_territorial__region", "service_territorial__departement"
        ),
        pk=pk,
    )
    if gestion.renvoyer_invitation(request.user, compte):
        messages.success(request, f"Une nouvelle invitation est envoyée à {compte.email}.")
    else:
        messages.info(
            request, "Pas de nouvelle invitation : ce compte s’est déjà connecté, ou il est désactivé."
        )
    return redirect("comptes:compte", compte.pk)
