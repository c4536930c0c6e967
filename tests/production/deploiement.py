"""How the smoke suite deploys the portal (tests/production/conftest.py): the PostgreSQL server and its
databases, the commands of a deployment, the static files collected once per version, the self-signed
certificate, nginx's configuration (the README's server blocks), the processes and the e-mails they send."""

import email
import email.policy
import hashlib
import os
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import processus
from tests.processus import arreter, port_libre  # noqa: F401 — the suite's, re-exported

RACINE = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # gunicorn and celery of the venv
NGINX = Path("/usr/sbin/nginx")  # Debian's, the HTTPS proxy in front of gunicorn (./bin/test installs it)
MOT_DE_PASSE = "demo-ami-spie-2021"  # demo/management/commands/demo.py
# A Redis database of the smoke suite's own, emptied at the start (never FLUSHALL): the worker of
# tests/conftest.py uses REDIS_URL's.
STATIQUES = RACINE / "test-artifacts" / "statiques-production"
REDIS_PRODUCTION = os.environ.get("AMI_PRODUCTION_REDIS_URL", "redis://127.0.0.1:6379/5")
# What the environment of the test run may hold and the portal's processes must not inherit.
ENV_EXCLU = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "STATIC_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "DERRIERE_PROXY",
    "SECURE_SSL_REDIRECT",
    "CSRF_TRUSTED_ORIGINS",
}


def serveur_postgres() -> dict:
    """The PostgreSQL server of the test run (DATABASE_URL), or the machine's (127.0.0.1:5432)."""
    adresse = urlsplit(os.environ.get("DATABASE_URL", ""))
    if adresse.scheme.startswith("postgres"):
        return {
            "host": adresse.hostname or "127.0.0.1",
            "port": adresse.port or 5432,
            "user": adresse.username or "postgres",
            "password": adresse.password or "",
        }
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}


def sql_admin(serveur: dict, requete: str) -> None:
    import psycopg2

    connexion = psycopg2.connect(dbname="postgres", connect_timeout=5, **serveur)
    connexion.autocommit = True
    try:
        with connexion.cursor() as curseur:
            curseur.execute(requete)
    finally:
        connexion.close()


def executer(commande: list[str], env: dict, journal: Path, delai: float) -> None:
    with journal.open("ab") as sortie:
        resultat = subprocess.run(  # noqa: S603
            commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, timeout=delai
        )
    if resultat.returncode != 0:
        pytest.fail(f"{' '.join(commande)} a échoué ({resultat.returncode}) :\n{journal.read_text()[-4000:]}")


def empreinte_statiques() -> str:
    """What collectstatic reads: every file the finders list (path, size, modification time), and the
    versions of Django and whitenoise, which write the collected files."""
    from importlib.metadata import version

    from django.contrib.staticfiles.finders import get_finders

    empreinte = hashlib.sha256(f"{version('django')} {version('whitenoise')}".encode())
    for finder in get_finders():
        for chemin, stockage in finder.list([]):
            etat = os.stat(stockage.path(chemin))
            empreinte.update(f"{chemin}\0{etat.st_size}\0{etat.st_mtime_ns}\n".encode())
    return empreinte.hexdigest()[:16]


def certificat(dossier: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl, as an operator would make one)."""
    cle, cert = dossier / "cle.pem", dossier / "cert.pem"
    subprocess.run(  # noqa: S603
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(cle),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, cle


def attendre_http(url: str, processus: dict, journaux: dict, delai: float = 90) -> None:
    """Until ``url`` answers 200 (nginx answers 502 while gunicorn starts), or one of ``processus`` ends."""
    contexte = ssl.create_default_context()
    contexte.check_hostname = False
    contexte.verify_mode = ssl.CERT_NONE
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        for nom, un in processus.items():
            if un.poll() is not None:
                journal = journaux[nom].read_text(errors="replace")[-4000:]
                pytest.fail(f"{nom} s'est arrêté ({un.returncode}) :\n{journal}")
        try:
            with urllib.request.urlopen(url, timeout=5, context=contexte) as reponse:  # noqa: S310
                if reponse.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    derniers = {nom: journaux[nom].read_text(errors="replace")[-2000:] for nom in processus}
    pytest.fail(f"{url} ne répond pas après {delai} s :\n{derniers}")


def configuration_nginx(portail) -> Path:
    """The README's server blocks (« Mise en production »), on the test's ports: HTTP redirected to HTTPS,
    TLS with the test's certificate, the body bounded, X-Forwarded-Proto replaced. ``Host`` passes the
    port too (``$http_host``: the same as the README's ``$host`` on port 443), for the links the portal
    builds. Everything nginx writes stays in the test's folder."""
    dossier, ports = portail.dossier, portail.ports
    cert, cle = certificat(dossier)
    temporaires = "\n".join(
        f"    {nom}_temp_path {dossier / ('nginx-' + nom)};"
        for nom in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    configuration = dossier / "nginx.conf"
    configuration.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {dossier / "nginx.pid"};
error_log {portail.journaux["nginx"]} warn;
events {{ worker_connections 256; }}
http {{
    access_log {dossier / "nginx-acces.log"};
{temporaires}
    types {{ text/html html; text/css css; application/javascript js; }}
    server {{
        listen 127.0.0.1:{ports["http"]};
        return 301 https://$host:{ports["https"]}$request_uri;
    }}
    server {{
        listen 127.0.0.1:{ports["https"]} ssl http2;
        ssl_certificate     {cert};
        ssl_certificate_key {cle};
        client_max_body_size 11m;
        location / {{
            proxy_pass http://127.0.0.1:{ports["gunicorn"]};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 75s;
            proxy_max_temp_file_size 4096m;
        }}
    }}
}}
""")
    return configuration


def lancer(commande: list[str], env: dict, journal: Path) -> subprocess.Popen:
    return processus.lancer(commande, env, journal, cwd=RACINE)


@dataclass
class Courriels:
    """The e-mails the portal sent (django's file backend: one file per connection)."""

    dossier: Path

    def tous(self) -> list[email.message.EmailMessage]:
        messages = []
        for fichier in sorted(self.dossier.glob("*.log")):
            for bloc in fichier.read_bytes().split(b"-" * 79):
                if bloc.strip():
                    messages.append(email.message_from_bytes(bloc.lstrip(), policy=email.policy.default))
        return messages

    def attendre(self, condition, delai: float = 30):
        """The first e-mail for which ``condition(message)`` holds, waited for (the worker sends them)."""
        fin = time.monotonic() + delai
        while True:
            trouves = [m for m in self.tous() if condition(m)]
            if trouves or time.monotonic() > fin:
                return trouves[0] if trouves else None
            time.sleep(0.2)


@dataclass
class Portail:
    url: str
    env: dict
    dossier: Path
    courriels: Courriels
    journaux: dict = field(default_factory=dict)
    gunicorn_conf: bool = False
    durees: dict = field(default_factory=dict)  # seconds of each step of the start
    ports: dict = field(default_factory=dict)

    def journal(self, nom: str) -> str:
        return self.journaux[nom].read_text(errors="replace") if nom in self.journaux else ""
