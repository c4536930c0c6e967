"""Issue 12 item 7, the failures seen, each through the real views (PostgreSQL in ./bin/test): a NUL
byte in an answer (500 on PostgreSQL, stored on SQLite), « nombre de personnes » = 2 147 483 648 (500)
and 2^63 (OverflowError), a text longer than its column (500), a body over the upload limit (Django's
English 400 page), an answer of any length (a 190-page PDF)."""

import pytest
from django.urls import reverse

from budget.models import LigneDepense, LigneFinancement
from candidatures.models import Dossier, ReponseAxe
from consortium.models import Membre
from tests.saisie.hostile import corps, erreurs_du_champ, page, valeur_affichee

pytestmark = pytest.mark.django_db
URLENCODE = "application/x-www-form-urlencoded"
ENTIER = "Saisissez un nombre entier compris entre 0 et 2\u202f147\u202f483\u202f647."


def _poster(client, dossier, section, autosave=False, **champs):
    """The section posted as the page posts it (url-encoded bytes: a lone surrogate goes as invalid
    UTF-8), with the button or by the autosave."""
    paires = [("version", str(Dossier.objects.get(pk=dossier.pk).version(section))), *champs.items()]
    entetes = {}
    if autosave:
        paires.append(("_autosave", "1"))
        entetes["HX-Request"] = "true"
    url = reverse("candidatures:section", args=[dossier.pk, section])
    return client.post(url, corps(paires), content_type=URLENCODE, headers=entetes)


@pytest.mark.parametrize("autosave", [False, True], ids=["enregistrer", "autosave"])
def test_item7_nul_dans_une_reponse_est_retire_avant_l_enregistrement(client_candidat, brouillon, autosave):
    reponse = _poster(
        client_candidat,
        brouillon,
        "chef_de_file",
        autosave,
        adresse="51 rue\x00 Gustave Delory\r\n59047 Lille",
        nom_chef_de_file="\x00Département du Nord\x00",
    )
    assert reponse.status_code == (200 if autosave else 302)
    dossier = Dossier.objects.get(pk=brouillon.pk)
    assert dossier.adresse == "51 rue Gustave Delory\n59047 Lille"  # line break as the person sees it
    assert dossier.nom_chef_de_file == "Département du Nord"


def test_item7_nul_retire_dans_les_lignes_et_les_axes(client_candidat, brouillon):
    membre = Membre.objects.filter(dossier=brouillon).first()
    reponse = _poster(
        client_candidat, brouillon, "consortium", **{f"membre-{membre.pk}-structure": "CCAS\x00"}
    )
    assert reponse.status_code == 302
    assert Membre.objects.get(pk=membre.pk).structure == "CCAS"
    reponse = _poster(
        client_candidat, brouillon, "axe_1", objectifs="\x00\x0bOrienter\x1f chaque allocataire"
    )
    assert reponse.status_code == 302
    assert ReponseAxe.objects.get(dossier=brouillon, axe=1).objectifs == "Orienter chaque allocataire"


def test_item7_surrogate_isole_ne_casse_rien(client_candidat, brouillon):
    # On the wire, invalid UTF-8 (what a lone surrogate would be): the server reads U+FFFD, stores it.
    reponse = _poster(client_candidat, brouillon, "axe_4", methodologie_equipe="Équipe \ud800 d’animation")
    assert reponse.status_code == 302
    assert Dossier.objects.get(pk=brouillon.pk).methodologie_equipe == "Équipe \ufffd\ufffd\ufffd d’animation"


def test_item7_surrogate_isole_retire_par_le_formulaire(brouillon):
    """A form given text straight from Python (an import, a JSON body) never sees a lone surrogate."""
    from candidatures.forms import Axe4Form

    form = Axe4Form({"methodologie_equipe": "Équipe \udfff d’animation\x00"}, instance=brouillon)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["methodologie_equipe"] == "Équipe  d’animation"


@pytest.mark.parametrize("nombre", ["2147483648", str(2**63), str(10**40), "-1"])
@pytest.mark.parametrize("autosave", [False, True], ids=["enregistrer", "autosave"])
def test_item7_entier_hors_limite(client_candidat, brouillon, nombre, autosave):
    ReponseAxe.objects.filter(dossier=brouillon, axe=1).update(nombre_personnes=1500)
    reponse = _poster(client_candidat, brouillon, "axe_1", autosave, nombre_personnes=nombre, public="RSA")
    assert reponse.status_code == 200
    doc = page(reponse.content)
    assert erreurs_du_champ(doc, "id_nombre_personnes") == ENTIER
    if not autosave:
        assert valeur_affichee(doc, "nombre_personnes") == nombre  # kept in the page as typed
    reponse_axe = ReponseAxe.objects.get(dossier=brouillon, axe=1)
    assert reponse_axe.nombre_personnes == 1500  # not stored, the rest is
    assert reponse_axe.public == "RSA"


@pytest.mark.parametrize(
    ("tape", "message"),
    [
        ("NaN", "Saisissez un nombre."),
        ("inf", "Saisissez un nombre."),
        ("1e400", "Ce nombre est hors limites : entre -999,99 et 999,99."),
        ("10^40", "Saisissez un nombre."),
        ("1" + "0" * 40, "Ce nombre est hors limites : entre -999,99 et 999,99."),
    ],
)
def test_item7_nan_infini_et_puissances_refuses_en_francais(client_candidat, brouillon, tape, message):
    reponse = _poster(client_candidat, brouillon, "axe_1", part_population=tape)
    doc = page(reponse.content)
    assert reponse.status_code == 200
    assert message in erreurs_du_champ(doc, "id_part_population")
    assert valeur_affichee(doc, "part_population") == tape
    assert ReponseAxe.objects.get(dossier=brouillon, axe=1).part_population is None


def test_item7_montant_hors_limite_de_sa_colonne(client_candidat, brouillon):
    ligne = LigneFinancement.objects.get(dossier=brouillon)
    reponse = _poster(client_candidat, brouillon, "budget", **{f"financement-{ligne.pk}-montant": "1e12"})
    assert reponse.status_code == 200
    erreur = erreurs_du_champ(page(reponse.content), f"id_financement-{ligne.pk}-montant")
    limite = "9\u202f999\u202f999\u202f999,99"
    assert erreur == f"Ce nombre est hors limites : entre -{limite} et {limite}."


def test_item7_cout_calcule_hors_limite_de_sa_colonne(client_candidat, brouillon):
    """Each factor fits its column, their product does not fit the coût's: refused, nothing stored."""
    ligne = LigneDepense.objects.filter(dossier=brouillon).first()
    champs = {f"depense-{ligne.pk}-nombre_unites": "1000000", f"depense-{ligne.pk}-cout_unitaire": "20000"}
    reponse = _poster(client_candidat, brouillon, "budget", **champs)
    assert reponse.status_code == 200
    doc = page(reponse.content)
    assert "dépasserait 10\u202f000\u202f000\u202f000 €" in erreurs_du_champ(
        doc, f"id_depense-{ligne.pk}-montant"
    )
    assert valeur_affichee(doc, f"depense-{ligne.pk}-nombre_unites") == "1000000"
    ligne.refresh_from_db()
    assert (ligne.nombre_unites, ligne.cout_unitaire, ligne.montant) == (None, None, None)


@pytest.mark.parametrize("autosave", [False, True], ids=["enregistrer", "autosave"])
def test_item7_texte_trop_long_pour_sa_colonne(client_candidat, brouillon, autosave):
    """« Nom du chef de file » holds 200 characters (a 500 on PostgreSQL before): refused, kept typed."""
    reponse = _poster(client_candidat, brouillon, "chef_de_file", autosave, nom_chef_de_file="N" * 201)
    assert reponse.status_code == 200
    doc = page(reponse.content)
    assert erreurs_du_champ(doc, "id_nom_chef_de_file") == "200 caractères au plus : ce texte en compte 201."
    assert Dossier.objects.get(pk=brouillon.pk).nom_chef_de_file == brouillon.nom_chef_de_file


def test_item7_reponse_plafonnee_avec_compteur(client_candidat, brouillon):
    """A long answer holds 5 000 characters: one more is refused with a French error, the text stays
    whole in the page (no maxlength cuts it), the stored answer is the previous one."""
    _poster(client_candidat, brouillon, "axe_2", actions="Première version.")
    reponse = _poster(client_candidat, brouillon, "axe_2", actions="é" * 5001)
    assert reponse.status_code == 200
    doc = page(reponse.content)
    assert (
        erreurs_du_champ(doc, "id_actions")
        == "5\u202f000 caractères au plus : ce texte en compte 5\u202f001."
    )
    assert valeur_affichee(doc, "actions") == "é" * 5001
    (zone,) = doc.xpath("//textarea[@name='actions']")
    assert zone.get("data-max-caracteres") == "5000" and zone.get("maxlength") is None
    assert ReponseAxe.objects.get(dossier=brouillon, axe=2).actions == "Première version."
    assert 'src="/static/ami/compteur.js"' in reponse.content.decode()


def test_item7_reponse_au_plafond_acceptee(client_candidat, brouillon):
    """Exactly 5 000 characters, line breaks counted once (a browser sends them as CR LF)."""
    texte = ("Une ligne de neuf mots pour compter les caractères.\n" * 100)[:4999] + "."
    assert len(texte) == 5000 and len(texte.replace("\n", "\r\n")) > 5000
    reponse = _poster(client_candidat, brouillon, "axe_2", actions=texte.replace("\n", "\r\n"))
    assert reponse.status_code == 302
    assert ReponseAxe.objects.get(dossier=brouillon, axe=2).actions == texte


@pytest.mark.parametrize("autosave", [False, True], ids=["enregistrer", "autosave"])
def test_item7_snan_dans_une_ligne_de_budget(client_candidat, brouillon, autosave):
    """Django's DecimalField reads « sNaN » and compares it when it checks the row changed:
    InvalidOperation, a 500. Refused as « Saisissez un nombre. »."""
    ligne = LigneDepense.objects.filter(dossier=brouillon).first()
    reponse = _poster(
        client_candidat, brouillon, "budget", autosave, **{f"depense-{ligne.pk}-montant": "sNaN"}
    )
    assert reponse.status_code == 200
    assert "Saisissez un nombre." in erreurs_du_champ(page(reponse.content), f"id_depense-{ligne.pk}-montant")


def test_item7_formset_au_total_de_formulaires_geant(client, administrateur):
    """« TOTAL_FORMS » = 10^40 made Django build 2 000 forms of the grid (a minute for one request): the
    formset builds the rows its page shows, the stored criteria and one new."""
    from ami.models import Critere

    client.force_login(administrateur)
    url = reverse("ami:grille")
    formset = client.get(url).context["formset"]
    donnees = {f"criteres-{k}": v for k, v in formset.management_form.initial.items()}
    donnees["criteres-TOTAL_FORMS"] = str(10**40)
    reponse = client.post(url, donnees)
    assert reponse.status_code == 422
    assert len(reponse.context["formset"].forms) == Critere.objects.count() + 1
