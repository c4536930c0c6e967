"""Reading the journal de sécurité: its events, filtered (django-filter) by person, kind and dates, as
the administrateur's page (``administration.securite``) shows them.

Each filter is optional; an invalid value shows its error beside its field and is not applied, the valid
ones still are (django-filter filters on ``cleaned_data``, which holds the valid fields only)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from comptes.models_securite import EvenementSecurite, TypeEvenement
from core.formulaires import FormulaireDsfr

DATE_INVALIDE = "Saisissez une date valide, par exemple 02/12/2026."


def evenements():
    """Every event, the most recent first, with its person (one query for a page of them)."""
    return EvenementSecurite.objects.select_related("compte").order_by("-quand", "-pk")


def _debut_du_jour(jour: datetime.date) -> datetime.datetime:
    """Midnight of ``jour`` in the portal's time zone (Europe/Paris), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


class FormulaireJournal(FormulaireDsfr):
    def preparer(self):
        for nom in ("du", "au"):
            if nom in self.fields:
                # A French date, typed as shown (« 02/12/2026 »; the ISO form is accepted too).
                self.fields[nom].widget = forms.DateInput(
                    attrs={"autocomplete": "off", "spellcheck": "false"}, format="%d/%m/%Y"
                )

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and du > au:
            self.add_error("au", "La date de fin est avant la date de début : ce filtre n’est pas appliqué.")
        return donnees


class FiltresJournal(django_filters.FilterSet):
    personne = django_filters.CharFilter(
        label="Personne",
        max_length=100,
        method="filtrer_personne",
        help_text="Prénom, nom ou adresse électronique (celle du compte ou celle saisie)",
        error_messages={"max_length": "Saisissez au plus %(limit_value)d caractères."},
    )
    type = django_filters.ChoiceFilter(
        label="Type d’événement",
        choices=TypeEvenement.choices,
        empty_label="Tous les types",
        error_messages={
            "invalid_choice": "« %(value)s » n’est pas un type d’événement : ce filtre n’est pas appliqué."
        },
    )
    du = django_filters.DateFilter(
        label="Du",
        method="filtrer_du",
        help_text="Format attendu : JJ/MM/AAAA",
        error_messages={"invalid": DATE_INVALIDE},
    )
    au = django_filters.DateFilter(
        label="Au (inclus)",
        method="filtrer_au",
        help_text="Format attendu : JJ/MM/AAAA",
        error_messages={"invalid": DATE_INVALIDE},
    )

    class Meta:
        form = FormulaireJournal

    def filtres(self) -> dict:
        """The valid filters only (an invalid field is absent from ``cleaned_data``)."""
        self.form.is_valid()
        return {nom: valeur for nom, valeur in self.form.cleaned_data.items() if valeur}

    def filtrer_personne(self, evenements, nom, valeur):
        for mot in valeur.split():
            evenements = evenements.filter(
                Q(compte__first_name__icontains=mot)
                | Q(compte__last_name__icontains=mot)
                | Q(compte__email__icontains=mot)
                | Q(identifiant__icontains=mot)
            )
        return evenements

    def filtrer_du(self, evenements, nom, valeur):
        return evenements.filter(quand__gte=_debut_du_jour(valeur))

    def filtrer_au(self, evenements, nom, valeur):
        return evenements.filter(quand__lt=_debut_du_jour(valeur + datetime.timedelta(days=1)))


def texte_des_details(evenement: EvenementSecurite) -> str:
    """What the page adds under the objet: the filters of an export (« état : deposé, région : 32 »)."""
    filtres = (evenement.details or {}).get("filtres") or {}
    if not isinstance(filtres, dict) or not filtres:
        return ""
    return "Filtres : " + ", ".join(f"{cle} = {valeur}" for cle, valeur in filtres.items())
