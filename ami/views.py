from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.shortcuts import redirect, render

from ami.faq import faq as charger_faq
from ami.forms import AppelForm
from ami.models import Appel
from comptes.models import Role, User
from comptes.permissions import role_required


@login_not_required
def accueil(request):
    return render(request, "ami/accueil.html", {"appel_courant": Appel.objects.courant()})


@login_not_required
def faq(request):
    return render(request, "ami/faq.html", {"faq": charger_faq()})


PAGES_INFO = {"accessibilite", "mentions_legales", "donnees_personnelles"}


@login_not_required
def page_info(request, page):
    assert page in PAGES_INFO  # fixed by the URLconf, never by the visitor
    return render(request, f"ami/info/{page}.html")


@role_required(Role.ADMINISTRATEUR)
def administration(request):
    appel = Appel.objects.courant()
    form = AppelForm(request.POST or None, instance=appel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Les paramètres de l'appel ont été enregistrés.")
        return redirect("ami:administration")
    comptes = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("pk")))
    par_role = [(label, comptes.get(value, 0)) for value, label in Role.choices]
    return render(request, "ami/administration.html", {"form": form, "par_role": par_role})
