"""Recevabilité rules on the dossier's own answers: R02, R05–R10, R16, R17 and W02.

Each is a pure function of a ``DonneesDossier`` returning a ``Resultat`` whose message quotes
the figures and whose source quotes the call. ``champ`` is « section#ancre », the field to fix.
One module per part of the dossier: ``territoire`` (territory, publics, declarations), ``axes``
(the answers to the four axes), ``engagements`` (commitments and deadline).
"""

from candidatures.rules.axes import (
    METHODOLOGIE,
    QUESTIONS_COMMUNES,
    QUESTIONS_EN_PLUS,
    questions_sans_reponse,
    r06_nombre_significatif,
    r09_questions_repondues,
    r10_objectifs_par_axe,
)
from candidatures.rules.engagements import ENGAGEMENTS, r16_engagements, r17_date_limite
from candidatures.rules.territoire import (
    r02_cas_exceptionnel,
    r05_publics,
    r07_territoire,
    r08_premier_ami,
    w02_qpv_zrr,
)

__all__ = [
    "ENGAGEMENTS",
    "METHODOLOGIE",
    "QUESTIONS_COMMUNES",
    "QUESTIONS_EN_PLUS",
    "questions_sans_reponse",
    "r02_cas_exceptionnel",
    "r05_publics",
    "r06_nombre_significatif",
    "r07_territoire",
    "r08_premier_ami",
    "r09_questions_repondues",
    "r10_objectifs_par_axe",
    "r16_engagements",
    "r17_date_limite",
    "w02_qpv_zrr",
]
