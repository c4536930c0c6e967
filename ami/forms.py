from django import forms

from ami.formulaires import FormulaireDsfr
from ami.models import Appel

DECIMAUX = [
    "subvention_etat_max",
    "part_etat_max",
    "cofinancement_min",
    "frais_generaux_max",
    "versement_initial",
    "versement_solde",
]


class AppelForm(forms.ModelForm, FormulaireDsfr):
    groupes = [
        ("L'appel", ["titre", "nom_court", "courriel_contact"]),
        ("Calendrier", ["publication", "date_limite_depot", "heure_limite_depot", "periode_instruction"]),
        (
            "Plafonds et taux (recevabilité)",
            ["subvention_etat_max", "part_etat_max", "cofinancement_min", "frais_generaux_max"],
        ),
        ("Contenu du dossier", ["indicateurs_max_par_axe", "annexe_pages_max"]),
        ("Sélection et versements", ["nombre_laureats", "versement_initial", "versement_solde"]),
    ]

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
        fields = [
            "titre",
            "nom_court",
            "publication",
            "date_limite_depot",
            "heure_limite_depot",
            "periode_instruction",
            "subvention_etat_max",
            "part_etat_max",
            "cofinancement_min",
            "frais_generaux_max",
            "indicateurs_max_par_axe",
            "annexe_pages_max",
            "nombre_laureats",
            "versement_initial",
            "versement_solde",
            "courriel_contact",
        ]
        widgets = {
            "date_limite_depot": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "heure_limite_depot": forms.TimeInput(attrs={"type": "time", "step": 1}, format="%H:%M:%S"),
        }

    def clean(self):
        donnees = super().clean()
        initial, solde = donnees.get("versement_initial"), donnees.get("versement_solde")
        if initial is not None and solde is not None and initial + solde > 100:
            self.add_error("versement_solde", "Les deux versements ne peuvent dépasser 100 %.")
        return donnees
