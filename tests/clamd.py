"""The real ClamAV daemon for the tests: Debian's ``/usr/sbin/clamd`` (``./bin/test`` installs
clamav-daemon), its configuration and socket in a temporary folder, and a local signature database — no
download is possible here — holding the EICAR test signature: the MD5 of the 68-byte EICAR file (``.hdb``)
and the EICAR string anywhere in a file (``.ndb``, offset ``*``), so that a PDF carrying it is found too.

The EICAR string is built here at run time from two halves: this source file is no signature itself.
"""

import hashlib
import socket
import subprocess
import time
from pathlib import Path

CLAMD = Path("/usr/sbin/clamd")
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Eicar-Test-Signature"


class Clamd:
    """One clamd process; ``arreter()`` and ``demarrer()`` let a test take it down and bring it back."""

    def __init__(self, dossier: Path):
        self.dossier = dossier
        self.socket = dossier / "clamd.sock"
        self.journal = dossier / "clamd.log"
        self.processus = None
        self.erreur = ""
        base = dossier / "signatures"
        base.mkdir(exist_ok=True)
        assert hashlib.md5(EICAR).hexdigest() == "44d88612fea8a8f36de82e1278abb02f"  # noqa: S324
        (base / "eicar.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{SIGNATURE}\n")  # noqa: S324
        (base / "eicar.ndb").write_text(f"{SIGNATURE}-Corps:0:*:{EICAR.hex()}\n")
        self.configuration = dossier / "clamd.conf"
        self.configuration.write_text(
            f"LocalSocket {self.socket}\n"
            f"DatabaseDirectory {base}\n"
            f"TemporaryDirectory {dossier}\n"
            f"PidFile {dossier / 'clamd.pid'}\n"
            f"LogFile {self.journal}\n"
            "Foreground yes\n"
            "LogTime yes\n"
            "StreamMaxLength 20M\n"
        )

    @property
    def actif(self) -> bool:
        return self.processus is not None and self.processus.poll() is None and self.repond()

    def repond(self) -> bool:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connexion:
                connexion.settimeout(2)
                connexion.connect(str(self.socket))
                connexion.sendall(b"nPING\n")
                return connexion.recv(16).startswith(b"PONG")
        except OSError:
            return False

    def demarrer(self, delai: float = 60) -> bool:
        if not CLAMD.exists():
            self.erreur = f"{CLAMD} est absent : installez clamav-daemon (./bin/test le fait)."
            return False
        self.processus = subprocess.Popen(  # noqa: S603
            [str(CLAMD), "-c", str(self.configuration)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            if self.processus.poll() is not None:
                sortie = self.processus.stderr.read().decode(errors="replace")
                self.erreur = f"clamd s'est arrêté (code {self.processus.returncode}) : {sortie[-2000:]}"
                self.processus.stderr.close()
                self.processus = None
                return False
            if self.repond():
                return True
            time.sleep(0.05)
        self.erreur = f"clamd ne répond pas après {delai} s"
        self.arreter()
        return False

    def arreter(self) -> None:
        if self.processus is None:
            return
        self.processus.terminate()
        try:
            self.processus.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.processus.kill()
            self.processus.wait()
        self.processus.stderr.close()
        self.processus = None
