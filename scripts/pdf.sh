#!/usr/bin/env bash
# What the invoices' PDFs (marketplace/invoicing, WeasyPrint) need from the
# system: Pango (text layout and Arabic shaping) and a font that draws both
# Latin and Arabic letters (DejaVu Sans, Debian's fonts-dejavu-core).
#
#   scripts/pdf.sh install   installs libpango-1.0-0, libpangoft2-1.0-0 and
#                            fonts-dejavu-core with apt-get (as root) when
#                            WeasyPrint cannot load Pango or no DejaVu font
#                            covers Arabic
#   scripts/pdf.sh check     says whether both are there (exit 1 if not)
#
# Without them the invoices' PDF tests fail (the rest of the site runs: only
# a PDF download loads WeasyPrint); under CI=true a failed install fails.
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
PYTHON=${PYTHON:-.venv/bin/python}
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig)

check() {
    "$PYTHON" -c "import weasyprint" >/dev/null 2>&1 || {
        echo "pdf: WeasyPrint cannot load Pango" >&2
        return 1
    }
    fc-list :lang=ar 2>/dev/null | grep -q "DejaVu Sans" || {
        echo "pdf: no DejaVu Sans font with Arabic letters (fc-list :lang=ar)" >&2
        return 1
    }
    echo "pdf: Pango and DejaVu Sans (Arabic) are there"
}

install() {
    check && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "pdf: installing ${PACKAGES[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
            "${PACKAGES[@]}" >/dev/null 2>&1 || {
            apt-get -o DPkg::Lock::Timeout=300 update -qq || true
            apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
                --no-install-recommends "${PACKAGES[@]}" >/dev/null || true
        }
    fi
    check && return 0
    if [[ ${CI:-} == true ]]; then
        echo "pdf: CI=true and ${PACKAGES[*]} could not be installed: failing." >&2
        return 1
    fi
    echo "pdf: not root (or apt-get failed): install ${PACKAGES[*]} by hand." >&2
}

case ${1:-install} in
    install) install ;;
    check) check ;;
    *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
