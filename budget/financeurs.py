"""Whether a financing line's financeur is the State, by its name: the check R13 makes on every
cofinancing line, not to take the candidat's word for the type.

FAQ « Comment est calculé le cofinancement de 20% attendu du porteur de projet ? » : « Les crédits
octroyés par l'Etat dans le cadre des conventions d'appui à la lutte contre la pauvreté et d'accès à
l'emploi (CALPAE) ou d'autres dispositifs ne peuvent contribuer au financement des projets présentés en
réponse au présent AMI. Ces financements ne doivent donc pas figurer dans les cases “cofinancement” du plan
de financement. » The same answer expects FSE+ financing (« toute demande de financement FSE sur le même
périmètre de dépense »): European credits, even when a State service (a DREETS) manages them — a line
typed « FSE+ » is checked for the State's schemes only, not for the services' names.
"""

import re
import unicodedata

from budget.natures import TypeFinancement

# State schemes: whoever is named with them, their credits are the State's.
DISPOSITIFS_ETAT = (
    ("CALPAE", r"calpae"),
    ("convention d'appui à la lutte contre la pauvreté", r"convention d.appui a la lutte contre la pauvrete"),
    ("politique de la ville", r"politique de la ville"),
    ("FIPD", r"fipd"),
    ("plan d'investissement dans les compétences", r"plan d.investissement dans les competences"),
)
# State services (ministries, préfectures, services déconcentrés, national directorates and agencies).
SERVICES_ETAT = (
    ("État", r"etat"),
    ("préfecture", r"(sous-)?prefecture"),
    ("préfet", r"prefet|prefete"),
    ("ministère", r"ministere"),
    ("DREETS", r"dreets"),
    ("DRIEETS", r"drieets"),
    ("DEETS", r"deets"),
    ("DDETS", r"ddets(-?pp)?"),
    ("DIRECCTE", r"direccte"),
    ("DDCS", r"ddcs(pp)?"),
    ("DRJSCS", r"drjscs"),
    ("DIPLP", r"diplp"),
    ("DGEFP", r"dgefp"),
    ("DGCS", r"dgcs"),
    ("ANCT", r"anct"),
    ("commissaire à la lutte contre la pauvreté", r"commissaire a la lutte contre la pauvrete"),
)
# « Ville de Roubaix — politique de la ville »: a collectivité's own politique de la ville credits are not
# the State's. Only that scheme is read so: CALPAE credits are the State's whoever passes them on.
COLLECTIVITES = r"ville de|commune|mairie|metropole|communaute|agglomeration|conseil (departemental|regional)"
COLLECTIVITES += r"|departement|region|collectivite"


def _simple(texte: str) -> str:
    """Lower case, no accent, one space: « Préfecture  du Nord » → « prefecture du nord »."""
    sans_accent = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(sans_accent.lower().replace("’", "'").split())


def _trouve(motif: str, texte: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){motif}(?![a-z0-9])", texte) is not None


def marque_etat(financeur: str, type_: str) -> str | None:
    """What in ``financeur`` names the State (« DREETS », « politique de la ville »…), or None. For a line
    typed « FSE+ », only the State's schemes count (a DREETS manages FSE+ credits)."""
    texte = _simple(financeur or "")
    if not texte:
        return None
    collectivite = _trouve(f"({COLLECTIVITES})", texte)
    for nom, motif in DISPOSITIFS_ETAT:
        if _trouve(motif, texte) and not (nom == "politique de la ville" and collectivite):
            return nom
    if type_ == TypeFinancement.FSE:
        return None
    for nom, motif in SERVICES_ETAT:
        if _trouve(motif, texte):
            return nom
    return None
