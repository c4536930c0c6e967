"""Les échanges dans les gabarits des autres applications, sans toucher à leurs vues : l'onglet
« Échanges » de la fiche d'instruction, l'historique du dossier (fiche et PDF d'instruction), le fil
dans le PDF. Le fil est lu une fois par page (``fil.echanges``) : ``None`` pour qui ne le lit pas."""

from django import template

from messagerie import fil, requetes, services

register = template.Library()


@register.simple_tag(takes_context=True)
def echanges_de(context, dossier, transitions=None):
    """Le fil de ``dossier`` pour l'utilisateur de la page (``None`` s'il ne le lit pas)."""
    return fil.echanges(dossier, context["request"].user, transitions)


@register.simple_tag(takes_context=True)
def onglet_echanges(context, dossier):
    """The « Échanges » tab's name only (``fil.onglet``): its panel and the history not in the page."""
    return fil.onglet(dossier, context["request"].user)


@register.simple_tag
def echanges_pdf(dossier, user, transitions):
    """Le fil pour le PDF de ``user`` (ses étapes des compléments tirées de ``transitions``)."""
    return fil.echanges(dossier, user, transitions)


@register.inclusion_tag("messagerie/partials/panneau.html", takes_context=True)
def panneau_echanges(context, dossier, echanges):
    """Le fil dans l'onglet de la fiche ; ouvert d'emblée (``?onglet=echanges``), il est lu."""
    from messagerie.views import contexte_fil

    request = context["request"]
    ouvert = context.get("panneau_ouvert") == "echanges"
    resultat = contexte_fil(request, dossier, echanges=echanges)  # the receipts as they were
    if ouvert:
        services.marquer_lu(dossier, request.user)
    resultat.update(request=request, csrf_token=context.get("csrf_token"), ouvert=ouvert)
    return resultat


@register.simple_tag
def historique_echanges(transitions, echanges):
    """Les ``transitions`` de l'historique et les lignes du fil, par date."""
    return fil.historique(transitions, echanges)


@register.simple_tag(takes_context=True)
def non_lus_par_dossier(context, dossiers):
    """``{% non_lus_par_dossier dossiers as non_lus %}`` : {pk: non lus} pour l'utilisateur de la page,
    en une requête quel que soit le nombre de dossiers ; ``{{ non_lus|non_lus_de:dossier }}`` le lit."""
    return requetes.non_lus_par_dossier(context["request"].user, dossiers)


@register.filter
def non_lus_de(non_lus: dict, dossier) -> int:
    return non_lus.get(dossier.pk, 0)
