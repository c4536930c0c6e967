"""The sheet « État des dépenses » of the exports (XLSX workbook, or alone as CSV): each dossier's
expense lines as the FAQ's « modèle d'état des dépenses » writes them — its groups in its order
(« Dépenses transversales », « Dépenses relatives à l'axe 1 »…), the lines of each axe by « Action n° »,
its columns in its order with its labels — followed by each group's total and « dont dépenses en frais
généraux éligibles dans la limite de 15% du total », then « TOTAL DEPENSES AU TITRE DE l'AMI DEPLOIEMENT
SPIE » and its frais généraux.

What an administrateur expects of it: the état of every dossier one after another, as the porteur will
send it with the bilan financier, and still a table he can filter and sum. The first column « Ligne »
says what each row is: « Dépense » for a line (filter on it before summing or pivoting), otherwise the
model's label of the total it carries. The figures are ``budget.totaux``'s (``budget.chiffres``): those of
the budget page, the PDF and R11–R15. Rows are read by slices of dossiers (``Selection.tranches``), one
query a slice; every text goes through ``exports.ecriture`` (formulas neutralised)."""

from collections import defaultdict
from collections.abc import Iterator

from ami import libelles as L
from budget.chiffres import Budget
from budget.models import LigneDepense
from budget.natures import NatureDepense, OuiNon
from budget.totaux import colonnes_etat, etat_des_depenses, frais_generaux_o_n, libelle_dont_frais_generaux
from budget.totaux import totaux as totaux_du_budget
from exports.colonnes import MONTANT, NOMBRE, Colonne

DEPENSE = "Dépense"  # the « Ligne » of an expense line
GENRES = {"nombre_unites": NOMBRE, "cout_unitaire": MONTANT, "montant": MONTANT}
LARGEURS = {"nature": 34, "frais_generaux": 14, "unite": 14, "date_periode": 18, "objet": 40, "montant": 14}
# Besides the model's columns: the question R15 asks of each line (AMI III.A.1).
AUTRES = ("deja_financee_etat",)
CHAMPS = ("groupe", "numero_action", "nature", "unite", "nombre_unites", "cout_unitaire", "date_periode")
CHAMPS += ("objet", "montant", *AUTRES)
NATURES = dict(NatureDepense.choices)
OUI_NON = dict(OuiNon.choices)


def colonnes(appel) -> list[Colonne]:
    """The sheet's columns: the dossier, the row's kind, the group and the action, then the model's."""
    resultat = [
        Colonne("numero", "Numéro de dossier", largeur=22),
        Colonne("porteur", "Porteur", largeur=30),
        Colonne("ligne", "Ligne", largeur=30),
        Colonne("groupe", "Groupe de dépenses", largeur=28),
        Colonne("numero_action", str(LigneDepense._meta.get_field("numero_action").verbose_name), NOMBRE, 9),
    ]
    for nom, titre in colonnes_etat(appel):
        resultat.append(Colonne(nom, titre, GENRES.get(nom, "texte"), LARGEURS.get(nom, 12)))
    for nom in AUTRES:
        resultat.append(Colonne(nom, str(LigneDepense._meta.get_field(nom).verbose_name), largeur=18))
    return resultat


def _ligne(groupe: str, d: LigneDepense) -> list:
    """An expense line's cells, in ``colonnes``' order after the dossier's two."""
    return [
        DEPENSE,
        groupe,
        d.numero_action,
        NATURES.get(d.nature, d.nature),
        frais_generaux_o_n(d),
        d.unite,
        d.nombre_unites,
        d.cout_unitaire,
        d.date_periode,
        d.objet,
        d.montant,
        OUI_NON.get(d.deja_financee_etat, d.deja_financee_etat),
    ]


def _total(libelle: str, groupe: str, montant) -> list:
    """A total's row: its label in « Ligne », its amount in « Montant »."""
    return [libelle, groupe, None, "", "", "", None, None, "", "", montant, ""]


def etat_du_dossier(depenses: list, appel) -> Iterator[list]:
    """One dossier's rows (without its number and porteur): its lines group by group, action by action,
    each group's figures, then the TOTAL. ``depenses``: its ``LigneDepense`` rows, in their order."""
    budget = Budget.des_lignes(depenses, ())
    dont = libelle_dont_frais_generaux(appel)
    for groupe in etat_des_depenses(depenses, totaux_du_budget(budget, appel)):
        for action in groupe.actions:
            for depense in action.elements:
                yield _ligne(groupe.libelle, depense)
        yield _total(f"Total — {groupe.libelle}", groupe.libelle, groupe.total)
        yield _total(dont, groupe.libelle, groupe.frais_generaux)
    yield _total(L.ETAT_DEPENSES_TOTAL, "", budget.cout_global)
    yield _total(dont, "", budget.frais_generaux)


def lignes(selection, appel=None) -> Iterator[list]:
    """The sheet's rows, dossier after dossier in the selection's order (a dossier without any expense
    line has none)."""
    appel = appel or selection.appel
    for ids in selection.tranches():
        par_dossier = defaultdict(list)
        entetes = {}
        requete = (
            LigneDepense.objects.filter(dossier_id__in=ids)
            .order_by("dossier_id", "id")
            .values("id", "dossier_id", "dossier__numero", "dossier__organisation__nom", *CHAMPS)
        )
        for valeurs in requete.iterator(chunk_size=2000):
            dossier = valeurs.pop("dossier_id")
            entetes[dossier] = [valeurs.pop("dossier__numero"), valeurs.pop("dossier__organisation__nom")]
            par_dossier[dossier].append(LigneDepense(dossier_id=dossier, **valeurs))
        for pk in ids:
            if pk in par_dossier:
                for cellules in etat_du_dossier(par_dossier[pk], appel):
                    yield entetes[pk] + cellules
