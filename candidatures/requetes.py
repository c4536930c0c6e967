"""The Dossier queryset (``Dossier.objects``): creating and locking a dossier, the dossiers a user may
read, and the figures of the dossier computed by the database — one implementation each, used by the
instruction queue, the Classement, the exports and the API:

- ``with_budget()``: coût global, subvention de l'État, cofinancement, frais généraux, total of the
  financements, from the budget lines (their definition: ``budget.chiffres``, shared with the rules
  and the budget page);
- ``derniere_decision()``: the last decision of each dossier (a ``Transition`` queryset).

The instruction's figures (average score under blind scoring, avis) need the instruction's models and
rule: they are the methods of ``instruction.requetes.DossiersInstruits``, a subclass of this one.

``candidatures.models`` imports this module: the models are imported where used, not above."""

from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from budget import chiffres


def compte(queryset):
    """COUNT of a correlated subquery (0 when none): a column of the row, no GROUP BY of the page."""
    nombre = queryset.order_by().values("dossier").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(nombre, output_field=models.IntegerField()), 0)


def derniere_parmi(actions, valeur=None, output_field=None):
    """The id (or ``valeur``, an expression over the transition) of the row's dossier's
    (``OuterRef("pk")``) last transition among ``actions``, by date then id; NULL when none."""
    from candidatures.models import Transition

    dernieres = Transition.objects.filter(dossier=OuterRef("pk"), action__in=actions).order_by("-le", "-id")
    if valeur is not None:
        dernieres = dernieres.annotate(valeur=valeur).values("valeur")
    else:
        dernieres = dernieres.values("pk")
    return Subquery(dernieres[:1], output_field=output_field)


class DossierQuerySet(models.QuerySet):
    def creer(self, appel, organisation, intitule: str, user):
        """A new draft of ``organisation``: its name as chef de file, its département as territory."""
        with transaction.atomic():
            dossier = self.create(
                appel=appel,
                organisation=organisation,
                intitule=intitule,
                nom_chef_de_file=organisation.nom,
                cree_par=user,
                modifie_par=user,
            )
            if organisation.departement_id:
                dossier.departements.add(organisation.departement_id)
        return dossier

    def verrouiller(self, pk):
        """The dossier, its row locked until the end of the transaction (saves, rows, pièces, dépôt)."""
        return self.select_for_update().select_related("appel", "organisation").get(pk=pk)

    def for_user(self, user):
        """The dossiers ``user`` may read: its porteur's own; for the State, deposited ones it oversees
        (the rule: ``candidatures.politique``)."""
        from candidatures.politique import politique

        return politique(user).dossiers(self)

    def with_budget(self):
        """Each dossier with its figures computed from its budget lines (``budget.chiffres.FIGURES``):
        ``budget_cout_global``, ``budget_subvention_etat``, ``budget_cofinancement``,
        ``budget_frais_generaux``, ``budget_total_financements`` — NULL for a dossier without any line
        of that kind (``chiffres.montants_annotes`` reads them back as ``Montants``, with the rates).
        One correlated subquery per figure, no GROUP BY of the dossiers; a join on the appel for the
        limits its rates are shown against (``budget_limite_…``). Not the frozen columns
        ``cout_global`` and ``subvention_demandee``, which the figures set at the dépôt."""
        return self.annotate(**chiffres.annotations())

    def derniere_decision(self, *groupes):
        """The last decision of each of these dossiers (by date, then id): one ``Transition`` per
        dossier that has one, as a queryset (one query). A decision is an action of
        ``cycle.DECISIONS``; with ``groupes`` (sets of actions), the last one of each group."""
        from candidatures import cycle
        from candidatures.models import Transition

        filtre = Q()
        for actions in groupes or (cycle.DECISIONS,):
            filtre |= Q(pk__in=self.order_by().annotate(t=derniere_parmi(actions)).values("t"))
        return Transition.objects.filter(filtre)
