"""The official questions/answers of the call, committed as data (ami/content/faq.json)."""

import json
from functools import cache
from pathlib import Path

FAQ_JSON = Path(__file__).parent / "content" / "faq.json"

# The FAQ of July 2021 sends the candidats to demarches.simplifiees: its text stays as published, and the
# answers that name it carry this note, shown beside them (``ami/faq.html``).
MENTIONS_DEMARCHES = ("demarches.simplifiees", "demarches-simplifiees", "démarches simplifiées")
NOTE_PORTAIL = (
    "Note du portail : cette réponse date de la publication de l’AMI, quand le dossier se remplissait sur "
    "demarches.simplifiees. Le dossier de candidature se remplit désormais et se dépose sur ce portail, "
    "dans « Mes dossiers » ; les questions, leur ordre et les champs obligatoires sont les mêmes."
)


def _textes(blocs: list[dict]):
    """Every text of an answer's blocks (paragraphs, list items, table cells)."""
    for bloc in blocs:
        if "text" in bloc:
            yield bloc["text"]
        for item in bloc.get("items", []):
            yield item["text"] if isinstance(item, dict) else item
            if isinstance(item, dict):
                yield from _textes([{"items": item.get("items", [])}])
        for ligne in bloc.get("rows", []):
            for cellule in ligne:
                yield from _textes(cellule)


def note_portail(question: dict) -> str:
    """``NOTE_PORTAIL`` when the question or its answer sends the candidat to demarches.simplifiees."""
    textes = [question["question"], *_textes(question["reponse"]), *question.get("liens", [])]
    cite = any(m in texte.lower() for texte in textes for m in MENTIONS_DEMARCHES)
    return NOTE_PORTAIL if cite else ""


def _normaliser(blocs: list[dict]) -> list[dict]:
    """Give every block the same keys, so that templates never test for a missing one."""
    for bloc in blocs:
        if bloc["type"] == "ul":
            bloc["items"] = [
                item if isinstance(item, dict) else {"text": item, "items": []} for item in bloc["items"]
            ]
        elif bloc["type"] == "table":
            for ligne in bloc["rows"]:
                for cellule in ligne:
                    _normaliser(cellule)
    return blocs


@cache
def faq() -> dict:
    donnees = json.loads(FAQ_JSON.read_text(encoding="utf-8"))
    for i, section in enumerate(donnees["sections"], start=1):
        section["ancre"] = f"section-{i}"
        section["titre_complet"] = " — ".join(filter(None, [section["titre"], section["sous_titre"]]))
        for j, question in enumerate(section["questions"], start=1):
            question["ancre"] = f"q-{i}-{j}"
            question.setdefault("liens", [])
            _normaliser(question["reponse"])
            question["note_portail"] = note_portail(question)
    donnees["notes_portail"] = sum(
        bool(q["note_portail"]) for s in donnees["sections"] for q in s["questions"]
    )
    return donnees
