"""The avis of the services déconcentrés: the instructeur requests it from the DDETS of the dossier's
département(s) and the DREETS of its région(s), by a date; the agents are mailed, reminded before the
date, the request shows as late after it; an agent may also give an avis spontaneously.

« La sélection […] prendra en compte les avis émis par les services déconcentrés de l'Etat du territoire
concerné » (AMI, II, « Modalités de sélection »)."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from candidatures import cycle
from candidatures.notifications import envoyer_apres_validation
from comptes.models import SERVICES_DEPARTEMENTAUX, SERVICES_REGIONAUX, Role, ServiceTerritorial, User
from core.formulaires import DateFuture, FormulaireDsfr
from instruction.models import Avis, DemandeAvis, SensAvis

RELANCE_JOURS = 2  # reminder this many days before the date


def services_proposes(dossier):
    """The DDETS of the dossier's départements and the DREETS (and commissaires) of their régions."""
    departements = list(dossier.departements.values_list("code", "region_id"))
    codes = [code for code, _ in departements]
    regions = {region for _, region in departements}
    return ServiceTerritorial.objects.filter(
        Q(type__in=SERVICES_DEPARTEMENTAUX, departement_id__in=codes)
        | Q(type__in=SERVICES_REGIONAUX, region_id__in=regions)
    ).order_by("type", "nom")


class DemandeAvisForm(FormulaireDsfr):
    identifiants = "demande_avis_%s"

    services = forms.ModelMultipleChoiceField(
        label="Services à consulter",
        queryset=ServiceTerritorial.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Proposés : la DDETS de chaque département du territoire et la DREETS de sa région.",
        error_messages={"required": "Choisissez au moins un service."},
    )
    date_limite = DateFuture(label="Avis attendu avant le")
    message = forms.CharField(
        label="Message aux services", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, dossier, **kwargs):
        self.dossier = dossier
        super().__init__(*args, **kwargs)

    def preparer(self):
        proposes = services_proposes(self.dossier)
        self.fields["services"].queryset = proposes
        self.fields["services"].initial = list(proposes)
        # The call's avis deadline when the administrateur set one (a week ahead at least), else 15 days.
        limite = self.dossier.appel.date_limite_avis
        au_plus_tot = timezone.localdate() + datetime.timedelta(days=7)
        self.fields["date_limite"].initial = (
            max(limite, au_plus_tot) if limite else timezone.localdate() + datetime.timedelta(days=15)
        )


class AvisForm(FormulaireDsfr):
    identifiants = "avis_%s"

    sens = forms.ChoiceField(label="Votre avis", choices=SensAvis.choices, widget=forms.RadioSelect)
    motivation = forms.CharField(
        label="Motivation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Motivez votre avis."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def _agents(services) -> list[str]:
    return list(
        User.objects.filter(role=Role.AGENT, is_active=True, service_territorial__in=services)
        .order_by("email")
        .values_list("email", flat=True)
    )


def demander(dossier, user, services, date_limite, message="") -> list[DemandeAvis]:
    """New requests (a service already asked is not asked twice); the agents of each service are mailed."""
    deja = set(dossier.demandes_avis.values_list("service_id", flat=True))
    avis = {a.service_id: a for a in dossier.avis.all()}
    nouvelles = [
        DemandeAvis.objects.create(
            dossier=dossier,
            service=service,
            demandee_par=user,
            date_limite=date_limite,
            message=message,
            avis=avis.get(service.pk),
        )
        for service in services
        if service.pk not in deja
    ]
    if nouvelles:
        noms = [d.service.nom for d in nouvelles]
        cycle.effectuer(
            dossier,
            cycle.Action.DEMANDER_AVIS,
            user,
            message,
            {"services": noms, "date_limite": date_limite.isoformat()},
        )
        envoyer_apres_validation(
            f"Avis demandé sur le dossier {dossier.numero} avant le {date_limite:%d/%m/%Y}",
            "instruction/courriels/demande_avis.txt",
            {"dossier": dossier, "date_limite": date_limite, "message": message, "par": user},
            _agents([d.service for d in nouvelles]),
        )
    return nouvelles


def donner(dossier, agent, sens, motivation) -> Avis:
    """The avis of the agent's service (given again: replaced, its version bumped)."""
    service = agent.service_territorial
    avis, cree = Avis.objects.get_or_create(
        dossier=dossier,
        service=service,
        defaults={"auteur": agent, "sens": sens, "motivation": motivation},
    )
    if not cree:
        avis.auteur, avis.sens, avis.motivation = agent, sens, motivation
        avis.donne_le = timezone.now()
        avis.version += 1
        avis.save()
    DemandeAvis.objects.filter(dossier=dossier, service=service).update(avis=avis)
    cycle.effectuer(
        dossier,
        cycle.Action.DONNER_AVIS,
        agent,
        motivation,
        {"service": service.nom, "sens": str(SensAvis(sens).label)},
    )
    return avis


def relancer(aujourd_hui: datetime.date | None = None) -> int:
    """Remind the agents of each request still unanswered whose date is within ``RELANCE_JOURS`` days
    (once per request). Run daily: ``manage.py relancer_avis`` or Celery beat (README)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    demandes = DemandeAvis.objects.filter(
        avis__isnull=True,
        relancee_le__isnull=True,
        date_limite__gte=aujourd_hui,
        date_limite__lte=aujourd_hui + datetime.timedelta(days=RELANCE_JOURS),
        dossier__etat__in=cycle.REGLES[cycle.Action.RELANCER_AVIS].depuis,
    ).select_related("dossier", "service")
    n = 0
    for demande in demandes:
        envoyer_apres_validation(
            f"Rappel : avis attendu sur le dossier {demande.dossier.numero} avant le "
            f"{demande.date_limite:%d/%m/%Y}",
            "instruction/courriels/relance_avis.txt",
            {"demande": demande, "dossier": demande.dossier},
            _agents([demande.service]),
        )
        demande.relancee_le = timezone.now()
        demande.save(update_fields=["relancee_le"])
        cycle.effectuer(
            demande.dossier, cycle.Action.RELANCER_AVIS, None, donnees={"service": demande.service.nom}
        )
        n += 1
    return n
