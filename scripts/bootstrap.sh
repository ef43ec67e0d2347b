#!/usr/bin/env bash
# Create the virtual environment .venv and install the pinned requirements plus the
# `widgets` package (editable). Called by `make`; safe to rerun. Says what is missing.
set -euo pipefail
PY="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

if ! command -v "$PY" >/dev/null 2>&1; then
  echo "ERROR: '$PY' not found. Install Python 3.11: apt-get install -y python3 python3-venv" >&2
  exit 1
fi
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "ERROR: Python's venv module (with ensurepip) is missing, so the virtual environment cannot be made." >&2
  echo "       Fix: apt-get install -y python3-venv   (then run the same make command again)" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV"
  "$PY" -m venv "$VENV"
fi
echo "==> installing pinned requirements into $VENV (first time: a few minutes)"
if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt; then
  echo "ERROR: installing requirements.txt failed." >&2
  echo "       Most likely the package registry (PyPI) cannot be reached from this machine." >&2
  echo "       Check the network or proxy settings (pip config list), then run the same make command again." >&2
  exit 1
fi
if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . ; then
  echo "ERROR: installing the course package 'widgets' (pip install -e .) failed; see the message above." >&2
  exit 1
fi
"$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
echo "==> environment ready: $VENV"
