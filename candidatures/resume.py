"""The whole dossier as label/value pairs, in the order of annexe 7: the summary before dépôt, the
récépissé, and later the instruction's read-only view and the PDF."""

from candidatures import libelles as L
from candidatures.forms import Axe4Form, AxeForm, ChefDeFileForm, EngagementsForm, TerritoireForm
from candidatures.models import ReponseAxe, Section
from candidatures.sections import _valeur_affichee


def _paires(form, noms=None):
    return [(form.fields[nom].label, _valeur_affichee(form, nom)) for nom in (noms or form.fields)]


def resume(donnees) -> list[dict]:
    dossier = donnees.dossier
    blocs = [{"section": Section.CHEF_DE_FILE, "titre": Section.CHEF_DE_FILE.label, "paires": []}]
    chef = ChefDeFileForm(instance=dossier)
    blocs[0]["paires"] = _paires(chef, ["nom_chef_de_file", "adresse"])
    for n in (1, 2, 3):
        paires = _paires(
            chef, [f"interlocuteur{n}_{c}" for c in ("nom", "fonction", "telephone", "courriel")]
        )
        if any(v for _, v in paires):
            blocs[0]["paires"] += [(f"Interlocuteur {n} — {libelle}", valeur) for libelle, valeur in paires]
    blocs.append(
        {"section": Section.CONSORTIUM, "titre": Section.CONSORTIUM.label, "membres": True, "paires": []}
    )
    territoire = TerritoireForm(instance=dossier, departements_choisis=donnees.departements)
    paires = _paires(territoire)
    blocs.append({"section": Section.TERRITOIRE, "titre": Section.TERRITOIRE.label, "paires": paires})
    for axe in (1, 2, 3):
        reponse = donnees.axes.get(axe) or ReponseAxe(dossier=dossier, axe=axe)
        form = AxeForm(instance=reponse)
        indicateurs = "\n".join(
            f"{i.libelle}"
            + (
                f" ({i.get_type_display().lower()}" + (f", cible : {i.cible})" if i.cible else ")")
                if i.type
                else ""
            )
            for i in donnees.indicateurs(axe)
        )
        paires = _paires(form, [f.name for f in form.champs_avant_indicateurs()])
        paires.append((L.QUESTIONS["indicateurs"], indicateurs))
        paires += _paires(form, [f.name for f in form.champs_apres_indicateurs() + form.champs_en_plus()])
        blocs.append({"section": f"axe_{axe}", "titre": L.AXES[axe], "paires": paires})
    blocs.append({"section": Section.AXE_4, "titre": L.AXE_4, "paires": _paires(Axe4Form(instance=dossier))})
    blocs.append(
        {
            "section": Section.ENGAGEMENTS,
            "titre": Section.ENGAGEMENTS.label,
            "paires": _paires(EngagementsForm(instance=dossier)),
        }
    )
    blocs.append({"section": Section.BUDGET, "titre": Section.BUDGET.label, "budget": True, "paires": []})
    blocs.append({"section": Section.PIECES, "titre": Section.PIECES.label, "pieces": True, "paires": []})
    return blocs
