"""The people of the load scenario (bench/charge.py), as locust users: the candidats who autosave, the
instructeur who works the queue, the one who exports, the visitor of the bare view; and what they record
for the measure (module lists, filled in place, read by bench/charge.py after each tour)."""

# locust first: it monkey-patches the standard library for gevent before anything opens a socket.
from locust import FastHttpUser, between, task  # isort: skip

import random
import re
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

import gevent
from outils import NUE
from requests.cookies import create_cookie

CHAMP = "interlocuteur1_fonction"
SAUVEGARDES = []  # (start, ms, status, bytes, cpu_us, acknowledged)
AUTRES = []  # (kind, start, ms, status, bytes)
COMPTES = []  # filled per tour: (index, session key, dossier pk)
ETAT = {}  # index → {"acquitte": token, "n": acknowledged, "apres": tokens sent since, "version0": at load}
ARRET = {"fin": False, "en_vol": 0}  # end of the tour: no new request, the ones in flight end
EXEMPLES = {}  # (kind, status) → the start of the first such answer, to say what failed
VERSION = re.compile(r'id="version-section" value="(\d+)"')


class Formulaire(HTMLParser):
    """The CSRF token of the page and what the browser's FormData takes from ``#formulaire-section``:
    named enabled fields, checked boxes and radios, selected options, textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.csrf, self.champs, self.dans = "", [], False
        self.select = self.textarea = self.option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "csrf-token":
            self.csrf = a.get("content") or ""
        if tag == "form" and a.get("id") == "formulaire-section":
            self.dans = True
        if not self.dans or "disabled" in a:
            return
        nom = a.get("name")
        if tag == "input" and nom:
            genre = (a.get("type") or "text").lower()
            if genre in ("submit", "button", "reset", "image", "file"):
                return
            if genre in ("checkbox", "radio") and "checked" not in a:
                return
            self.champs.append((nom, a.get("value") or ("on" if genre in ("checkbox", "radio") else "")))
        elif tag == "textarea" and nom:
            self.textarea = [nom, ""]
        elif tag == "select" and nom:
            self.select = {"nom": nom, "multiple": "multiple" in a, "premiere": None, "choisies": []}
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "", "selected" in a]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.dans:
            self.dans = False
        elif tag == "textarea" and self.textarea is not None:
            self.champs.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            valeur = self.option[0] if self.option[0] is not None else self.option[1].strip()
            if self.select["premiere"] is None:
                self.select["premiere"] = valeur
            if self.option[2]:
                self.select["choisies"].append(valeur)
            self.option = None
        elif tag == "select" and self.select is not None:
            choisies = self.select["choisies"]
            if not choisies and not self.select["multiple"] and self.select["premiere"] is not None:
                choisies = [self.select["premiere"]]
            self.champs.extend((self.select["nom"], v) for v in choisies)
            self.select = None


def noter(nature, debut, t0, reponse):
    duree = (time.perf_counter() - t0) * 1000
    AUTRES.append((nature, debut, duree, reponse.status_code, len(reponse.content or b"")))
    if not 200 <= reponse.status_code < 300:
        texte = (reponse.text or "") if reponse.status_code else repr(reponse.error)
        EXEMPLES.setdefault((nature, reponse.status_code), texte[:300])


def csrf_de(client, url) -> str:
    """GET ``url``: the CSRF token of its ``<meta name="csrf-token">`` (the cookie is in the jar)."""
    page = client.get(url)
    cookies_sur_http(client)
    lecteur = Formulaire()
    lecteur.feed(page.text or "")
    noter("page", time.time(), time.perf_counter(), page)
    return lecteur.csrf


def cookies_sur_http(client):
    """The production cookies are ``Secure``; here the server is reached over plain HTTP on 127.0.0.1
    (no TLS proxy): the jar sends them back all the same, as the browser would over HTTPS. After every
    answer that may set them (Django sends the CSRF cookie again with each page that uses it)."""
    for cookie in list(client.cookiejar):
        if cookie.secure:
            cookie.secure = False


def _connecter(client, cle):
    client.cookiejar.set_cookie(create_cookie("sessionid", cle, domain="127.0.0.1", path="/"))


class Candidat(FastHttpUser):
    wait_time = between(4, 6)
    fixed_count = 0  # set by main()

    def on_start(self):
        self.index, cle, pk = COMPTES.pop()
        _connecter(self.client, cle)
        self.url = f"/candidatures/{pk}/chef_de_file/"
        gevent.sleep(random.uniform(0, 5))  # noqa: S311 (jitter)
        page = self.client.get(self.url)
        while not (page.status_code == 200 and page.text):  # a page that timed out: loaded again
            noter("page", time.time(), time.perf_counter(), page)
            gevent.sleep(2)
            page = self.client.get(self.url)
        cookies_sur_http(self.client)
        noter("page", time.time(), time.perf_counter(), page)
        lecteur = Formulaire()
        lecteur.feed(page.text)
        champs = [(n, v) for n, v in lecteur.champs if n != "csrfmiddlewaretoken"]
        assert any(n == CHAMP for n, _ in champs) and lecteur.csrf, (page.status_code, self.url)
        self.csrf, self.champs = lecteur.csrf, champs
        self.version = dict(champs)["version"]
        self.n = 0
        ETAT[self.index] = {"acquitte": None, "n": 0, "apres": [], "version0": int(self.version)}

    @task
    def autosave(self):
        if ARRET["fin"]:
            gevent.sleep(1)
            return
        self.n += 1
        jeton = f"banc-{self.index}-{self.n}"
        paires = [
            (nom, jeton if nom == CHAMP else (self.version if nom == "version" else valeur))
            for nom, valeur in self.champs
        ]
        paires += [("_autosave", "1"), ("_champ", CHAMP), ("_lignes", "")]
        ETAT[self.index]["apres"].append(jeton)
        debut = time.time()
        t0 = time.perf_counter()
        ARRET["en_vol"] += 1
        reponse = self.client.post(
            self.url,
            data=urlencode(paires),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                "HX-Request": "true",
                "HX-Current-URL": f"{self.host}{self.url}",
                "X-CSRFToken": self.csrf,
            },
            name="autosave",
        )
        ARRET["en_vol"] -= 1
        cookies_sur_http(self.client)
        duree = (time.perf_counter() - t0) * 1000
        texte = reponse.text or "" if reponse.status_code else ""
        trouvee = VERSION.search(texte)
        acquitte = reponse.status_code == 200 and trouvee and int(trouvee.group(1)) > int(self.version)
        if acquitte:
            self.version = trouvee.group(1)
            ETAT[self.index].update(acquitte=jeton, n=ETAT[self.index]["n"] + 1, apres=[])
        if not 200 <= reponse.status_code < 300:
            EXEMPLES.setdefault(("autosave", reponse.status_code), texte[:300] or repr(reponse.error))
        cpu = int(reponse.headers.get("X-Banc-CPU-us", "0") or 0) if reponse.headers else 0
        SAUVEGARDES.append((debut, duree, reponse.status_code, len(reponse.content or b""), cpu, acquitte))


class Instructeur(FastHttpUser):
    wait_time = between(1.5, 2.5)
    fixed_count = 1
    cle, dossiers = "", []

    def on_start(self):
        _connecter(self.client, self.cle)

    @task
    def file(self):
        for nature, url in (
            ("file", "/instruction/"),
            ("fiche", f"/instruction/dossiers/{random.choice(self.dossiers)}/"),  # noqa: S311
        ):
            debut, t0 = time.time(), time.perf_counter()
            reponse = self.client.get(url, name=nature)
            noter(nature, debut, t0, reponse)


class Exportateur(FastHttpUser):
    """Asks for the XLSX workbook of every deposited dossier as the exports page does (POST
    ``format=xlsx`` to ``exports:demander``, then the page it redirects to); with REDIS_URL the
    celery worker this script starts writes it, without it the request itself does (tasks inline)."""

    wait_time = between(5, 10)
    fixed_count = 1
    cle = ""
    network_timeout = 300

    def on_start(self):
        _connecter(self.client, self.cle)
        self.csrf = csrf_de(self.client, "/exports/")

    @task
    def export(self):
        debut, t0 = time.time(), time.perf_counter()
        reponse = self.client.post(
            "/exports/fichiers/",
            data=urlencode([("csrfmiddlewaretoken", self.csrf), ("format", "xlsx")]),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{self.host}/exports/"},
            name="export",
        )
        cookies_sur_http(self.client)  # the page it redirects to sends the CSRF cookie again
        noter("export", debut, t0, reponse)


class Visiteur(FastHttpUser):
    wait_time = between(0.5, 1.5)
    fixed_count = 1

    @task
    def nue(self):
        debut, t0 = time.time(), time.perf_counter()
        reponse = self.client.get(NUE, name="nue")
        noter("nue", debut, t0, reponse)
