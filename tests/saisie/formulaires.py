"""The property check of a page's forms (issue 12 item 7): the forms the view renders (its context:
forms, formsets, their sub-forms), every field of each, posted with arbitrary values through the form's
own <form> of the page (its action, its other controls as the page fills them).

``poster_au_hasard`` posts one example to one form and checks: no server error, every error in French,
and each text typed is in the page again — in its field (kept with its error, or as stored), or, after
a redirect, shown where the page shows what was saved (history, list)."""

from dataclasses import dataclass, field

from django.forms import BaseForm, BaseFormSet, CheckboxInput, HiddenInput
from hypothesis import strategies as st

from tests.saisie.hostile import (
    CACHE,
    attendu,
    corps,
    erreurs_du_champ,
    est_texte,
    meme_texte,
    page,
    texte_visible,
    valeur,
    valeur_affichee,
    valeur_postee,
    verifier_francais,
)

URLENCODE = "application/x-www-form-urlencoded"


@dataclass
class Formulaire:
    """A Django form (or formset) of a page and its <form> there."""

    nom: str
    champs: list  # (bound field, name in the page)
    action: str
    methode: str
    controles: list = field(default_factory=list)  # (name, value) the page's <form> sends as it is


def _formulaires_django(contexte, noms=None):
    """(name, forms) of each form and formset of the view's context (``noms``: those only), and of their
    sub-forms (a new organisation, a new service), named « form.attribute ». A form the templates pass
    around under another name (« form » in a field snippet) is found once, under the view's name."""
    objets = {}
    for cle in sorted(contexte.keys()):  # noqa: SIM118 — a ContextList iterates over its contexts
        try:
            objet = contexte[cle]
        except KeyError:
            continue
        if isinstance(objet, BaseForm | BaseFormSet) and (noms is None or cle in noms):
            objets.setdefault(id(objet), (cle, objet))
    sous = {}
    for cle, objet in [(c, o) for c, o in objets.values() if isinstance(o, BaseForm)]:
        for attribut, interne in vars(objet).items():
            if isinstance(interne, BaseForm):
                sous[id(interne)] = (f"{cle}.{attribut}", interne)
    objets = {k: v for k, v in objets.items() if k not in sous} | sous
    resultat = []
    for nom, objet in objets.values():
        if isinstance(objet, BaseFormSet):
            resultat.append((nom, [objet.management_form, *objet.forms]))
        else:
            resultat.append((nom, [objet]))
    return sorted(resultat, key=lambda couple: couple[0])


def _controles(element) -> list:
    """What the <form> sends untouched: its inputs, selects and text areas as the page fills them."""
    valeurs = []
    for controle in element.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        nom, type_ = controle.get("name"), (controle.get("type") or "").lower()
        if controle.tag == "select":
            valeurs += [(nom, o.get("value") or "") for o in controle.xpath(".//option[@selected]")]
        elif controle.tag == "textarea":
            valeurs.append((nom, controle.text or ""))
        elif type_ in ("checkbox", "radio"):
            if controle.get("checked") is not None:
                valeurs.append((nom, controle.get("value") or "on"))
        elif type_ not in ("submit", "button", "file"):
            valeurs.append((nom, controle.get("value") or ""))
    return valeurs


def formulaires_de_la_page(reponse, noms=None) -> list[Formulaire]:
    """The forms of the page (those of the context named in ``noms``, or all), with their <form>."""
    doc = page(reponse.content)
    resultat = []
    for nom, formulaires in _formulaires_django(reponse.context, noms):
        champs = [(f[n], f.add_prefix(n)) for f in formulaires for n in f.fields]
        elements = [
            e for nom_html in (c[1] for c in champs) for e in doc.xpath("//form[.//*[@name=$n]]", n=nom_html)
        ]
        assert elements, f"pas de <form> dans la page pour {nom}"
        element = elements[0]
        action = element.get("action") or reponse.request["PATH_INFO"]
        methode = (element.get("method") or "get").lower()
        resultat.append(Formulaire(nom, champs, action, methode, _controles(element)))
    return resultat


_PAGES: dict = {}


def formulaires_de(client, url: str, noms=None) -> list[Formulaire]:
    """``formulaires_de_la_page`` of ``url`` for this client's user, read once per test: every example
    of a test starts from the same data (``exemple_isole``), so from the same page."""
    cle = (url, client.session.session_key, frozenset(noms or ()))
    if cle not in _PAGES:
        reponse = client.get(url)
        assert reponse.status_code == 200, (url, reponse.status_code)
        _PAGES[cle] = formulaires_de_la_page(reponse, noms)
    return _PAGES[cle]


def _strategie(champ):
    if isinstance(champ.field.widget, HiddenInput):  # a version: mostly the page's, sometimes anything
        return st.one_of(st.just(None), st.just(None), st.just(None), valeur(champ.field))
    return valeur_postee(champ.field)


def poster_au_hasard(client, formulaire: Formulaire, donnees):
    """One example posted to ``formulaire``; returns the response (checked)."""
    tires = {
        nom_html: donnees.draw(_strategie(champ), label=nom_html) for champ, nom_html in formulaire.champs
    }
    envoyes = {n: v for n, v in tires.items() if v is not None}
    paires = [(n, v) for n, v in formulaire.controles if n not in envoyes] + list(envoyes.items())
    if formulaire.methode == "post":
        reponse = client.post(formulaire.action, corps(paires), content_type=URLENCODE)
    else:
        reponse = client.get(f"{formulaire.action}?{corps(paires)}")
    assert reponse.status_code < 500, (formulaire.nom, reponse.status_code)
    if reponse.status_code in (301, 302):
        suite = client.get(reponse["Location"])
        assert suite.status_code < 500
        doc = page(suite.content)
        verifier_francais(doc)
        _verifier_montre(doc, formulaire, envoyes, apres_redirection=True)
    else:
        doc = page(reponse.content)
        verifier_francais(doc)
        if reponse.status_code < 400 or reponse.status_code in (409, 422):
            _verifier_montre(doc, formulaire, envoyes, apres_redirection=False)
    return reponse


def _supprime(envoyes, nom_html) -> bool:
    """A row of a formset posted with its « Supprimer » box ticked: gone, nothing of it to show."""
    prefixe = nom_html.rsplit("-", 1)[0]
    coche = envoyes.get(f"{prefixe}-DELETE")
    return coche is not None and CheckboxInput().value_from_datadict({"x": coche}, {}, "x")


def _verifier_montre(doc, formulaire, envoyes, apres_redirection: bool):
    """Each text typed is in the page: in its field (looked for in the same <form>: two forms of a page
    may have a field of the same name), or next to a French error, or (after a redirect) where the page
    shows what was saved. After a redirect, a sub-form is not looked for: it serves one role (a new
    organisation for a candidat, a new service for an agent), the other role's is not saved."""
    if apres_redirection and "." in formulaire.nom:
        return
    visible = None
    portee = (doc.xpath("//form[@action=$a]", a=formulaire.action) or [doc])[0]
    for champ, nom_html in formulaire.champs:
        tape = envoyes.get(nom_html)
        if not isinstance(tape, str) or not est_texte(champ.field) or _supprime(envoyes, nom_html):
            continue
        texte = attendu(tape)
        affichee = valeur_affichee(portee, nom_html)
        if affichee is CACHE:
            continue
        if affichee is not None and (affichee == texte or meme_texte(affichee, texte)):
            continue
        if erreurs_du_champ(portee, champ.auto_id):
            continue
        if apres_redirection and texte.strip():
            visible = visible if visible is not None else texte_visible(doc)
            assert " ".join(texte.split()) in visible, f"{formulaire.nom} : {nom_html} absent de la page"
            continue
        assert affichee is None or not texte.strip(), (formulaire.nom, nom_html, affichee, texte)
