"""The état des dépenses, read only (the dossier's summary, the instruction's view, the PDF), written by
``core.balisage`` (``format_html`` without Django's lazy wrapper): the table of
``candidatures/partials/etat_depenses.html`` had ~10 template variables per line, a tenth of the overview of
a dossier of 80 lines (issue 18). Same markup, escaped the same way (every value escaped, ``None`` written
« None », as the template did);
tests/test_rendu_etat.py compares it to the template it replaces."""

from ami import libelles as L
from budget import totaux
from core.balisage import html, joindre_modele
from core.format import euros, nombre_decimal

MONTANTS = ("nombre_unites", "cout_unitaire", "montant")  # the columns aligned as figures


def _ligne(ligne):
    return html(
        '<tr><td>{}</td><td>{}</td><td>{}</td><td class="montant">{}</td><td class="montant">{}</td>'
        '<td>{}</td><td>{}</td><td class="montant">{}</td></tr>',
        ligne.get_nature_display(),
        totaux.frais_generaux_o_n(ligne),
        ligne.unite,
        nombre_decimal(ligne.nombre_unites),
        euros(ligne.cout_unitaire),
        ligne.date_periode,
        ligne.objet,
        euros(ligne.montant),
    )


def _actions(groupe):
    if not groupe.actions:
        return html('<tr><td colspan="8" class="vide">{}</td></tr>', "Aucune dépense.")
    morceaux = []
    for action in groupe.actions:
        if action.titre:
            morceaux.append(
                html('<tr class="action"><th scope="rowgroup" colspan="8">{}</th></tr>', action.titre)
            )
        morceaux.append(joindre_modele("", "{}", ((_ligne(ligne),) for ligne in action.elements)))
    return joindre_modele("", "{}", ((m,) for m in morceaux))


def tableau(groupes, appel, budget):
    """The table: ``groupes`` (``totaux.etat_des_depenses``), the call's labels, ``budget``'s totals."""
    dont_fg = totaux.libelle_dont_frais_generaux(appel)
    colonnes = totaux.colonnes_etat(appel)
    entetes = joindre_modele(
        "",
        '<th scope="col"{}>{}</th>',
        ((html(' class="{}"', "montant") if nom in MONTANTS else "", titre) for nom, titre in colonnes),
    )
    corps = joindre_modele(
        "",
        '\n  <tbody>\n    <tr class="groupe"><th scope="colgroup" colspan="8">{}</th></tr>\n    {}\n'
        '    <tr class="sous-total"><th scope="row" colspan="7">Total — {}</th>'
        '<td class="montant">{}</td></tr>\n'
        '    <tr class="sous-total"><th scope="row" colspan="7">{}</th><td class="montant">{}</td></tr>\n'
        "  </tbody>",
        (
            (g.libelle, _actions(g), g.libelle, euros(g.total), dont_fg, euros(g.frais_generaux))
            for g in groupes
        ),
    )
    return html(
        '<table class="depenses etat-depenses-lecture">\n  <caption>{}</caption>\n  <colgroup>{}</colgroup>\n'
        "  <thead><tr>{}</tr></thead>{}\n  <tbody>\n"
        '    <tr class="total"><th scope="row" colspan="7">{}</th><td class="montant">{}</td></tr>\n'
        '    <tr class="sous-total"><th scope="row" colspan="7">{}</th><td class="montant">{}</td></tr>\n'
        "  </tbody>\n</table>",
        L.ETAT_DEPENSES_TITRE,
        joindre_modele("", '<col class="etat-col-{}">', ((nom,) for nom, _ in colonnes)),
        entetes,
        corps,
        L.ETAT_DEPENSES_TOTAL,
        euros(budget.cout_global),
        dont_fg,
        euros(budget.frais_generaux),
    )
