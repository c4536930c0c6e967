"""Issue 12 item 7, property-based: arbitrary text and numbers (NUL, lone surrogates, 10^40, NaN, very
long strings, any unicode, whitespace) posted to every field of every section of the dossier — chef de
file, consortium rows, territoire, axes and their indicators, axe 4, engagements, budget rows and
financements — through the real views: the autosave (htmx) and the « Enregistrer » button.

On PostgreSQL (./bin/test): no server error, every error in French, and what was typed comes back —
stored as typed (once cleaned, README « Saisie ») or refused with a French error next to the field, the
typed value still in the page."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from budget.models import LigneDepense, produit
from candidatures.models import Dossier
from candidatures.sections import DEFINITIONS, saisie
from tests.saisie.hostile import (
    CACHE,
    REGLAGES,
    attendu,
    corps,
    erreurs_du_champ,
    est_nombre,
    est_texte,
    lire_nombre,
    page,
    valeur_affichee,
    valeur_postee,
    verifier_francais,
)
from tests.saisie.outils import exemple_isole

pytestmark = pytest.mark.django_db
URLENCODE = "application/x-www-form-urlencoded"


def _champs(courante):
    """(form, field name, field, name in the page) of every field of the section's forms."""
    return [
        (form, nom, field, form.add_prefix(nom))
        for form in courante.formulaires()
        for nom, field in form.fields.items()
    ]


def _comme_stocke(form, nom, texte: str) -> str:
    """A text as the section stores it: stripped; a valid telephone number written « 03 20 63 59 59 »
    (its digits are what was typed)."""
    texte = texte.strip()
    return re.sub(r"\D", "", texte) if nom in getattr(form, "telephones", ()) else texte


def _nombre_attendu(form, nom, tape: str, stocke):
    """The number a field holds after a save without error: what was typed, or for the coût of an
    expense line with both factors, the product the server computes."""
    ligne = form.instance
    if isinstance(ligne, LigneDepense) and nom == "montant" and ligne.montant_calcule:
        return produit(ligne.nombre_unites, ligne.cout_unitaire)
    return lire_nombre(tape) if tape.strip() else None


def _verifier_stocke(definition, pk, champs, saisis, erreurs):
    """After an autosave: each text and number field of the section, as its page shows it from what is
    stored, holds what was typed, or the answer put a French error next to it."""
    stockee = {form.prefix: form for form in saisie(definition, Dossier.objects.get(pk=pk)).formulaires()}
    for form, nom, field, nom_html in champs:
        tape = saisis[nom_html]
        if not isinstance(tape, str) or not (est_texte(field) or est_nombre(field)):
            continue
        if erreurs(form[nom].auto_id):
            continue
        relu = stockee[form.prefix]
        valeur = relu[nom].value()
        if est_texte(field):
            assert _comme_stocke(relu, nom, valeur or "") == _comme_stocke(relu, nom, attendu(tape)), nom_html
        else:
            attendue = _nombre_attendu(relu, nom, attendu(tape), valeur)
            assert (None if valeur is None else lire_nombre(str(valeur))) == attendue, (nom_html, tape)


def _verifier_page(doc, champs, saisis, stocke: bool):
    """After « Enregistrer »: the page shows each text and number field as typed (kept with its error),
    or, when the section was saved (redirect), as stored."""
    for form, nom, field, nom_html in champs:
        tape = saisis[nom_html]
        if not isinstance(tape, str) or not (est_texte(field) or est_nombre(field)):
            continue
        affichee = valeur_affichee(doc, nom_html)
        assert affichee is not None, f"{nom_html} absent de la page"
        if affichee is CACHE:
            continue  # not shown to this porteur (the cas exceptionnel of a conseil départemental)
        if not stocke:
            assert affichee == attendu(tape), nom_html
        elif est_texte(field):
            assert _comme_stocke(form, nom, affichee) == _comme_stocke(form, nom, attendu(tape)), nom_html


@pytest.mark.parametrize("section", list(DEFINITIONS))
@REGLAGES
@given(donnees=st.data())
def test_item7_toute_saisie_d_une_section_sans_erreur_serveur(client_candidat, brouillon, section, donnees):
    definition = DEFINITIONS[section]
    url = reverse("candidatures:section", args=[brouillon.pk, section])
    with exemple_isole():
        dossier = Dossier.objects.get(pk=brouillon.pk)
        champs = _champs(saisie(definition, dossier))
        saisis = {
            nom_html: donnees.draw(valeur_postee(field), label=nom_html) for _, _, field, nom_html in champs
        }
        lignes = ",".join(sorted({form.prefix for form, *_ in champs if form.prefix}))
        version = [("version", str(dossier.version(section)))]

        # Half the examples go through the autosave, half through « Enregistrer » (each a real view).
        if donnees.draw(st.booleans(), label="autosave"):
            # Only the errors' containers come back; the page keeps what was typed.
            reponse = client_candidat.post(
                url,
                corps(version + [("_autosave", "1"), ("_lignes", lignes), *saisis.items()]),
                content_type=URLENCODE,
                headers={"HX-Request": "true"},
            )
            assert reponse.status_code < 500
            doc = page(reponse.content)
            if reponse.status_code == 200:
                _verifier_stocke(definition, brouillon.pk, champs, saisis, lambda i: erreurs_du_champ(doc, i))
        else:
            # The whole section; with an error, the page again, as typed.
            reponse = client_candidat.post(url, corps(version + list(saisis.items())), content_type=URLENCODE)
            assert reponse.status_code < 500
            if reponse.status_code == 302:
                doc = page(client_candidat.get(url).content)
                relus = _champs(saisie(definition, Dossier.objects.get(pk=brouillon.pk)))
                _verifier_page(doc, relus, saisis, True)
            else:
                doc = page(reponse.content)
                if reponse.status_code == 200:
                    _verifier_page(doc, champs, saisis, False)
        verifier_francais(doc)
