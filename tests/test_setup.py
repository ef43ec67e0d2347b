"""Set-up fails loudly and helpfully: no venv module, no package registry, a broken TOC.

These run ``scripts/bootstrap.sh`` and ``scripts/check_toc.py`` the way ``make`` does, in
temporary folders, so nothing in the checkout is touched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"


def _run_bootstrap(tmp_path: Path, **env_overrides: str) -> subprocess.CompletedProcess:
    """Run bootstrap.sh from a scratch copy of the files it reads."""
    work = tmp_path / "checkout"
    work.mkdir()
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, work / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(env_overrides)
    return subprocess.run(
        ["bash", str(BOOTSTRAP)], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )


def test_missing_python_is_named(tmp_path):
    result = _run_bootstrap(tmp_path, PYTHON=str(tmp_path / "no-such-python"))
    assert result.returncode != 0
    assert "not found" in result.stderr
    assert "apt-get install" in result.stderr


def test_missing_venv_module_says_how_to_fix(tmp_path):
    # A stand-in interpreter whose `import venv, ensurepip` fails, as on Debian without python3-venv.
    fake = tmp_path / "python-without-venv"
    fake.write_text(
        "#!/bin/sh\n"
        "# pretend ensurepip is missing; any other call is passed to the real interpreter\n"
        'case "$*" in *ensurepip*) echo "No module named ensurepip" >&2; exit 1;; esac\n'
        f'exec "{sys.executable}" "$@"\n'
    )
    fake.chmod(0o755)
    result = _run_bootstrap(tmp_path, PYTHON=str(fake))
    assert result.returncode != 0
    assert "python3-venv" in result.stderr
    assert not (tmp_path / "checkout" / ".venv").exists(), "nothing should be created"


def test_unreachable_registry_is_explained(tmp_path):
    # No pip config files, an index on a closed local port, no retries: pip must fail fast,
    # and the script must turn that into a message about the registry.
    result = _run_bootstrap(
        tmp_path,
        PYTHON=sys.executable,
        PIP_CONFIG_FILE=os.devnull,
        PIP_INDEX_URL="http://127.0.0.1:9/simple",
        PIP_RETRIES="0",
        PIP_TIMEOUT="3",
        PIP_NO_CACHE_DIR="1",
    )
    assert result.returncode != 0
    assert "package registry" in result.stderr
    assert "requirements.txt" in result.stderr


def test_toc_entry_naming_a_missing_file_is_reported_by_name(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "intro.md").write_text("# Intro\n")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/no-such-chapter\n"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_toc.py")],
        cwd=book, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "chapters/no-such-chapter" in (result.stdout + result.stderr)


def test_current_toc_passes_the_check():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_toc.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ["requirements.txt"])
def test_requirements_are_pinned(path):
    lines = [
        ln.strip() for ln in (ROOT / path).read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert lines, "requirements.txt is empty"
    unpinned = [ln for ln in lines if "==" not in ln]
    assert not unpinned, f"unpinned requirements: {unpinned}"
    assert any(ln.lower().startswith("jupyter-book==1.0.4.post1") for ln in lines)
