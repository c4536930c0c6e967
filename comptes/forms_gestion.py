"""The forms of « Comptes et rôles »: filter the accounts (django-filter), invite someone, edit an account.

A role comes with its rattachement: a candidat with an organisation (an existing one, or a new one
described in the same form), an instructeur with a service national, an agent with a service
territorial (existing or new, with its région or département). All the fields are in the page, grouped
by role (it works without JavaScript); ``clean`` requires the ones of the chosen role and ignores the
others, whose typed values are shown again but never validated nor saved."""

import django_filters
from django import forms
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q

from comptes.gestion import territoire
from comptes.models import (
    ROLES_METIER,
    SERVICES_DEPARTEMENTAUX,
    SERVICES_REGIONAUX,
    Organisation,
    Role,
    ServiceNational,
    ServiceTerritorial,
    User,
)
from core.formulaires import FormulaireDsfr, avec_invite


class SelonLeRole:
    """A field required for one role only, which the form's ``clean`` checks. Declared required so that
    its label says neither « (optionnel) » nor « * »; an empty value passes the field's own checks."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class ChoixSelonLeRole(SelonLeRole, forms.ChoiceField):
    pass


class OrganisationChoix(SelonLeRole, forms.ModelChoiceField):
    def label_from_instance(self, organisation):
        return f"{organisation.nom} — {organisation.departement} — SIRET {organisation.siret}"


class ServiceChoix(SelonLeRole, forms.ModelChoiceField):
    def label_from_instance(self, service):
        return f"{service.nom} — {territoire(service)}"


class TerritoireChoix(SelonLeRole, forms.ModelChoiceField):
    pass


class SiretField(forms.CharField):
    """14 digits, typed with or without spaces (« 732 829 320 00074 »)."""

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class NouvelleOrganisationForm(forms.ModelForm, FormulaireDsfr):
    use_required_attribute = False

    class Meta:
        model = Organisation
        fields = ["nom", "siret", "type", "departement"]
        field_classes = {"siret": SiretField}
        labels = {"nom": "Nom de l’organisation", "departement": "Département de l’organisation"}
        help_texts = {
            "nom": "Par exemple « Conseil départemental du Nord ».",
            "siret": "14 chiffres, avec ou sans espaces ; la clé est vérifiée.",
        }
        error_messages = {
            "nom": {"required": "Saisissez le nom de la nouvelle organisation."},
            "siret": {
                "required": "Saisissez le SIRET de la nouvelle organisation (14 chiffres).",
                "unique": "Une organisation avec ce SIRET est déjà inscrite : choisissez-la dans la liste "
                "« Organisation déjà inscrite ».",
            },
            "type": {"required": "Choisissez le type de porteur."},
            "departement": {"required": "Choisissez le département de l’organisation."},
        }

    def preparer(self):
        avec_invite(self.fields["type"], "— Choisir —")
        self.fields["departement"].empty_label = "— Choisir —"
        self.fields["siret"].widget.attrs.pop("maxlength", None)
        self.fields["siret"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class NouveauServiceForm(forms.ModelForm, FormulaireDsfr):
    use_required_attribute = False

    class Meta:
        model = ServiceTerritorial
        fields = ["type", "nom", "region", "departement"]
        field_classes = {"region": TerritoireChoix, "departement": TerritoireChoix}
        labels = {"nom": "Nom du service"}
        help_texts = {
            "nom": "Par exemple « DDETS du Nord ».",
            "region": "Pour une DREETS, un commissaire, une préfecture de région.",
            "departement": "Pour une DDETS, une préfecture de département.",
        }
        error_messages = {
            "type": {"required": "Choisissez le type de service."},
            "nom": {"required": "Saisissez le nom du nouveau service."},
        }

    def preparer(self):
        avec_invite(self.fields["type"], "— Choisir —")
        for nom in ("region", "departement"):
            self.fields[nom].required = True  # one of the two: ``clean`` and the model's ``clean``
            self.fields[nom].empty_label = "— Aucun —" if nom == "departement" else "— Aucune —"

    def clean(self):
        donnees = super().clean()
        type_, region, departement = donnees.get("type"), donnees.get("region"), donnees.get("departement")
        # The model's ``clean`` says what a DDETS, a DREETS or a commissaire lacks; here, the rest.
        if region and departement:
            if type_ in SERVICES_DEPARTEMENTAUX:
                self.add_error("region", "Une DDETS a pour territoire un département : videz la région.")
            elif type_ in SERVICES_REGIONAUX:
                self.add_error(
                    "departement", "Ce service a pour territoire une région : videz le département."
                )
            else:
                self.add_error(
                    "departement", "Un service a pour territoire une région ou un département, pas les deux."
                )
        elif not region and not departement and type_ not in SERVICES_DEPARTEMENTAUX | SERVICES_REGIONAUX:
            self.add_error("region", "Choisissez le territoire du service : une région ou un département.")
        return donnees


class RattachementForm(FormulaireDsfr):
    """The role and what goes with it; ``nouvelle_organisation`` and ``nouveau_service`` are the
    sub-forms of a new organisation or service (validated only when the role needs them)."""

    use_required_attribute = False

    role = forms.ChoiceField(
        label="Rôle",
        choices=ROLES_METIER,
        widget=forms.RadioSelect,
        help_text="Un candidat dépose les dossiers de son organisation ; un instructeur national instruit "
        "tous les dossiers ; un agent territorial lit ceux de son territoire et donne un avis ; un "
        "administrateur configure l’appel et gère les comptes.",
        error_messages={
            "required": "Choisissez le rôle du compte.",
            "invalid_choice": "Choisissez l’un des rôles proposés.",
        },
    )
    organisation = OrganisationChoix(
        label="Organisation déjà inscrite",
        queryset=Organisation.objects.select_related("departement"),
        empty_label="— Aucune : une nouvelle organisation, décrite ci-dessous —",
        help_text="Choisissez-la si elle est dans la liste ; sinon, décrivez-la ci-dessous.",
        error_messages={"invalid_choice": "Cette organisation n’existe plus : choisissez-en une autre."},
    )
    service_national = ChoixSelonLeRole(
        label="Service national",
        choices=[("", "— Choisir —"), *ServiceNational.choices],
        error_messages={"invalid_choice": "Choisissez l’un des trois services nationaux."},
    )
    service_territorial = ServiceChoix(
        label="Service territorial déjà inscrit",
        queryset=ServiceTerritorial.objects.select_related("region", "departement"),
        empty_label="— Aucun : un nouveau service, décrit ci-dessous —",
        help_text="Choisissez-le s’il est dans la liste ; sinon, décrivez-le ci-dessous.",
        error_messages={"invalid_choice": "Ce service n’existe plus : choisissez-en un autre."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        role = self["role"].value()
        self.nouvelle_organisation = self._sous_formulaire(
            NouvelleOrganisationForm,
            "nouvelle_organisation",
            role == Role.CANDIDAT and not self["organisation"].value(),
        )
        self.nouveau_service = self._sous_formulaire(
            NouveauServiceForm,
            "nouveau_service",
            role == Role.AGENT and not self["service_territorial"].value(),
        )

    def _sous_formulaire(self, classe, prefixe: str, valider: bool):
        """Bound (validated) when the chosen role needs it; otherwise what was typed, shown again as is."""
        if not self.is_bound:
            return classe(prefix=prefixe)
        if valider:
            return classe(self.data, prefix=prefixe)
        saisi = {nom: self.data.get(f"{prefixe}-{nom}") for nom in classe.base_fields}
        return classe(prefix=prefixe, initial={nom: valeur for nom, valeur in saisi.items() if valeur})

    def clean(self):
        donnees = super().clean()
        role = donnees.get("role")
        if role == Role.CANDIDAT:
            self._existant_ou_nouveau(
                "organisation",
                "nouvelle_organisation",
                "Choisissez l’organisation du candidat, ou décrivez la nouvelle organisation.",
                "La nouvelle organisation n’est pas complète : corrigez les champs signalés.",
            )
        elif (
            role == Role.INSTRUCTEUR
            and not donnees.get("service_national")
            and "service_national" not in self.errors
        ):
            self.add_error("service_national", "Choisissez le service national de l’instructeur.")
        elif role == Role.AGENT:
            self._existant_ou_nouveau(
                "service_territorial",
                "nouveau_service",
                "Choisissez le service de l’agent, ou décrivez le nouveau service.",
                "Le nouveau service territorial n’est pas complet : corrigez les champs signalés.",
            )
        return donnees

    def _existant_ou_nouveau(self, champ: str, attribut: str, vide: str, incomplet: str) -> None:
        if self.cleaned_data.get(champ) or champ in self.errors:
            return
        sous = getattr(self, attribut)
        if not sous.is_bound or not sous.has_changed():
            self.add_error(champ, vide)
            setattr(self, attribut, self._sous_formulaire(type(sous), sous.prefix, valider=False))
        elif not sous.is_valid():
            self.add_error(None, incomplet)


class InvitationForm(RattachementForm):
    field_order = ["email", "first_name", "last_name", "role"]

    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr. L’invitation y est envoyée ; c’est aussi l’identifiant.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Saisissez l’adresse électronique de la personne invitée.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    first_name = forms.CharField(
        label="Prénom", max_length=150, error_messages={"required": "Saisissez le prénom."}
    )
    last_name = forms.CharField(label="Nom", max_length=150, error_messages={"required": "Saisissez le nom."})

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        existant = User.objects.filter(email__iexact=email).first()
        if existant is not None:
            message = "Un compte existe déjà avec cette adresse électronique"
            if not existant.is_active:
                message += " ; il est désactivé : réactivez-le depuis la liste des comptes"
            raise forms.ValidationError(message + ".", code="unique")
        return email


class CompteForm(RattachementForm):
    """An existing account: its name, its role and rattachement (not its e-mail, its identifier). An
    administrateur cannot change their own role."""

    field_order = ["first_name", "last_name", "role"]

    first_name = forms.CharField(
        label="Prénom", max_length=150, error_messages={"required": "Saisissez le prénom."}
    )
    last_name = forms.CharField(label="Nom", max_length=150, error_messages={"required": "Saisissez le nom."})

    def __init__(self, *args, compte, par, **kwargs):
        self.compte, self.par = compte, par
        initial = {
            "first_name": compte.first_name,
            "last_name": compte.last_name,
            "role": compte.role,
            "organisation": compte.organisation_id,
            "service_national": compte.service_national,
            "service_territorial": compte.service_territorial_id,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def preparer(self):
        if self.compte.pk == self.par.pk:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = "Vous ne pouvez pas changer votre propre rôle."


class FiltresComptes(django_filters.FilterSet):
    """The list's filters (GET): an invalid value is ignored, the valid ones still apply."""

    ETATS = [
        ("actif", "Actifs"),
        ("invitation", "Invitation en attente"),
        ("desactive", "Désactivés"),
    ]

    q = django_filters.CharFilter(
        label="Rechercher un nom ou une adresse", max_length=100, method="filtrer_q"
    )
    role = django_filters.ChoiceFilter(label="Rôle", choices=ROLES_METIER, empty_label="Tous les rôles")
    etat = django_filters.ChoiceFilter(label="État", choices=ETATS, empty_label="Tous", method="filtrer_etat")

    class Meta:
        form = FormulaireDsfr

    def filtres(self) -> dict:
        self.form.is_valid()  # ``cleaned_data``: the valid filters only
        return {nom: valeur for nom, valeur in self.form.cleaned_data.items() if valeur}

    def filtrer_q(self, comptes, nom, valeur):
        for mot in valeur.split():
            comptes = comptes.filter(
                Q(first_name__icontains=mot) | Q(last_name__icontains=mot) | Q(email__icontains=mot)
            )
        return comptes

    def filtrer_etat(self, comptes, nom, valeur):
        if valeur == "actif":
            return comptes.filter(is_active=True)
        if valeur == "desactive":
            return comptes.filter(is_active=False)
        if valeur == "invitation":
            return comptes.filter(
                is_active=True, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
            )
        return comptes
