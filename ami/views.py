from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from ami.faq import faq as charger_faq
from ami.models import RECENTS, Appel, par_defaut
from ami.recherche_faq import rechercher
from core.format import euros, pourcentage

AXES = [
    (
        "Axe 1 : « Entrée dans le parcours »",
        "Définition du projet professionnel, diagnostic socio-professionnel (annexe 2).",
    ),
    (
        "Axe 2 : « Suivi de parcours »",
        "Accompagnement, suivi pendant le parcours, réorientation éventuelle (annexe 3).",
    ),
    (
        "Axe 3 : « Offre d'accompagnement social et professionnel »",
        "Vers une mise en commun, une plus grande visibilité et un accès facilité (annexe 4).",
    ),
    ("Axe 4 : Méthodologie", "Les méthodes proposées par le consortium d'acteurs de l'insertion (annexe 6)."),
]


@login_not_required
def accueil(request):
    appels = list(Appel.objects.publies().order_by(*RECENTS))  # never a draft
    demande = request.GET.get("appel", "")  # each call's own page: « /?appel=<id> »
    choisi = next((a for a in appels if demande.isdigit() and str(a.pk) == demande), None)
    appel = choisi or par_defaut(appels) or Appel()  # the reference values when there is no call yet
    financement = [
        (euros(appel.subvention_etat_max, 0), "de subvention de l'État au maximum par territoire lauréat"),
        (pourcentage(appel.part_etat_max), "du budget du projet au maximum financés par l'État"),
        (pourcentage(appel.cofinancement_min), "d'autofinancement au minimum du plan de financement"),
        (
            pourcentage(appel.frais_generaux_max),
            "du montant total du projet au maximum pour les frais généraux et frais de mission",
        ),
    ]
    return render(
        request,
        "ami/accueil.html",
        {
            "appel_courant": appel,
            "autres_appels": [autre for autre in appels if autre.pk != appel.pk],
            "axes": AXES,
            "financement": financement,
        },
    )


@login_not_required
def faq(request):
    """The FAQ, searchable (``?q=``: ``ami.recherche_faq``) with or without JavaScript."""
    faq = charger_faq()
    recherche = rechercher(faq, request.GET.get("q", ""))
    texte = recherche.texte if recherche else ""
    return render(request, "ami/faq.html", {"faq": faq, "recherche": recherche, "q": texte})


PAGES_INFO = {"accessibilite", "mentions_legales", "donnees_personnelles"}


@login_not_required
def page_info(request, page):
    assert page in PAGES_INFO  # fixed by the URLconf, never by the visitor
    return render(request, f"ami/info/{page}.html")
