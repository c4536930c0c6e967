"""Forms of the dossier's sections. A section saves as a draft at any moment, whatever is missing.

``BrouillonMixin.appliquer`` copies onto the instance every valid value and, for text fields, what
was typed even when it is not valid yet (the error is shown next to the field, the text is kept).
Numbers that do not parse are not saved, but stay in the page with their error; so does a text longer
than its field holds (``core.saisie``: the cleaning and the bounds every form shares).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from ami import libelles as L
from candidatures.models import Dossier, Public, ReponseAxe
from candidatures.validators import normaliser_telephone, valider_courriel
from core.formulaires import FormulaireDsfr, avec_invite
from territoires.models import Departement

TEXTE_LONG = forms.Textarea(attrs={"rows": 5})


def champ_decimal(field: forms.Field):
    """French input: « 160 000 », « 1 234,50 », any space between thousands; shown back as typed."""
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    field.widget.is_localized = True
    lire = field.to_python

    def to_python(valeur):
        if isinstance(valeur, str):
            valeur = "".join(c for c in valeur if c not in " \u00a0\u202f")
        return lire(valeur)

    field.to_python = to_python


class BrouillonMixin:
    """Fields are marked as the dépôt needs them (« (Optionnel) » on the others, DSFR), but an empty
    required field never prevents saving a draft: completeness is checked by the rules, not here."""

    telephones: tuple[str, ...] = ()
    courriels: tuple[str, ...] = ()
    facultatifs: tuple[str, ...] = ()
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom, field in self.fields.items():
            field.required = nom not in self.facultatifs

    def add_error(self, field, error):
        if field and getattr(error, "code", None) == "required":
            self.cleaned_data[field] = self.fields[field].to_python(None if field in self.nombres() else "")
            return
        super().add_error(field, error)

    def _post_clean(self):
        """No model validation: a draft is saved by ``appliquer``, never by ``save()``, and the
        form's fields already check lengths and choices."""

    def nombres(self):
        return {
            nom for nom, f in self.fields.items() if isinstance(f, forms.DecimalField | forms.IntegerField)
        }

    def clean(self):
        donnees = super().clean()
        for nom in self.telephones:
            if donnees.get(nom):
                try:
                    donnees[nom] = normaliser_telephone(donnees[nom])
                except ValidationError as erreur:
                    self.add_error(nom, erreur)
        for nom in self.courriels:
            if donnees.get(nom):
                try:
                    valider_courriel(donnees[nom].strip())
                except ValidationError as erreur:
                    self.add_error(nom, erreur)
        return donnees

    def appliquer(self, instance) -> list[str]:
        """Copy the draft onto ``instance``; returns the names of the model fields set."""
        modifies = []
        colonnes = {f.name for f in self._meta.model._meta.concrete_fields}
        for nom, field in self.fields.items():
            if nom not in colonnes:
                continue
            if nom in self.cleaned_data:
                valeur = self.cleaned_data[nom]
            elif isinstance(field, forms.CharField):
                valeur = (self.data.get(self.add_prefix(nom)) or "").strip()  # typed, not valid yet: kept
                if field.max_length is not None and len(valeur) > field.max_length:
                    continue  # too long for its column (core.saisie): stays in the page with its error
            else:
                continue
            if valeur is None and isinstance(field, forms.CharField):
                valeur = ""
            setattr(instance, nom, valeur)
            modifies.append(nom)
        return modifies

    @property
    def messages_erreur(self) -> list[tuple[str, str]]:
        """(label, message) for the save status: « Numéro de téléphone : Saisissez … »."""
        return [
            (self.fields[nom].label if nom in self.fields else "", " ".join(e))
            for nom, e in self.errors.items()
        ]


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

    def __init__(self, *args, departements_choisis=(), **kwargs):
        self.departements_choisis = list(departements_choisis)
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

    def appliquer(self, instance):
        modifies = super().appliquer(instance)
        if "publics" in self.cleaned_data:
            instance.publics = list(self.cleaned_data["publics"])
        return modifies


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
        champ_decimal(self.fields["part_population"])
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
        from candidatures.models import Indicateur

        model = Indicateur
        fields = ["libelle", "type", "cible"]

    def preparer(self):
        avec_invite(self.fields["type"], "— Type —")


class DossierCreationForm(forms.ModelForm, FormulaireDsfr):
    class Meta:
        model = Dossier
        fields = ["intitule"]
