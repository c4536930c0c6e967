"""What a section's page shows around its form — the checklist of recevabilité, the side menu, the budget
totals — as short fingerprints, so that an autosave answers with the parts that changed only.

The page keeps the fingerprints of what it shows in the hidden field ``_affiche`` of its form
(``partials/affiche.html``), which the autosave posts with the rest of the form; every answer that
refreshes those parts refreshes the field too (``partials/rafraichir.html``). The autosave's answer
then carries the whole checklist only when a rule changed of group (respected or not) or a count
changed, otherwise only the rules whose line changed (``<li id="regle-R…">``), and the menu and the
totals only when they changed. Without the field (or with one it cannot read), everything is sent.

Each fingerprint covers what its template shows: keep them together when a template changes.
"""

import hashlib

from candidatures.models import Section

CHAMP = "_affiche"
TOUT = {"liste": True, "regles": [], "menu": True, "totaux": True}  # every answer but the autosave's


def _empreinte(*valeurs) -> str:
    texte = "\x1f".join(str(v) for v in valeurs)
    return hashlib.blake2b(texte.encode(), digest_size=5).hexdigest()


def empreintes(contexte) -> dict[str, str]:
    """``contexte``: ``pages.contexte_dossier``'s. Keys: « liste » (the checklist's counts and which rules
    are respected: ``partials/recevabilite.html``), each rule (``partials/regle.html``), « menu »
    (``partials/menu_sections.html``) and, on the budget, « totaux » (``budget/partials/totaux.html``)."""
    dossier, recevabilite = contexte["dossier"], contexte["recevabilite"]
    modifiable = dossier.modifiable
    lignes = recevabilite.lignes
    resultat = {
        "liste": _empreinte(
            recevabilite.respectees,
            len(lignes),
            len(recevabilite.bloquantes),
            len(recevabilite.avertissements),
            *(ligne.statut == "respecté" for ligne in lignes),
            # the group a rule is shown in: this section's (in full) or another's (one line)
            *(ligne.section == contexte["section_courante"] for ligne in lignes),
        ),
        "menu": _empreinte(
            dossier.pk,  # the links of the menu, and of each rule (``Ligne.lien``: the dossier and the field)
            dossier.completude,
            modifiable,
            contexte["section_courante"],
            *(f"{e.section}|{e.libelle}|{e.complete}|{len(e.manques)}" for e in contexte["sections"]),
        ),
    }
    for ligne in lignes:
        resultat[ligne.regle] = _empreinte(
            *(ligne.statut, ligne.avertissement, ligne.libelle, ligne.message, ligne.source, ligne.champ),
            modifiable,
        )
    if contexte["section_courante"] == Section.BUDGET:
        budget, totaux = contexte["donnees"].budget, contexte["totaux"]
        resultat["totaux"] = _empreinte(
            budget.cout_global,
            budget.subvention_etat,
            budget.cofinancement,
            budget.frais_generaux,
            budget.total_financements,
            totaux["taux_etat"],
            totaux["taux_cofinancement"],
            totaux["taux_frais"],
            *(f"{g['libelle']}|{g['total']}|{g['frais_generaux']}" for g in totaux["groupes"]),
            *(
                f"{ligne.regle}|{ligne.statut}|{ligne.message}|{ligne.source}"
                for ligne in lignes
                if ligne.regle in contexte["regles_budget"]
            ),
        )
    return resultat


def encoder(valeurs: dict[str, str]) -> str:
    return ",".join(f"{cle}:{valeur}" for cle, valeur in valeurs.items())


def decoder(texte: str | None) -> dict[str, str] | None:
    if not texte:
        return None
    try:
        return dict(paire.split(":", 1) for paire in texte.split(","))
    except ValueError:
        return None


def a_rafraichir(contexte, affiche: str | None) -> dict:
    """What the answer has to carry, given the fingerprints the page posted (``None``: all of it).
    ``liste``: the whole checklist; ``regles``: else, the lines of the rules that changed."""
    nouvelles = contexte["empreintes"]
    anciennes = decoder(affiche)
    if anciennes is None:
        return dict(TOUT)
    change = {cle for cle, valeur in nouvelles.items() if anciennes.get(cle) != valeur}
    liste = "liste" in change
    regles = [] if liste else [ligne for ligne in contexte["recevabilite"].lignes if ligne.regle in change]
    return {"liste": liste, "regles": regles, "menu": "menu" in change, "totaux": "totaux" in change}
