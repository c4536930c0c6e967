"""XSS payloads (issue 12, item 1) and the ORM helpers that put them in every text column of a dossier.

Each payload carries a marker the browser test looks for: an element with ``data-xss``, or
``window.__xss`` set by a handler, or an ``alert`` the dialog handler counts. Shapes: breaking out of a
double- or single-quoted attribute, of a ``<textarea>`` or ``<title>``, a ``<script>``, an SVG handler, a
``javascript:`` URL, JavaScript string breakouts, and template syntax (Django's, for a server-side
template injection)."""

import datetime

from django.db import models
from django.utils import timezone

CHARGES = (
    '"><img src=x data-xss=1 onerror="window.__xss=1;alert(1)">',
    "<script data-xss=1>window.__xss=1;alert(1)</script>",
    '<svg data-xss=1 onload="window.__xss=1;alert(1)">',
    "javascript:window.__xss=1;alert(1)//",
    "'-alert(1)-'\"-alert(1)-\"",
    "' data-xss='1' autofocus onfocus='window.__xss=1;alert(1)",
    '</textarea></title><img src=x data-xss=1 onerror="window.__xss=1;alert(1)">',
    "{{ 7|add:42 }}{% now 'Y' %}{% debug %}<b data-xss=1>",
)
# For the columns of 40 characters (telephones): the same shapes, shorter.
COURTES = (
    "<img src=x data-xss onerror=alert(1)>",
    '"><svg data-xss onload=alert(1)>',
    "javascript:alert(1)//",
    "';alert(1)//",
    "{{ 7|add:42 }}<b data-xss>",
)
TOUTES = CHARGES + COURTES
# The intitulé, a file name, an organisation, a service, a token label: one payload each, named.
INTITULE = "Projet " + CHARGES[0]
NOM_FICHIER = '"><img src=x onerror=alert(1)>.pdf'
ORGANISATION = "CD " + CHARGES[6]
SERVICE = "DDETS " + CHARGES[2]
JETON = "Jeton " + CHARGES[1]
SOURCE_CRITERE = "AMI " + CHARGES[0]
PERSONNE = CHARGES[5][:60]

# Columns that the portal writes itself, never a user.
NON_SAISIS = {"numero", "empreinte", "prefixe", "password", "siret", "email", "code", "action"}


def charge(rang: int, longueur: int | None = None) -> str:
    """The payloads for the ``rang``-th text column: all of them, one a line, when the column has no
    limit; else as many as fit in ``longueur``, from the ``rang``-th shape on."""
    if longueur is None:
        return "\n".join(CHARGES[rang % len(CHARGES) :] + CHARGES[: rang % len(CHARGES)])
    formes = CHARGES if longueur >= 80 else COURTES
    choisies, taille = [], 0
    for n in range(len(formes)):
        forme = formes[(rang + n) % len(formes)]
        if taille + len(forme) + 1 <= longueur:
            choisies.append(forme)
            taille += len(forme) + 1
    return " ".join(choisies)


def champs_texte(instance):
    """The text columns a user fills (no choices, not written by the portal)."""
    return [
        f
        for f in instance._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name not in NON_SAISIS
    ]


# What a dossier must hold to be deposited: a telephone and an e-mail that pass the rules.
VALIDES = {"telephone": "03 20 63 59 59", "courriel": "referent@exemple.fr"}


def remplir(instance, rang: int = 0, valides=False) -> int:
    """Put a payload in every text column of ``instance`` and save it (``valides``: a real telephone and
    e-mail in those columns). Returns the number of payloads stored."""
    total = 0
    for n, champ in enumerate(champs_texte(instance)):
        genre = next((g for g in VALIDES if champ.name.endswith(g)), None)
        if valides and genre:
            setattr(instance, champ.name, VALIDES[genre])
            continue
        valeur = charge(rang + n, champ.max_length)
        setattr(instance, champ.name, valeur)
        total += sum(valeur.count(forme) for forme in TOUTES)
    instance.save()
    return total


def remplir_dossier(dossier, valides=False) -> int:
    """Payloads in every text column of ``dossier`` and of its rows (axes, indicators, members, budget
    lines, financements, pièces' names); ``valides`` for a dossier that must pass the dépôt rules.
    Returns the number of payloads stored."""
    total = remplir(dossier, 0, valides)
    lignes = [
        *dossier.axes.all(),
        *[i for axe in dossier.axes.all() for i in axe.indicateurs.all()],
        *dossier.membres.all(),
        *dossier.depenses.all(),
        *dossier.financements.all(),
        *dossier.pieces.all(),
    ]
    for rang, ligne in enumerate(lignes, start=1):
        total += remplir(ligne, rang, valides)
    return total


# Dossiers as the instruction leaves them, every text typed by a person a payload. -----------------------

ETAPES = (
    "depose",
    "en_instruction",
    "complements",
    "transmis",
    "irrecevable",
    "recevable",
    "propose",
    "laureat",
)


def depose_charge(user, intitule=INTITULE):
    """A dossier of ``user``'s porteur, every text column a payload, deposited (through the real dépôt)."""
    from tests.depots import deposer_dossier

    def preparer(dossier):
        remplir_dossier(dossier, valides=True)
        dossier.pieces.update(nom=NOM_FICHIER)

    return deposer_dossier(user, intitule=intitule, membres=4, lignes=4, preparer=preparer)


def instruire_charge(dossier, instructeurs, agent, jusqu_a: str):
    """Take ``dossier`` through the real cycle up to ``jusqu_a`` (one of ``ETAPES``), each motivation,
    comment, message and avis a payload. Returns the number of payloads stored."""
    from ami.models import Critere
    from candidatures import complements, cycle
    from instruction import avis, constats
    from instruction.models import Evaluation, Note, SensAvis, note_ponderee

    etapes = ETAPES[: ETAPES.index(jusqu_a) + 1]
    premier, total = instructeurs[0], 0
    if "en_instruction" not in etapes:
        return total
    cycle.effectuer(dossier, cycle.Action.PRENDRE, premier)
    criteres = list(Critere.objects.filter(appel=dossier.appel))
    for rang, instructeur in enumerate(instructeurs):
        valeurs = {c.pk: min(3 + rang, c.note_max) for c in criteres}
        evaluation = Evaluation.objects.create(
            dossier=dossier,
            instructeur=instructeur,
            commentaire=charge(rang),
            note_sur_20=note_ponderee(valeurs, criteres),
        )
        Note.objects.bulk_create(
            Note(evaluation=evaluation, critere_id=k, valeur=v) for k, v in valeurs.items()
        )
        cycle.effectuer(dossier, cycle.Action.NOTER, instructeur)
    limite = timezone.localdate() + datetime.timedelta(days=15)
    avis.demander(dossier, premier, [agent.service_territorial], limite, charge(2))
    avis.donner(dossier, agent, SensAvis.RESERVES, charge(3))
    total += 4 * len(CHARGES)
    if "complements" in etapes:
        complements.demander(dossier, premier, ["chef_de_file", "axe_4"], limite, charge(4))
        total += len(CHARGES)
    if "transmis" in etapes:
        dossier.refresh_from_db()
        dossier.adresse = charge(5)
        dossier.methodologie_equipe = charge(6)
        dossier.save()
        resultat = complements.transmettre(dossier.pk, dossier.depose_par)
        assert resultat.transmis, resultat.motif
        dossier.refresh_from_db()
        total += 2 * len(CHARGES)
    regles = {"R13": {"constat": "conforme", "motif": charge(7)}}
    if "irrecevable" in etapes and jusqu_a == "irrecevable":
        action = cycle.Action.DECLARER_IRRECEVABLE
        constats.declarer(dossier, action, premier, charge(0), regles)
        return total + 2 * len(CHARGES)
    if "recevable" in etapes:
        constats.declarer(dossier, cycle.Action.DECLARER_RECEVABLE, premier, charge(1), regles)
        total += 2 * len(CHARGES)
    if "propose" in etapes:
        cycle.effectuer(dossier, cycle.Action.PROPOSER, premier, charge(2), {"proposition": "laureat"})
        total += len(CHARGES)
    if "laureat" in etapes:
        cycle.effectuer(dossier, cycle.Action.DECIDER_LAUREAT, premier, charge(3))
        total += len(CHARGES)
    return total


def charges_en_base() -> int:
    """How many payloads the database holds, in every text and JSON column of the portal's tables (a
    motivation in a transition's data, a message in a journal entry count too)."""
    from django.apps import apps

    applications = ("ami", "comptes", "candidatures", "consortium", "budget", "pieces", "instruction", "api")
    total = 0
    for application in applications:
        for modele in apps.get_app_config(application).get_models():
            colonnes = [
                f.name
                for f in modele._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            for ligne in modele.objects.values_list(*colonnes):
                texte = "\n".join(_textes(ligne))
                total += sum(texte.count(forme) for forme in TOUTES)
    return total


def _textes(valeur):
    """The strings of a row, JSON values walked through."""
    if isinstance(valeur, str):
        yield valeur
    elif isinstance(valeur, dict):
        for v in valeur.values():
            yield from _textes(v)
    elif isinstance(valeur, list | tuple):
        for v in valeur:
            yield from _textes(v)
