"""Forms of the dossier's sections, each a draft (``core.brouillon``): it saves at any moment,
whatever is missing, and keeps what was typed."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from ami import libelles as L
from candidatures.models import Dossier, Indicateur, Public, ReponseAxe
from core.brouillon import BrouillonMixin
from core.champs import DecimalFrancais
from core.formulaires import FormulaireDsfr, avec_invite
from territoires.models import Departement

TEXTE_LONG = forms.Textarea(attrs={"rows": 5})


class SectionForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    """A section of the dossier edited on its own page."""

    class Meta:
        model = Dossier
        fields: list[str] = []


class ChefDeFileForm(SectionForm):
    telephones = tuple(f"interlocuteur{n}_telephone" for n in (1, 2, 3))
    courriels = tuple(f"interlocuteur{n}_courriel" for n in (1, 2, 3))
    facultatifs = tuple(
        f"interlocuteur{n}_{c}" for n in (2, 3) for c in ("nom", "fonction", "telephone", "courriel")
    )

    class Meta:
        model = Dossier
        fields = ["nom_chef_de_file", "adresse"] + [
            f"interlocuteur{n}_{champ}"
            for n in (1, 2, 3)
            for champ in ("nom", "fonction", "telephone", "courriel")
        ]
        widgets = (
            {"adresse": forms.Textarea(attrs={"rows": 3})}
            | {
                f"interlocuteur{n}_telephone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
                for n in (1, 2, 3)
            }
            | {
                f"interlocuteur{n}_courriel": forms.TextInput(
                    attrs={"type": "email", "autocomplete": "email"}
                )
                for n in (1, 2, 3)
            }
        )

    def interlocuteurs(self):
        return [
            (n, [self[f"interlocuteur{n}_{c}"] for c in ("nom", "fonction", "telephone", "courriel")])
            for n in (1, 2, 3)
        ]


class TerritoireForm(SectionForm):
    field_order = ["perimetre", "departement", "second_departement", "bassins", "accord_deux_departements"]
    facultatifs = (
        "second_departement",
        "bassins",
        "accord_deux_departements",
        "publics_autres",
        "qpv_zrr_precisions",
        "accord_porteur_existant",
        "articulation",
        "cas_exceptionnel",
        "cas_exceptionnel_justification",
    )
    departement = forms.ChoiceField(label="Département", required=False)
    second_departement = forms.ChoiceField(
        label="Second département (bassin d’emploi situé sur deux départements)", required=False
    )
    publics = forms.MultipleChoiceField(
        label=L.PUBLICS, help_text=L.PUBLICS_AIDE, choices=Public.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Dossier
        fields = [
            "perimetre",
            "bassins",
            "accord_deux_departements",
            "publics",
            "publics_autres",
            "qpv",
            "zrr",
            "qpv_zrr_precisions",
            "engagement_spie",
            "accord_porteur_existant",
            "articulation",
            "cas_exceptionnel",
            "cas_exceptionnel_justification",
        ]
        widgets = {
            "perimetre": forms.RadioSelect,
            "qpv": forms.RadioSelect,
            "zrr": forms.RadioSelect,
            "engagement_spie": forms.RadioSelect,
            "bassins": forms.Textarea(attrs={"rows": 3}),
            "qpv_zrr_precisions": forms.Textarea(attrs={"rows": 3}),
            "articulation": TEXTE_LONG,
            "cas_exceptionnel_justification": TEXTE_LONG,
        }
        help_texts = {"perimetre": L.PERIMETRE_AIDE}

    def __init__(self, *args, departements_choisis=None, **kwargs):
        """``departements_choisis``: the codes shown when not bound; the dossier's when not given."""
        self.departements_choisis = departements_choisis
        super().__init__(*args, **kwargs)

    def preparer(self):
        choix = [("", "— Choisir un département —")] + [
            (d.code, f"{d.code} — {d.nom}") for d in Departement.objects.order_by("code")
        ]
        self.fields["departement"].choices = choix
        self.fields["second_departement"].choices = [("", "— Aucun —")] + choix[1:]
        for field in ("perimetre", "qpv", "zrr", "engagement_spie"):
            self.fields[field].choices = [c for c in self.fields[field].choices if c[0]]
        if not self.is_bound:
            codes = self.departements_choisis
            if codes is None:
                codes = list(self.instance.departements.values_list("code", flat=True))
            self.initial["departement"] = codes[0] if codes else ""
            self.initial["second_departement"] = codes[1] if len(codes) > 1 else ""

    def clean(self):
        donnees = super().clean()
        premier, second = donnees.get("departement"), donnees.get("second_departement")
        if second and second == premier:
            self.add_error("second_departement", "Choisissez un département différent du premier.")
        return donnees

    def departements(self) -> list[str]:
        return [
            code
            for code in (self.cleaned_data.get("departement"), self.cleaned_data.get("second_departement"))
            if code
        ]

    def enregistrer_liens(self):
        self.instance.departements.set(self.departements())


class Axe4Form(SectionForm):
    class Meta:
        model = Dossier
        fields = ["methodologie_equipe", "methodologie_implication", "methodologie_dynamique"]
        widgets = dict.fromkeys(fields, TEXTE_LONG)


class EngagementsForm(SectionForm):
    class Meta:
        model = Dossier
        fields = list(L.ENGAGEMENTS)


class AxeForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    """The seven questions of an axe, with the two extras of axes 2 and 3; labels of annexe 7."""

    class Meta:
        model = ReponseAxe
        fields = [
            "objectifs",
            "actions",
            "public",
            "nombre_personnes",
            "part_population",
            "changements",
            "methodes",
            "calendrier",
            "organisation_suivi",
            "organisation_remise",
            "offre_visibilite",
            "offre_commune",
        ]
        widgets = dict.fromkeys(
            [f for f in fields if f not in ("nombre_personnes", "part_population")], TEXTE_LONG
        ) | {"nombre_personnes": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}
        field_classes = {"part_population": DecimalFrancais}

    EN_PLUS = {2: ("organisation_suivi", "organisation_remise"), 3: ("offre_visibilite", "offre_commune")}

    def preparer(self):
        axe = self.instance.axe
        for autre, champs in self.EN_PLUS.items():
            if autre != axe:
                for nom in champs:
                    del self.fields[nom]
        self.fields["objectifs"].label = L.OBJECTIFS[axe]
        for nom, field in self.fields.items():
            if nom in L.QUESTIONS:
                field.label = L.QUESTIONS[nom]
        self.fields["part_population"].validators += [
            MinValueValidator(Decimal("0"), "Le pourcentage est compris entre 0 et 100."),
            MaxValueValidator(Decimal("100"), "Le pourcentage est compris entre 0 et 100."),
        ]
        self.fields["nombre_personnes"].error_messages["invalid"] = "Saisissez un nombre entier de personnes."

    def champs_avant_indicateurs(self):
        return [
            self[n]
            for n in ("objectifs", "actions", "public", "nombre_personnes", "part_population", "changements")
        ]

    def champs_apres_indicateurs(self):
        return [self[n] for n in ("methodes", "calendrier")]

    def champs_en_plus(self):
        return [self[n] for n in self.EN_PLUS.get(self.instance.axe, ())]


class IndicateurForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    facultatifs = ("type", "cible")

    class Meta:
        model = Indicateur
        fields = ["libelle", "type", "cible"]

    def preparer(self):
        avec_invite(self.fields["type"], "— Type —")


class DossierCreationForm(forms.ModelForm, FormulaireDsfr):
    class Meta:
        model = Dossier
        fields = ["intitule"]
