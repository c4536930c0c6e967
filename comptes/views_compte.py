"""« Mon compte » (every business role): name and telephone, password, e-mail address, open sessions. The
changes are made by ``comptes.moncompte``; the link that confirms a new address is public (opened from the
mailbox, on any device): it proves the address, the signed token proves the account asked for it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from comptes import moncompte
from comptes.forms_compte import ChangerAdresseForm, ModifierMotDePasseForm, ProfilForm
from comptes.limites import limiter
from comptes.permissions import reservee

connecte = reservee("comptes:mon_compte")


def _page(request, gabarit: str, form, **contexte):
    return render(
        request,
        f"comptes/compte/{gabarit}.html",
        {"form": form, **contexte},
        status=422 if form.errors else 200,
    )


def _autres_sessions(n: int) -> str:
    return f"{n} autre{'s' if n > 1 else ''} session{'s' if n > 1 else ''} ouverte{'s' if n > 1 else ''}"


@connecte
@require_http_methods(["GET", "POST"])
def mon_compte(request):
    form = ProfilForm(request.POST or None, compte=request.user)
    if request.method == "POST" and form.is_valid():
        if moncompte.modifier_profil(request.user, form):
            messages.success(request, "Vos coordonnées sont enregistrées.")
        else:
            messages.info(request, "Aucune modification : rien n’a été enregistré.")
        return redirect("comptes:mon_compte")
    sessions = moncompte.sessions_ouvertes(request.user, request.session.session_key)
    return _page(
        request,
        "mon_compte",
        form,
        sessions=sessions,
        autres_sessions=sum(not session.est_courante for session in sessions),
    )


@connecte
@require_http_methods(["GET", "POST"])
def modifier_mot_de_passe(request):
    form = ModifierMotDePasseForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        fermees = moncompte.changer_mot_de_passe(request, form)
        message = "Votre mot de passe est changé ; un courriel vous le confirme."
        if fermees:
            message += f" {_autres_sessions(fermees)} {'sont fermées' if fermees > 1 else 'est fermée'}."
        messages.success(request, message)
        return redirect("comptes:mon_compte")
    return _page(request, "modifier_mot_de_passe", form)


@connecte
@require_http_methods(["GET", "POST"])
def changer_adresse(request):
    form = ChangerAdresseForm(request.POST or None, compte=request.user)
    if request.method == "POST" and form.is_valid():
        adresse = form.cleaned_data["email"]
        moncompte.demander_nouvelle_adresse(request, request.user, adresse)
        messages.info(
            request,
            f"Un courriel est envoyé à {adresse}. Ouvrez le lien qu’il contient (valable "
            f"{moncompte.HEURES_ADRESSE} heures) pour confirmer cette adresse : votre adresse actuelle reste "
            "votre identifiant jusque-là. Si cette adresse est déjà celle d’un autre compte, le courriel le "
            "dit et rien n’est changé.",
        )
        return redirect("comptes:mon_compte")
    return _page(request, "changer_adresse", form, heures=moncompte.HEURES_ADRESSE)


@login_not_required
@require_http_methods(["GET", "POST"])
@limiter("confirmation")
def confirmer_nouvelle_adresse(request, uidb64: str, token: str):
    """GET: the address the link carries and a button (a mail scanner that opens links changes nothing);
    POST: the change."""
    compte = moncompte.compte_du_lien(uidb64)
    if request.method == "POST" and compte is not None:
        resultat, adresse = moncompte.confirmer_nouvelle_adresse(request, compte, token)
        statut = 200 if resultat is moncompte.Resultat.CHANGEE else 400
    else:  # an old link opened: a page that says so
        adresse = moncompte.adresse_du_lien(compte, token)
        resultat, statut = (None if adresse else moncompte.Resultat.INVALIDE), 200
    return render(
        request,
        "comptes/compte/confirmer_nouvelle_adresse.html",
        {
            "adresse": adresse,
            "resultat": resultat.value if resultat else "",
            "connecte": request.user.is_authenticated,
        },
        status=statut,
    )


@connecte
@require_POST
def fermer_sessions(request):
    fermees = moncompte.fermer_les_autres_sessions(request)
    if fermees:
        messages.success(
            request,
            f"{_autres_sessions(fermees)} {'sont fermées' if fermees > 1 else 'est fermée'} : "
            f"{'ces navigateurs doivent' if fermees > 1 else 'ce navigateur doit'} se connecter à nouveau.",
        )
    else:
        messages.info(request, "Aucune autre session n’était ouverte.")
    return redirect("comptes:mon_compte")
