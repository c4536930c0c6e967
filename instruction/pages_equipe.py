"""What the dossier page shows the national team of its own work on the dossier: « Suivi par »
(``instruction.suivi``) and the private notes (``instruction.notes_privees``), each only to whom may
read it. Three queries at most, whatever the dossier: the suivi, the instructeurs one may choose, the
notes."""

from instruction import notes_privees, suivi


def contexte_equipe(user, dossier, formulaires: dict) -> dict:
    voit = suivi.voit_suivi(user)
    attribue = suivi.peut_attribuer(user)
    lit = notes_privees.lit_les_notes(user)
    actuel = suivi.actuel(dossier) if voit else None
    return {
        "voit_suivi": voit,
        "suivi": actuel,
        "suivi_par_moi": bool(actuel) and actuel.instructeur_id == user.pk,
        "peut_attribuer_suivi": attribue,
        "instructeurs_suivi": list(suivi.instructeurs_choisissables()) if attribue else [],
        "lit_les_notes": lit,
        "notes_privees": notes_privees.notes_du_dossier(dossier, user),
        "note_form": (formulaires.get("note_form") or notes_privees.NoteForm()) if lit else None,
    }
