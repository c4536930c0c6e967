"""Issue 12, item 1 (stored XSS): the class stays gone. No template or module marks data safe outside an
explicit allow-list; django-dsfr's alerts escape what they show; help texts are escaped whatever snippet
prints them; the API documentation escapes the text it formats. The browser tests
(tests/browser/test_injection_*.py) put the payloads in every field and visit every page."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.utils.html import format_html

from core.formulaires import FormulaireDsfr
from tests.charges_xss import CHARGES, SOURCE_CRITERE

RACINE = Path(__file__).resolve().parents[1]
IGNORES = {".venv", "node_modules", "tests", "test-artifacts", "staticfiles", ".git"}
# What marks text as HTML without escaping it, in templates and in Python.
MOTIFS = {
    "gabarit": re.compile(r"\|\s*safe\b|\|\s*safeseq\b|{%\s*autoescape\s+off"),
    # format_html given an f-string interpolates before escaping: the same hole.
    "python": re.compile(
        r"\bmark_safe\s*\(|\bSafeString\s*\(|\|\s*safe\b|is_safe\s*=\s*True|autoescape\s*=\s*False"
        r"|\bhtml_safe\b|__html__|(?:format_html(?:_join)?|\bhtml|\bjoindre(?:_modele)?)\((?:[^()]*,\s*)?f[\"']"
    ),
}
# The only allowed use: ``{% autoescape off %}`` in the plain-text e-mails, ``<app>/templates/<app>/courriels/
# *.txt``, sent as text/plain bodies and never as HTML (checked below).


# And ``core/balisage.py``: ``format_html`` without Django's per-value lazy wrapper (budget.rendu), which
# escapes every value it is given (tested below with every payload).
BALISAGE = Path("core/balisage.py")


def permis(relatif: Path) -> bool:
    return relatif.suffix == ".txt" and "templates" in relatif.parts and relatif.parent.name == "courriels"


def _fichiers():
    for chemin in RACINE.rglob("*"):
        relatif = chemin.relative_to(RACINE)
        if (
            chemin.is_file()
            and not IGNORES & set(relatif.parts)
            and chemin.suffix in {".html", ".txt", ".py"}
        ):
            yield relatif, chemin.read_text(encoding="utf-8", errors="replace")


def test_item1_aucun_safe_sur_des_donnees():
    trouves = []
    for relatif, texte in _fichiers():
        motif = MOTIFS["python" if relatif.suffix == ".py" else "gabarit"]
        for n, ligne in enumerate(texte.splitlines(), start=1):
            if not motif.search(ligne):
                continue
            if permis(relatif):
                continue  # a plain-text e-mail: no HTML, nothing to escape
            if relatif == BALISAGE:
                continue  # every value escaped (test_item1_le_balisage_echappe_chaque_valeur)
            trouves.append(f"{relatif}:{n}: {ligne.strip()}")
    assert trouves == [], "Texte marqué sûr sans échappement :\n" + "\n".join(trouves)


@pytest.mark.parametrize("charge", CHARGES)
def test_item1_le_balisage_echappe_chaque_valeur(charge):
    """``core.balisage.html``/``joindre`` write what ``format_html``/``format_html_join`` write: each value
    escaped (text, a lazy translation, a number), HTML (``__html__``) kept, the model a constant."""
    from django.utils.functional import lazy
    from django.utils.html import format_html_join
    from django.utils.safestring import SafeString

    from core.balisage import html, joindre, joindre_modele

    paresseux = lazy(lambda: charge, str)()
    deja = format_html("<b>{}</b>", charge)
    modele = '<p title="{}" data-n="{}">{}{}{}</p>'
    ecrit = html(modele, charge, 42, paresseux, deja, None)
    assert isinstance(ecrit, SafeString)
    assert ecrit == format_html(modele, charge, 42, paresseux, deja, None)
    assert "<script" not in ecrit.replace(str(deja), "") and "<img" not in ecrit and "<svg" not in ecrit
    assert joindre(", ", [charge, deja]) == format_html_join(", ", "{}", [(charge,), (deja,)])
    lignes = [(charge, 1), (deja, paresseux)]
    assert joindre_modele("\n", "<i>{}</i>{}", lignes) == format_html_join("\n", "<i>{}</i>{}", lignes)


def test_item1_les_courriels_sans_echappement_sont_du_texte():
    """``{% autoescape off %}`` only in the .txt e-mail templates, and no e-mail is given an HTML part
    (``administration.tasks.envoyer_courriel`` could take one: no caller passes it; the browser tests check
    the e-mails they send have none)."""
    courriels = 0
    for relatif, texte in _fichiers():
        if "autoescape off" in texte:
            assert permis(relatif), relatif
            courriels += 1
        if relatif.suffix == ".py" and relatif != Path("administration/tasks.py"):
            assert not re.search(r"html_message|attach_alternative|text/html|\bhtml=", texte), relatif
    assert courriels >= 10


def test_item1_le_reglage_dsfr_n_accorde_pas_confiance_au_contenu(settings):
    assert settings.DSFR_CONTENT_IS_SAFE is False


class _Balises(HTMLParser):
    """The elements of an HTML fragment, as a browser's parser sees them: (tag, attributes)."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def injectes(html) -> list:
    """The elements a payload would have created: a ``data-xss`` marker, an ``on…`` handler, a script."""
    return [
        (tag, attrs)
        for tag, attrs in _Balises(str(html)).elements
        if "data-xss" in attrs or tag == "script" or any(a.startswith("on") for a in attrs)
    ]


@pytest.mark.parametrize("charge", CHARGES)
def test_item1_messages_flash_echappes(charge):
    """``{% dsfr_django_messages %}`` (templates/base.html): a payload in a message is text; a message
    built with format_html from constants keeps its markup."""
    gabarit = Template("{% load dsfr_tags %}{% dsfr_django_messages %}")
    voulu = format_html("Le dossier <strong>{}</strong> est créé.", charge)
    messages = [
        Message(constants.SUCCESS, f"« {charge} » est retiré du dossier."),
        Message(constants.INFO, voulu),
    ]
    html = gabarit.render(Context({"messages": messages}))
    assert injectes(html) == []
    assert html.count(str(format_html("{}", charge))) == 2
    assert "<strong>" in html


class _Champs(FormulaireDsfr):
    """One field per django-dsfr snippet, each help text a payload (as a criterion's source is)."""

    texte = forms.CharField(help_text=SOURCE_CRITERE)
    case = forms.BooleanField(help_text=SOURCE_CRITERE)
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect, help_text=SOURCE_CRITERE)
    cases = forms.MultipleChoiceField(
        choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, help_text=SOURCE_CRITERE
    )
    liste = forms.ChoiceField(choices=[("a", "A")], help_text=SOURCE_CRITERE)
    voulu = forms.CharField(help_text=format_html('Voir <a href="{}">l’AMI</a>.', "#ami"))


def test_item1_textes_d_aide_echappes_dans_chaque_gabarit_de_champ():
    form = _Champs()
    for nom in ("texte", "case", "radio", "cases", "liste"):
        html = form[nom].as_field_group()
        assert injectes(html) == [], nom
        assert str(format_html("{}", SOURCE_CRITERE)) in html, nom
    assert '<a href="#ami">l’AMI</a>' in form["voulu"].as_field_group()


def test_item1_la_source_d_un_critere_dans_la_notation(db):
    from ami.models import Appel
    from instruction.notation import EvaluationForm

    critere = Appel.objects.courant().criteres.first()
    critere.source = SOURCE_CRITERE
    critere.save()
    form = EvaluationForm(criteres=[critere])
    html = form[f"note_{critere.pk}"].as_field_group()
    assert injectes(html) == []
    assert str(format_html("Source : {}", SOURCE_CRITERE)) in html


def test_item1_documentation_de_l_api_echappee():
    from api.documentation import en_html, type_de

    html = en_html("Envoyez `Authorization: Bearer <jeton>` puis " + CHARGES[0])
    assert str(html).startswith(
        "Envoyez <code>Authorization: Bearer &lt;jeton&gt;</code> puis &quot;&gt;&lt;img"
    )
    assert injectes(html) == []
    schema = {"anyOf": [{"$ref": "#/components/schemas/Membre"}, {"type": CHARGES[2]}]}
    assert str(type_de(schema)) == '<a href="#modele-Membre">Membre</a> ou ' + format_html("{}", CHARGES[2])
