"""Scoring on the call's grid (``ami.Critere``): several instructeurs score the same dossier, each sees
the others' scores only after giving theirs; the dossier shows the weighted average and the spread."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db import transaction
from django.utils import timezone

from candidatures import cycle
from core.formulaires import FormulaireDsfr
from instruction import visibilite_notes
from instruction.models import Evaluation, Note, note_ponderee


class EvaluationForm(FormulaireDsfr):
    commentaire = forms.CharField(
        label="Appréciation générale", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, criteres, **kwargs):
        self.criteres = list(criteres)
        super().__init__(*args, **kwargs)

    def preparer(self):
        for critere in self.criteres:
            self.fields[f"note_{critere.pk}"] = forms.TypedChoiceField(
                label=f"{critere.libelle} (coefficient {critere.poids.normalize():f})",
                help_text=f"Note de 0 à {critere.note_max}. Source : {critere.source}",
                choices=[("", "— Noter —")] + [(n, str(n)) for n in range(critere.note_max + 1)],
                coerce=int,
                error_messages={"required": "Notez ce critère."},
            )
        self.order_fields([f"note_{c.pk}" for c in self.criteres] + ["commentaire", "version"])

    def notes(self) -> dict:
        return {c.pk: self.cleaned_data[f"note_{c.pk}"] for c in self.criteres}


def initial(evaluation) -> dict:
    if evaluation is None:
        return {"version": 0}
    valeurs = {f"note_{n.critere_id}": n.valeur for n in evaluation.notes.all()}
    return {**valeurs, "commentaire": evaluation.commentaire, "version": evaluation.version}


def enregistrer(dossier, user, form) -> tuple[Evaluation | None, str]:
    """Save ``user``'s evaluation (the caller holds the dossier's lock). Refused, with the reason, when
    the evaluation changed since the form was loaded (the same instructeur in two tabs)."""
    actuelle = Evaluation.objects.filter(dossier=dossier, instructeur=user).first()
    attendue = actuelle.version if actuelle else 0
    if form.cleaned_data.get("version") != attendue:
        return None, (
            "Votre évaluation a été modifiée depuis l’ouverture de la page (dans un autre onglet ?) : "
            "rechargez la page ; rien n’a été enregistré."
        )
    notes = form.notes()
    note = note_ponderee(notes, form.criteres)
    with transaction.atomic():
        if actuelle is None:
            actuelle = Evaluation.objects.create(
                dossier=dossier,
                instructeur=user,
                commentaire=form.cleaned_data["commentaire"],
                note_sur_20=note,
            )
        else:
            actuelle.commentaire = form.cleaned_data["commentaire"]
            actuelle.note_sur_20 = note
            actuelle.donnee_le = timezone.now()
            actuelle.version += 1
            actuelle.save()
            actuelle.notes.all().delete()
        Note.objects.bulk_create(
            Note(evaluation=actuelle, critere_id=pk, valeur=v) for pk, v in notes.items()
        )
        cycle.effectuer(dossier, cycle.Action.NOTER, user, donnees={"note_sur_20": str(note)})
    return actuelle, ""


@dataclass
class Synthese:
    """What the page shows of the evaluations to ``user``: the scores only where the blind-scoring rule
    (``instruction.visibilite_notes``) lets them see them."""

    evaluations: list
    visibles: bool
    moyenne: Decimal | None
    ecart: Decimal | None
    la_mienne: Evaluation | None

    @property
    def nombre(self) -> int:
        return len(self.evaluations)


def synthese(dossier, user) -> Synthese:
    evaluations = list(
        dossier.evaluations.select_related("instructeur")
        .prefetch_related("notes__critere")
        .order_by("donnee_le")
    )
    la_mienne = next((e for e in evaluations if e.instructeur_id == user.pk), None)
    visibles = visibilite_notes.visibles(user, a_note=la_mienne is not None)
    notes = [e.note_sur_20 for e in evaluations]
    moyenne = (sum(notes) / len(notes)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if notes else None
    ecart = (max(notes) - min(notes)) if notes else None
    return Synthese(evaluations, visibles, moyenne, ecart, la_mienne)


def recalculer_notes(appel) -> int:
    """After a change of the grid's weights or scales: every evaluation's weighted score again, over the
    criteria it scored (a criterion added later has no note in older evaluations). The number changed."""
    criteres = {critere.pk: critere for critere in appel.criteres.all()}
    notes: dict[int, dict] = {}
    for evaluation_id, critere_id, valeur in Note.objects.filter(
        evaluation__dossier__appel=appel
    ).values_list("evaluation_id", "critere_id", "valeur"):
        notes.setdefault(evaluation_id, {})[critere_id] = valeur
    changees = []
    for evaluation in Evaluation.objects.filter(pk__in=notes).only("pk", "note_sur_20"):
        valeurs = notes[evaluation.pk]
        note = note_ponderee(valeurs, [criteres[pk] for pk in valeurs if pk in criteres])
        if note != evaluation.note_sur_20:
            evaluation.note_sur_20 = note
            changees.append(evaluation)
    Evaluation.objects.bulk_update(changees, ["note_sur_20"], batch_size=500)
    return len(changees)
