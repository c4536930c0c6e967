from django import forms

from ami.models import Appel, Critere, ExclusionR08
from comptes.validators import valider_siret
from core.champs import DecimalFini
from core.formulaires import FormulaireDsfr, avec_invite
from core.saisie import LignesBornees
from instruction.models import Note
from territoires.models import Departement

DECIMAUX = [
    "subvention_etat_max",
    "part_etat_max",
    "cofinancement_min",
    "frais_generaux_max",
    "versement_initial",
    "versement_solde",
    "enveloppe_totale",
]


# The parameters of a call, by group, as the form shows them (each field once: the form's fields follow).
GROUPES_APPEL = [
    ("L'appel", ["titre", "nom_court", "courriel_contact", "presentation"]),
    (
        "Calendrier",
        [
            "publication",
            "date_ouverture",
            "date_limite_depot",
            "heure_limite_depot",
            "date_limite_avis",
            "periode_instruction",
        ],
    ),
    (
        "Plafonds et taux (recevabilité)",
        ["subvention_etat_max", "part_etat_max", "cofinancement_min", "frais_generaux_max"],
    ),
    ("Contenu du dossier", ["indicateurs_max_par_axe", "annexe_pages_max"]),
    (
        "Sélection, enveloppe et versements",
        [
            "nombre_laureats",
            "enveloppe_totale",
            "periode_mise_en_oeuvre",
            "versement_initial",
            "echeance_versement_initial",
            "versement_solde",
            "echeance_versement_solde",
        ],
    ),
]


class AppelForm(forms.ModelForm, FormulaireDsfr):
    groupes = GROUPES_APPEL

    def preparer(self):
        for nom in DECIMAUX:
            # « 500 000,00 »: French input, typed as a French user types it.
            self.fields[nom].localize = True
            self.fields[nom].widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "fr-input"})
            self.fields[nom].widget.is_localized = True

    def fieldsets(self):
        return [(titre, [self[nom] for nom in noms]) for titre, noms in self.groupes]

    class Meta:
        model = Appel
        fields = [nom for _, noms in GROUPES_APPEL for nom in noms]
        widgets = {
            "date_ouverture": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_limite_depot": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_limite_avis": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "heure_limite_depot": forms.TimeInput(attrs={"type": "time", "step": 1}, format="%H:%M:%S"),
        }
        field_classes = dict.fromkeys(DECIMAUX, DecimalFini)

    def clean(self):
        donnees = super().clean()
        initial, solde = donnees.get("versement_initial"), donnees.get("versement_solde")
        if initial is not None and solde is not None and initial + solde > 100:
            self.add_error("versement_solde", "Les deux versements ne peuvent dépasser 100 %.")
        ouverture, limite = donnees.get("date_ouverture"), donnees.get("date_limite_depot")
        if ouverture and limite and ouverture > limite:
            self.add_error("date_ouverture", "L’ouverture des dépôts doit précéder la date limite de dépôt.")
        avis = donnees.get("date_limite_avis")
        if avis and limite and avis < limite:
            self.add_error("date_limite_avis", "Les avis sont attendus après la date limite de dépôt.")
        return donnees


class NouvelAppelForm(AppelForm):
    """« Nouvel appel »: the parameters, and the number prefix, chosen once (unique, checked with a French
    message: ``Appel.prefixe_numero``); the call is saved as a draft."""

    # The prefix after the short name, every other field where « Paramètres de l’appel » puts it.
    groupes = [
        (titre, [n for nom in noms for n in ((nom, "prefixe_numero") if nom == "nom_court" else (nom,))])
        for titre, noms in GROUPES_APPEL
    ]

    class Meta(AppelForm.Meta):
        fields = [*AppelForm.Meta.fields, "prefixe_numero"]


def formulaire_appel(appel, donnees=None):
    """The parameters' form of ``appel``: its number prefix editable while it is a draft (no dossier is
    numbered yet), every field read only once it is archived."""
    from ami.models import EtatAppel

    classe = NouvelAppelForm if appel.etat == EtatAppel.BROUILLON else AppelForm
    form = classe(donnees, instance=appel)
    if appel.archive:
        for champ in form.fields.values():
            champ.disabled = True
    return form


class CritereForm(forms.ModelForm, FormulaireDsfr):
    class Meta:
        model = Critere
        fields = ["ordre", "libelle", "source", "poids", "note_max"]
        widgets = {"libelle": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"poids": DecimalFini}

    def preparer(self):
        champ_decimal = self.fields["poids"]
        champ_decimal.localize = True
        champ_decimal.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        champ_decimal.widget.is_localized = True


class GrilleFormSet(LignesBornees):
    def clean(self):
        try:
            super().clean()  # two criteria of the same order (unique per call)
            erreurs = []
        except forms.ValidationError:
            erreurs = ["Deux critères ont le même ordre : donnez à chacun un numéro différent."]
        # A deleted form's own errors are ignored by the formset: these are the formset's.
        erreurs += [
            f"« {form.instance.libelle[:60]} » a déjà des notes : il ne peut pas être supprimé "
            "(modifiez son poids ou son libellé)."
            for form in self.forms
            if self._supprime(form)
            and form.instance.pk
            and Note.objects.filter(critere=form.instance).exists()
        ]
        if not any(f.cleaned_data and not self._supprime(f) for f in self.forms):
            erreurs.append("La grille garde au moins un critère.")
        if erreurs:
            raise forms.ValidationError(erreurs)

    def _supprime(self, form) -> bool:
        return self.can_delete and self._should_delete_form(form)


GrilleForms = forms.inlineformset_factory(
    Appel, Critere, form=CritereForm, formset=GrilleFormSet, extra=1, can_delete=True
)


class ExclusionForm(forms.ModelForm, FormulaireDsfr):
    class Meta:
        model = ExclusionR08
        fields = ["nature", "nom", "departement", "siret"]

    def preparer(self):
        avec_invite(self.fields["nature"], "— Choisir —")
        self.fields["departement"].empty_label = "— Aucun —"
        self.fields["departement"].queryset = Departement.objects.order_by("code")
        self.fields["departement"].label_from_instance = lambda d: f"{d.code} – {d.nom}"
        self.fields["siret"].validators.append(valider_siret)
        self.fields["siret"].help_text = (
            "R08 reconnaît le porteur exclu à son SIRET : sans SIRET, l’exclusion ne vaut que pour le "
            "territoire (son département)."
        )

    def clean(self):
        """An exclusion with neither SIRET nor département would exclude nobody: refused, with why."""
        donnees = super().clean()
        if not donnees.get("siret") and not donnees.get("departement") and "siret" not in self.errors:
            self.add_error(
                "siret",
                "Sans SIRET ni département, cette exclusion n’exclurait personne : R08 reconnaît un porteur "
                "à son SIRET et un territoire SPIE à son département. Saisissez le SIRET du porteur exclu.",
            )
        return donnees


ExclusionForms = forms.inlineformset_factory(
    Appel, ExclusionR08, form=ExclusionForm, formset=LignesBornees, extra=1, can_delete=True
)
