"""The official questions/answers of the call, committed as data (ami/content/faq.json)."""

import json
from functools import cache
from pathlib import Path

FAQ_JSON = Path(__file__).parent / "content" / "faq.json"


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
    return donnees
