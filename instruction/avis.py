"""The avis of the services déconcentrés: the instructeur requests it from the DDETS of the dossier's
département(s) and the DREETS of its région(s), by a date; the agents are mailed, reminded before the
date, the request shows as late after it; an agent may also give an avis spontaneously.

« La sélection […] prendra en compte les avis émis par les services déconcentrés de l'Etat du territoire
concerné » (AMI, II, « Modalités de sélection »)."""

import datetime

from django import forms
from django.db.models import DateField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from candidatures import cycle
from candidatures.notifications import envoyer_apres_validation
from comptes.models import SERVICES_DEPARTEMENTAUX, SERVICES_REGIONAUX, Role, ServiceTerritorial, User
from core.formulaires import DateFuture, FormulaireDsfr
from instruction.models import Avis, DemandeAvis, SensAvis
from notifications.models import Nature
from notifications.services import notifier

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
        # A service already consulted says so (« déjà consulté le … ») and is not pre-checked: a second
        # request to it is never sent by mistake (``demander`` skips it, ``clean`` says why).
        self.consultes = consultes(self.dossier)
        champ = self.fields["services"]
        champ.queryset = proposes
        champ.label_from_instance = self.libelle_service
        champ.initial = [s for s in proposes if s.pk not in self.consultes]
        if self.consultes:
            champ.help_text += " Un service déjà consulté n’est pas consulté une seconde fois."
        self.fields["date_limite"].initial = date_limite_proposee(self.dossier.appel)

    def libelle_service(self, service) -> str:
        demande = self.consultes.get(service.pk)
        return f"{service.nom} — {texte_consulte(demande)}" if demande else service.nom

    def clean_services(self):
        services = self.cleaned_data["services"]
        nouveaux = [s for s in services if s.pk not in self.consultes]
        if services and not nouveaux:
            noms = ", ".join(f"{s.nom} ({texte_consulte(self.consultes[s.pk])})" for s in services)
            raise forms.ValidationError(
                f"Déjà consulté{'s' if len(services) > 1 else ''} : {noms}. "
                "Cochez un service qui ne l’a pas encore été."
            )
        return services


def date_limite_proposee(appel) -> datetime.date:
    """The call's avis deadline when the administrateur set one (a week ahead at least), else 15 days."""
    limite = appel.date_limite_avis
    au_plus_tot = timezone.localdate() + datetime.timedelta(days=7)
    return max(limite, au_plus_tot) if limite else timezone.localdate() + datetime.timedelta(days=15)


def consultes(dossier) -> dict:
    """The requests already made on ``dossier``, by service id (one query)."""
    return {d.service_id: d for d in dossier.demandes_avis.all()}


def texte_consulte(demande: DemandeAvis) -> str:
    """« déjà consulté le 02/11/2026, avis reçu » / « …, avis attendu avant le 16/11/2026 »."""
    le = timezone.localtime(demande.demandee_le)
    suite = "avis reçu" if demande.avis_id else f"avis attendu avant le {demande.date_limite:%d/%m/%Y}"
    return f"déjà consulté le {le:%d/%m/%Y}, {suite}"


class AvisForm(FormulaireDsfr):
    identifiants = "avis_%s"

    sens = forms.ChoiceField(label="Votre avis", choices=SensAvis.choices, widget=forms.RadioSelect)
    motivation = forms.CharField(
        label="Motivation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Motivez votre avis."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def _comptes_agents(services):
    return User.objects.filter(role=Role.AGENT, is_active=True, service_territorial__in=services).order_by(
        "email"
    )


def _agents(services) -> list[str]:
    return list(_comptes_agents(services).values_list("email", flat=True))


def lien_avis(dossier) -> str:
    """The fiche of ``dossier`` open on its « Avis » tab: where an agent gives the avis."""
    return f"{reverse('instruction:dossier', args=[dossier.pk])}?onglet=avis"


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
        agents = list(_comptes_agents([d.service for d in nouvelles]))
        sujet = f"Avis demandé sur le dossier {dossier.numero} avant le {date_limite:%d/%m/%Y}"
        envoyer_apres_validation(
            sujet,
            "instruction/courriels/demande_avis.txt",
            {"dossier": dossier, "date_limite": date_limite, "message": message, "par": user},
            [agent.email for agent in agents],
        )
        notifier(agents, Nature.AVIS_DEMANDE, sujet, lien_avis(dossier), dossier=dossier)
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
        sujet = (
            f"Rappel : avis attendu sur le dossier {demande.dossier.numero} avant le "
            f"{demande.date_limite:%d/%m/%Y} — {demande.service.nom}"
        )
        agents = list(_comptes_agents([demande.service]))
        envoyer_apres_validation(
            sujet,
            "instruction/courriels/relance_avis.txt",
            {"demande": demande, "dossier": demande.dossier},
            [agent.email for agent in agents],
        )
        notifier(agents, Nature.AVIS_DEMANDE, sujet, lien_avis(demande.dossier), dossier=demande.dossier)
        demande.relancee_le = timezone.now()
        demande.save(update_fields=["relancee_le"])
        cycle.effectuer(
            demande.dossier, cycle.Action.RELANCER_AVIS, None, donnees={"service": demande.service.nom}
        )
        n += 1
    return n


def echeance_du_service(service_id):
    """The date the avis of the service ``service_id`` is awaited by on the row's dossier (its earliest
    request still unanswered), NULL when none: the agent's queue shows it (one subquery, no query)."""
    if not service_id:
        return Value(None, output_field=DateField())
    demandes = DemandeAvis.objects.filter(dossier=OuterRef("pk"), service_id=service_id, avis__isnull=True)
    return Subquery(demandes.order_by("date_limite").values("date_limite")[:1])
