"""The API's documentation page, rendered by the portal from the OpenAPI document itself (DSFR, in
French, nothing loaded from a CDN): each operation, its parameters, its answers, and each JSON model.

django-ninja ships Swagger UI's files, but serves them only when ``ninja`` is an installed app (else it
loads them from a CDN): this page needs neither."""

import re

from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from ninja.openapi.docs import DocsBase

TYPES = {
    "string": "chaîne",
    "integer": "entier",
    "number": "nombre",
    "boolean": "booléen",
    "object": "objet",
    "null": "null",
}
FORMATS = {"date-time": "date et heure ISO 8601", "date": "date ISO 8601 (AAAA-MM-JJ)"}
METHODES = ("get", "post", "put", "patch", "delete")


def en_html(texte: str):
    """Plain text with `code` spans (the descriptions of the OpenAPI document) as HTML, every part
    escaped: ``re.split`` puts the text between backticks at the odd places."""
    morceaux = re.split(r"`([^`]+)`", texte)
    return format_html_join(
        "", "{}", ((format_html("<code>{}</code>", m) if i % 2 else m,) for i, m in enumerate(morceaux))
    )


def type_de(schema: dict):
    """A JSON Schema as French HTML: « liste de <a>Membre</a> », « chaîne ou null »…"""
    if "$ref" in schema:
        nom = schema["$ref"].rsplit("/", 1)[-1]
        return format_html('<a href="#modele-{}">{}</a>', nom, nom)
    for cle in ("anyOf", "oneOf", "allOf"):
        if cle in schema:
            return format_html_join(" ou ", "{}", ((type_de(s),) for s in schema[cle]))
    if schema.get("type") == "array":
        return format_html("liste de {}", type_de(schema.get("items", {})))
    if "enum" in schema or "const" in schema:
        valeurs = schema.get("enum", [schema.get("const")])
        return format_html("une valeur parmi : {}", ", ".join(map(str, valeurs)))
    texte = TYPES.get(schema.get("type"), schema.get("type") or "valeur")
    if schema.get("format") in FORMATS:
        texte = FORMATS[schema["format"]]
    if "pattern" in schema:
        return format_html("{} (motif <code>{}</code>)", texte, schema["pattern"])
    return texte


def bornes(schema: dict) -> str:
    parties = []
    if "minimum" in schema:
        parties.append(f"au moins {schema['minimum']}")
    if "maximum" in schema:
        parties.append(f"au plus {schema['maximum']}")
    if "default" in schema and schema["default"] is not None:
        parties.append(f"par défaut {schema['default']}")
    return ", ".join(parties)


def operations(document: dict) -> list[dict]:
    resultat = []
    for chemin, methodes in document.get("paths", {}).items():
        for methode in METHODES:
            op = methodes.get(methode)
            if op is None:
                continue
            reponses = []
            for code, reponse in sorted(op.get("responses", {}).items(), key=lambda r: str(r[0])):
                contenu = reponse.get("content", {}).get("application/json", {}).get("schema")
                entetes = ", ".join(reponse.get("headers", {}))
                reponses.append(
                    {
                        "code": code,
                        "description": reponse.get("description", ""),
                        "corps": type_de(contenu) if contenu else "",
                        "entetes": entetes,
                    }
                )
            resultat.append(
                {
                    "ancre": op.get("operationId", chemin),
                    "methode": methode.upper(),
                    "chemin": chemin,
                    "resume": op.get("summary") or "",
                    "description": en_html(op.get("description", "")),
                    "parametres": [
                        {
                            "nom": p["name"],
                            "emplacement": {"query": "requête", "path": "chemin"}.get(p["in"], p["in"]),
                            "type": type_de(p.get("schema", {})),
                            "bornes": bornes(p.get("schema", {})),
                            "obligatoire": p.get("required", False),
                            "description": en_html(p.get("description", "")),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "reponses": reponses,
                }
            )
    return resultat


def modeles(document: dict) -> list[dict]:
    resultat = []
    for nom, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        requis = set(schema.get("required", []))
        proprietes = [
            {
                "nom": cle,
                "type": type_de(detail),
                "obligatoire": cle in requis,
                "description": en_html(detail.get("description", "")),
            }
            for cle, detail in schema.get("properties", {}).items()
        ]
        resultat.append({"nom": nom, "description": schema.get("description", ""), "proprietes": proprietes})
    return resultat


class DocumentationDsfr(DocsBase):
    def render_page(self, request, api, **kwargs):
        document = api.get_openapi_schema(path_params=kwargs)
        info = document["info"]
        contexte = {
            "titre": info["title"],
            "version": info["version"],
            "paragraphes": [en_html(p.replace("\n", " ")) for p in info.get("description", "").split("\n\n")],
            "url_openapi": self.get_openapi_url(api, kwargs),
            "operations": operations(document),
            "modeles": modeles(document),
        }
        return render(request, "api/documentation.html", contexte)
