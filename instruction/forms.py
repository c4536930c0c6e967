"""The instructeur's forms: the recevabilité decision, rule by rule."""

from django import forms
from django.db import models

from candidatures.models import Section
from core.formulaires import DateFuture, FormulaireDsfr
from core.resultats import Statut
from instruction.models import Constat


class Decision(models.TextChoices):
    RECEVABLE = "recevable", "Recevable"
    IRRECEVABLE = "irrecevable", "Irrecevable"


def constat_automatique(ligne) -> str:
    return Constat.CONFORME if ligne.statut == Statut.RESPECTE else Constat.NON_CONFORME


class RecevabiliteForm(FormulaireDsfr):
    """« Confirm or override the automated checklist rule by rule with a motivation; mark the dossier
    recevable or irrecevable (motivation required) » (issue 5). One constat per rule, preset to the
    automated result; a different constat needs its motivation."""

    identifiants = "recevabilite_%s"

    decision = forms.ChoiceField(
        label="Décision sur la recevabilité", choices=Decision.choices, widget=forms.RadioSelect
    )
    motif = forms.CharField(
        label="Motivation de la décision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Elle figure dans l’historique du dossier et dans le courriel envoyé au porteur.",
    )
    version_instruction = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, recevabilite, **kwargs):
        self.recevabilite = recevabilite
        super().__init__(*args, **kwargs)

    def preparer(self):
        for ligne in self.recevabilite.lignes:
            regle = ligne.regle
            self.fields[f"constat_{regle}"] = forms.ChoiceField(
                label=f"Constat de l’instructeur ({regle})",
                choices=Constat.choices,
                initial=constat_automatique(ligne),
            )
            self.fields[f"motif_{regle}"] = forms.CharField(
                label=f"Motivation si le constat diffère ({regle})", required=False
            )

    def lignes(self):
        """(ligne of the checklist, its constat field, its motivation field), for the table."""
        return [
            (ligne, self[f"constat_{ligne.regle}"], self[f"motif_{ligne.regle}"])
            for ligne in self.recevabilite.lignes
        ]

    def clean(self):
        donnees = super().clean()
        non_conformes_bloquantes = []
        for ligne in self.recevabilite.lignes:
            regle = ligne.regle
            constat = donnees.get(f"constat_{regle}")
            if (
                constat
                and constat != constat_automatique(ligne)
                and not donnees.get(f"motif_{regle}", "").strip()
            ):
                self.add_error(
                    f"motif_{regle}",
                    "Motivez ce constat : il diffère de la vérification automatique.",
                )
            if constat == Constat.NON_CONFORME and not ligne.avertissement:
                non_conformes_bloquantes.append(regle)
        if donnees.get("decision") == Decision.RECEVABLE and non_conformes_bloquantes:
            self.add_error(
                "decision",
                "Un dossier dont un critère bloquant est non conforme ("
                + ", ".join(non_conformes_bloquantes)
                + ") ne peut pas être déclaré recevable.",
            )
        return donnees

    def constats(self) -> dict:
        """What the decision records, rule by rule (``instruction.constats.declarer``): automated result,
        constat, motivation."""
        return {
            ligne.regle: {
                "automatique": str(ligne.statut),
                "constat": self.cleaned_data[f"constat_{ligne.regle}"],
                "motif": self.cleaned_data[f"motif_{ligne.regle}"].strip(),
            }
            for ligne in self.recevabilite.lignes
        }


class Proposition(models.TextChoices):
    LAUREAT = "laureat", "Lauréat"
    NON_RETENU = "non_retenu", "Non retenu"


class PropositionForm(FormulaireDsfr):
    """Proposé (lauréat or non retenu, with the grid's scores) → décision (rules.md, lifecycle)."""

    identifiants = "proposition_%s"

    proposition = forms.ChoiceField(
        label="Proposition au comité de sélection", choices=Proposition.choices, widget=forms.RadioSelect
    )
    motif = forms.CharField(
        label="Motivation de la proposition",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "La motivation est obligatoire."},
    )
    version_instruction = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(FormulaireDsfr):
    decision = forms.ChoiceField(label="Décision", choices=Proposition.choices, widget=forms.RadioSelect)
    motif = forms.CharField(
        label="Motivation de la décision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Elle est notifiée au porteur par courriel et affichée dans son suivi.",
        error_messages={"required": "La motivation est obligatoire."},
    )
    version_instruction = forms.IntegerField(widget=forms.HiddenInput)


class ComplementsForm(FormulaireDsfr):
    """« A message naming the sections to complete and a date » (issue 5): those sections reopen."""

    identifiants = "complements_%s"

    sections = forms.MultipleChoiceField(
        label="Sections à compléter",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une section à rouvrir."},
    )
    date_limite = DateFuture(label="À compléter au plus tard le", jours_max=90)
    message = forms.CharField(
        label="Message au porteur",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui manque ou doit être précisé ; il est envoyé par courriel aux membres du porteur.",
        error_messages={"required": "Expliquez au porteur ce qu’il doit compléter."},
    )
    version_instruction = forms.IntegerField(widget=forms.HiddenInput)

    def preparer(self):
        self.fields["sections"].choices = Section.choices
