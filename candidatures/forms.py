"""Forms of the dossier's sections, each a draft (``core.brouillon``): it saves at any moment,
whatever is missing, and keeps what was typed."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from ami import libelles as L
from candidatures.models import Dossier, Indicateur, Public, ReponseAxe
from candidatures.rules.axes import constats_public
from core.brouillon import BrouillonMixin
from core.champs import DecimalFrancais
from core.formulaires import FormulaireDsfr, avec_invite
from territoires.models import Departement

TEXTE_LONG = forms.Textarea(attrs={"rows": 5})
CHAMPS_COURTS_AXE = ("nombre_personnes", "part_population", "chiffres_non_disponibles")  # not a TEXTE_LONG


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
    # The agreement of each département is its CD's letter (pieces), no longer a box: R01, R07.
    # ``pertinence_territoire`` is not « facultatif »: shown only with the bassins, then R07 asks for it.
    field_order = ["perimetre", "departement", "second_departement", "bassins", "pertinence_territoire"]
    facultatifs = (
        "second_departement",
        "bassins",
        "publics_autres",
        "qpv_zrr_precisions",
        # R08: asked of an actor of a SPIE territory only (candidatures.rules.r08_premier_ami).
        "memes_publics",
        "memes_territoires",
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
            "pertinence_territoire",
            "publics",
            "publics_autres",
            "qpv",
            "zrr",
            "qpv_zrr_precisions",
            "engagement_spie",
            "memes_publics",
            "memes_territoires",
            "articulation",
            "cas_exceptionnel",
            "cas_exceptionnel_justification",
        ]
        widgets = {
            "perimetre": forms.RadioSelect,
            "qpv": forms.RadioSelect,
            "zrr": forms.RadioSelect,
            "engagement_spie": forms.RadioSelect,
            "memes_publics": forms.RadioSelect,
            "memes_territoires": forms.RadioSelect,
            "bassins": forms.Textarea(attrs={"rows": 3}),
            "pertinence_territoire": TEXTE_LONG,
            "qpv_zrr_precisions": forms.Textarea(attrs={"rows": 3}),
            "articulation": TEXTE_LONG,
            "cas_exceptionnel_justification": TEXTE_LONG,
        }
        help_texts = {
            "perimetre": L.PERIMETRE_AIDE,
            "pertinence_territoire": L.PERTINENCE_TERRITOIRE_AIDE,
            "engagement_spie": L.R08_AIDE,
            "memes_publics": L.R08_CONDITIONS,
        }

    def __init__(self, *args, departements_choisis=None, noms_departements=None, **kwargs):
        """``departements_choisis``: the codes shown when not bound; the dossier's when not given.
        ``noms_departements`` ({code: nom}): the only choices, for a read-only summary that already read
        the dossier's (``candidatures.resume``): no query of the 101 départements."""
        self.departements_choisis = departements_choisis
        self.noms_departements = noms_departements
        super().__init__(*args, **kwargs)

    def preparer(self):
        noms = self.noms_departements
        if noms is None:
            noms = dict(Departement.objects.order_by("code").values_list("code", "nom"))
        choix = [("", "— Choisir un département —")] + [
            (code, f"{code} — {nom}") for code, nom in noms.items()
        ]
        self.fields["departement"].choices = choix
        self.fields["second_departement"].choices = [("", "— Aucun —")] + choix[1:]
        for field in ("perimetre", "qpv", "zrr", "engagement_spie", "memes_publics", "memes_territoires"):
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

    def aide(self) -> str:
        """The FAQ's advice on the methodology, shown under the consigne."""
        return L.AXE_4_AIDE


class EngagementsForm(SectionForm):
    """R16: the commitments of II.A and their proposals, the participation of the persons supported, and the
    numeric services of annexe 5 (the personne relais, required; the services, voluntary)."""

    telephones = ("personne_relais_telephone",)
    courriels = ("personne_relais_courriel",)
    facultatifs = ("service_carnet_de_bord", "service_cartographie", "service_data_insertion")
    RELAIS = [f"personne_relais_{c}" for c in ("nom", "fonction", "telephone", "courriel")]
    # What the page says around the fields (annexe 5, II.A), word for word.
    textes = {
        "intro": L.ENGAGEMENTS_INTRO,
        "services": L.SERVICES_NUMERIQUES,
        "services_intro": L.SERVICES_NUMERIQUES_INTRO,
        "relais": L.PERSONNE_RELAIS,
        "relais_aide": L.PERSONNE_RELAIS_AIDE,
        "volontariat": L.SERVICES_VOLONTARIAT,
    }

    class Meta:
        model = Dossier
        fields = [
            *L.ENGAGEMENTS,
            "engagement_propositions",
            "participation_personnes",
            "personne_relais_nom",
            "personne_relais_fonction",
            "personne_relais_telephone",
            "personne_relais_courriel",
            "service_carnet_de_bord",
            "service_cartographie",
            "service_data_insertion",
        ]
        widgets = {
            "engagement_propositions": TEXTE_LONG,
            "participation_personnes": TEXTE_LONG,
            "personne_relais_telephone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "personne_relais_courriel": forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
        }
        help_texts = {
            "engagement_propositions": L.ENGAGEMENT_PROPOSITIONS_AIDE,
            "participation_personnes": L.PARTICIPATION_PERSONNES_AIDE,
        }

    def _champs(self, noms):
        return [self[nom] for nom in noms]

    def engagements_avant(self):
        """The commitments up to the numeric services, which the personne relais follows."""
        noms = list(L.ENGAGEMENTS)
        return self._champs(noms[: noms.index("engagement_services_numeriques") + 1])

    def personne_relais(self):
        return self._champs(self.RELAIS)

    def services(self):
        return self._champs(self.facultatifs)


class AxeForm(BrouillonMixin, forms.ModelForm, FormulaireDsfr):
    """The seven questions of an axe, with the two extras of axes 2 and 3; labels of annexe 7, the FAQ's
    advice as help. A % not available is declared so, with its reason (FAQ); what R06 finds wrong in
    the figures typed is shown next to the field (``constats_public``), and the draft is still saved."""

    # The reason is asked only with the box ticked: its help says so, no « (Optionnel) » (R06 checks it).
    facultatifs = ("chiffres_non_disponibles",)
    CHIFFRES = ("nombre_personnes", "part_population", "chiffres_non_disponibles", "chiffres_explication")

    class Meta:
        model = ReponseAxe
        fields = [
            "objectifs",
            "actions",
            "public",
            "nombre_personnes",
            "part_population",
            "chiffres_non_disponibles",
            "chiffres_explication",
            "changements",
            "methodes",
            "calendrier",
            "organisation_suivi",
            "organisation_remise",
            "offre_visibilite",
            "offre_commune",
        ]
        widgets = dict.fromkeys([f for f in fields if f not in CHAMPS_COURTS_AXE], TEXTE_LONG) | {
            "nombre_personnes": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "chiffres_explication": forms.Textarea(attrs={"rows": 3}),
        }
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
            if nom in L.AIDES:
                field.help_text = L.AIDES[nom]
        self.fields["part_population"].validators += [
            MinValueValidator(Decimal("0"), "Le pourcentage est compris entre 0 et 100."),
            MaxValueValidator(Decimal("100"), "Le pourcentage est compris entre 0 et 100."),
        ]
        self.fields["nombre_personnes"].error_messages["invalid"] = "Saisissez un nombre entier de personnes."

    def clean(self):
        """What R06 would say of the figures typed, next to their field; the values stay in
        ``cleaned_data``, so the draft saves them (the dépôt is what R06 blocks)."""
        donnees = super().clean()
        if any(nom not in donnees for nom in self.CHIFFRES):
            return donnees  # a figure not valid has its own error already
        saisie = ReponseAxe(**{nom: donnees[nom] for nom in self.CHIFFRES})
        for constat in constats_public(saisie):
            if constat.formulaire:
                valeur = donnees[constat.champ]
                self.add_error(constat.champ, constat.formulaire)
                donnees[constat.champ] = valeur  # add_error drops it: a draft keeps what was typed
        return donnees

    def champs_avant_indicateurs(self):
        return [self[n] for n in ("objectifs", "actions", "public", *self.CHIFFRES, "changements")]

    def noms_lus(self, noms) -> list[str]:
        """``noms`` as a reader sees the answer (summary, PDF): « donnée non disponible » and its reason
        only when the % was declared not available."""
        if self.instance.chiffres_non_disponibles:
            return list(noms)
        return [n for n in noms if n not in ("chiffres_non_disponibles", "chiffres_explication")]

    def aide_indicateurs(self) -> str:
        return L.AIDES["indicateurs"]

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
    """« Créer un dossier » for a call; ``anciens``: the organisation's dossiers of the other calls, to
    start from one of them (``candidatures.reprise``), the field absent when there is none."""

    depuis = forms.TypedChoiceField(
        label="Repartir d’un dossier d’un autre appel",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Le chef de file, le territoire, le consortium et les textes sont repris ; ni le budget, "
        "ni les pièces, ni les engagements cochés, à confirmer pour cet appel.",
    )

    class Meta:
        model = Dossier
        fields = ["intitule"]

    def __init__(self, *args, anciens=(), **kwargs):
        self.anciens = list(anciens)
        super().__init__(*args, **kwargs)

    def preparer(self):
        if not self.anciens:
            del self.fields["depuis"]
            return
        self.fields["depuis"].choices = [("", "— Un dossier vide —")] + [
            (d.pk, f"{d.intitule} ({d.appel.nom_court}{', ' + d.numero if d.numero else ''})")
            for d in self.anciens
        ]
