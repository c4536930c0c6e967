"""The whole dossier as the API shows it (``GET /api/v1/dossiers/{id}``): annexe 7, its history, the avis
of the services déconcentrés and, except for an agent, the evaluations (as ``notation.synthese`` shows
them on the portal). Rows loaded with a fixed number of queries (14 in all for a dossier)."""

from ami import libelles as L
from api.donnees import budget, code, historique, membres, montant, nom, resume
from candidatures.models import Dossier, EngagementSpie, OuiNon, Perimetre, Public, TypeIndicateur
from candidatures.politique import politique
from comptes.models import TypeServiceTerritorial
from instruction import notation
from instruction.models import SensAvis
from pieces.models import NaturePiece


def service(s) -> dict:
    return {"nom": s.nom, "type": code(s.type, TypeServiceTerritorial)}


def avis(dossier: Dossier) -> dict:
    demandes = list(dossier.demandes_avis.select_related("service"))
    demandes_rendues = {d.avis_id for d in demandes if d.avis_id}
    return {
        "avis": [
            {
                "service": service(a.service),
                "auteur": nom(a.auteur),
                "sens": code(a.sens, SensAvis),
                "motivation": a.motivation,
                "donne_le": a.donne_le,
                "demande": a.pk in demandes_rendues,
            }
            for a in dossier.avis.select_related("service", "auteur")
        ],
        "demandes": [
            {
                "service": service(d.service),
                "demandee_le": d.demandee_le,
                "date_limite": d.date_limite,
                "avis_rendu": d.avis_id is not None,
                "en_retard": d.en_retard(),
            }
            for d in demandes
        ],
    }


def evaluations(dossier: Dossier, user) -> dict | None:
    """None for whom never sees scores (an agent); for the others, what ``notation.synthese`` lets
    them see (the blind-scoring rule, ``instruction.visibilite_notes``)."""
    if not politique(user).voit_notes_nationales:
        return None
    synthese = notation.synthese(dossier, user)
    visibles = synthese.visibles
    return {
        "nombre": synthese.nombre,
        "visibles": visibles,
        "moyenne": montant(synthese.moyenne) if visibles else None,
        "ecart": montant(synthese.ecart) if visibles else None,
        "evaluations": [
            {
                "instructeur": nom(e.instructeur),
                "note_sur_20": montant(e.note_sur_20),
                "commentaire": e.commentaire,
                "donnee_le": e.donnee_le,
                "notes": [
                    {
                        "critere": n.critere.libelle,
                        "valeur": n.valeur,
                        "note_max": n.critere.note_max,
                        "poids": montant(n.critere.poids),
                    }
                    for n in e.notes.all()
                ],
            }
            for e in (synthese.evaluations if visibles else [])
        ],
    }


TEXTES_AXE = (
    "objectifs",
    "actions",
    "public",
    "changements",
    "methodes",
    "calendrier",
    "organisation_suivi",
    "organisation_remise",
    "offre_visibilite",
    "offre_commune",
)


def axes(dossier: Dossier) -> list[dict]:
    """Axes 1, 2 and 3, each with every answer (empty when not given; the extras of axes 2 and 3 too)."""
    reponses = {r.axe: r for r in dossier.axes.prefetch_related("indicateurs")}
    resultat = []
    for numero in (1, 2, 3):
        r = reponses.get(numero)
        resultat.append(
            {
                "axe": numero,
                "titre": L.AXES[numero],
                **{champ: getattr(r, champ) if r else "" for champ in TEXTES_AXE},
                "nombre_personnes": r.nombre_personnes if r else None,
                "part_population": montant(r.part_population) if r else None,
                "chiffres_non_disponibles": r.chiffres_non_disponibles if r else False,
                "chiffres_explication": r.chiffres_explication if r else "",
                "indicateurs": [
                    {"type": code(i.type, TypeIndicateur), "libelle": i.libelle, "cible": i.cible}
                    for i in (r.indicateurs.all() if r else [])
                ],
            }
        )
    return resultat


def complet(dossier: Dossier, user, decision, url: str) -> dict:
    """The whole dossier: annexe 7, its history, its avis and (not for an agent) its evaluations."""
    d = dossier
    interlocuteurs = [
        {c: getattr(d, f"interlocuteur{n}_{c}") for c in ("nom", "fonction", "telephone", "courriel")}
        for n in (1, 2, 3)
    ]
    return {
        **resume(d, decision, url),
        "chef_de_file": {
            "nom": d.nom_chef_de_file,
            "adresse": d.adresse,
            "interlocuteurs": [i for i in interlocuteurs if any(i.values())],
        },
        "territoire": {
            "perimetre": code(d.perimetre, Perimetre),
            "bassins": d.bassins,
            "pertinence_territoire": d.pertinence_territoire,
            "publics": [code(p, Public) for p in d.publics or [] if p],
            "publics_autres": d.publics_autres,
            "qpv": code(d.qpv, OuiNon),
            "zrr": code(d.zrr, OuiNon),
            "qpv_zrr_precisions": d.qpv_zrr_precisions,
            "engagement_spie": code(d.engagement_spie, EngagementSpie),
            "memes_publics": code(d.memes_publics, OuiNon),
            "memes_territoires": code(d.memes_territoires, OuiNon),
            "articulation": d.articulation,
            "cas_exceptionnel": d.cas_exceptionnel,
            "cas_exceptionnel_justification": d.cas_exceptionnel_justification,
        },
        "axes": axes(d),
        "methodologie": {
            "equipe": d.methodologie_equipe,
            "implication": d.methodologie_implication,
            "dynamique": d.methodologie_dynamique,
        },
        "engagements": [
            {"code": cle, "libelle": libelle, "pris": getattr(d, cle)}
            for cle, libelle in L.ENGAGEMENTS.items()
        ],
        "engagement_propositions": d.engagement_propositions,
        "participation_personnes": d.participation_personnes,
        "services_numeriques": {
            "personne_relais": {
                c: getattr(d, f"personne_relais_{c}") for c in ("nom", "fonction", "telephone", "courriel")
            },
            "carnet_de_bord": d.service_carnet_de_bord,
            "cartographie": d.service_cartographie,
            "data_insertion": d.service_data_insertion,
        },
        "membres": membres(d),
        "budget": budget(d),
        "pieces": [
            {
                "nature": code(p.nature, NaturePiece),
                "nom": p.nom,
                "taille": p.taille,
                "pages": p.pages,
                "deposee_le": p.depose_le,
                "departement": p.departement_id,
            }
            for p in d.pieces.all()
            if p.remplace_id is None  # a replacement still analysed is not the dossier's yet
        ],
        "historique": historique(d, user),
        "avis": avis(d),
        "evaluations": evaluations(d, user),
    }
