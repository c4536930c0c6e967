"""Blind scoring (« notation à l'aveugle »): who sees the scores of a dossier. One rule:

- an administrateur sees them always;
- an instructeur sees them once he has given his own evaluation of that dossier (so that his
  judgement is his own, not an echo of his colleagues');
- anyone else (agent territorial, candidat) never does.

Who sees them when is the user's policy (``candidatures.politique``: ``politique(user).acces_notes``);
this module gives that rule its two forms:

- ``visibles(user, a_note)``, for one dossier whose evaluations are loaded (the dossier page, its PDF,
  the API's detail, through ``notation.synthese``);
- ``condition(user)`` and ``note_moyenne(user)``, SQL expressions over a ``Dossier`` queryset (the
  row's dossier is ``OuterRef("pk")``): the average only where the rule lets ``user`` see it, NULL
  elsewhere. The queue, the Classement and the exports annotate their rows with them: the rule costs
  no query of its own.

The number of evaluations is not secret (the dossier page says « 2 instructeurs ont noté ce
dossier »): ``nombre_evaluations()`` is the same for everyone who may see scores at all (whom
``politique(user).voit_notes_nationales``)."""

from django.db import models
from django.db.models import Avg, Case, Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Round

from candidatures.politique import AccesNotes as Acces
from candidatures.politique import politique
from candidatures.requetes import compte
from instruction.models import Evaluation

# What a cell shows in place of an average the user may not see yet (queue, exports).
MASQUEE = "masquée"
NOTE = models.DecimalField(max_digits=5, decimal_places=2)


def acces(user) -> Acces:
    return politique(user).acces_notes


def visibles(user, a_note: bool) -> bool:
    """The rule for one dossier: ``a_note``, whether ``user`` gave his own evaluation of it."""
    regle = acces(user)
    return regle is Acces.TOUJOURS or (regle is Acces.APRES_SA_NOTE and a_note)


def condition(user):
    """The rule in SQL: true on the rows (dossiers) whose scores ``user`` may see."""
    regle = acces(user)
    if regle is Acces.APRES_SA_NOTE:
        return Exists(Evaluation.objects.filter(dossier=OuterRef("pk"), instructeur=user.pk))
    return Value(regle is Acces.TOUJOURS, output_field=models.BooleanField())


def _moyenne():
    moyenne = (
        Evaluation.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(m=Avg("note_sur_20"))
        .values("m")
    )
    # Rounded to the cent as ``notation.synthese`` does (half up): the same figure everywhere.
    return Round(Subquery(moyenne, output_field=NOTE), 2, output_field=NOTE)


def note_moyenne(user):
    """The average score on 20 of the row's dossier where ``user`` may see it; NULL elsewhere (and
    where nobody scored it)."""
    regle = acces(user)
    if regle is Acces.TOUJOURS:
        return _moyenne()
    if regle is Acces.APRES_SA_NOTE:
        return Case(When(condition(user), then=_moyenne()), default=Value(None), output_field=NOTE)
    return Value(None, output_field=NOTE)


def nombre_evaluations():
    """How many instructeurs scored the row's dossier (0 when none)."""
    return compte(Evaluation.objects.filter(dossier=OuterRef("pk")))


def texte_masque(moyenne, nombre: int) -> str | None:
    """« masquée » where scores exist that the user may not see (the rule gave NULL), else None."""
    return MASQUEE if moyenne is None and nombre else None
