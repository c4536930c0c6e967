# Shared by bin/demo and bin/test: a venv of its own, the pip packages, the Debian packages.
# Usage: source bin/_bootstrap.sh; ensure_debian PKG...; ensure_venv [EXTRAS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_debian() {
  # ensure_debian COMMAND_OR_FILE:PACKAGE ... — installs the package when the command/file is missing.
  local missing=() spec probe pkg
  for spec in "$@"; do
    probe="${spec%%:*}"; pkg="${spec##*:}"
    if [[ "$probe" == /* ]]; then [ -e "$probe" ] || missing+=("$pkg")
    else command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg"); fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "Installation des paquets Debian : ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_venv() {
  local extras="${1:-}" python="${PYTHON:-}"
  if [ -z "$python" ]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        python="$candidate"; break
      fi
    done
  fi
  [ -n "$python" ] || { echo "Python 3.11 est requis (Django 5.2 LTS)." >&2; exit 1; }
  if [ ! -x "$VENV/bin/python" ]; then
    log "Création de l'environnement virtuel $VENV"
    "$python" -m venv "$VENV"
  fi
  local stamp="$VENV/.installe-$(cat pyproject.toml | sha256sum | cut -c1-16)${extras:+-$extras}"
  if [ ! -f "$stamp" ]; then
    log "Installation des paquets Python${extras:+ ($extras)}"
    "$VENV/bin/pip" install -q --disable-pip-version-check ".${extras:+[$extras]}" >"$VENV/pip.log" 2>&1 \
      || { cat "$VENV/pip.log" >&2; exit 1; }
    rm -rf build ./*.egg-info
    touch "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}
