"""The Colab copy runs where the course is not installed: its first cell clones the course from
a (here local) repository URL, installs exactly what the chapter needs at the pinned versions,
and the whole copy then executes in a scratch environment that has only a kernel and
ipywidgets 7.7.x, Colab's line.

Slow (about two minutes; pip's cache is reused), but ``make test`` runs it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_notebooks  # noqa: E402

COPY = ROOT / "notebooks" / "chapters" / "01-origins.ipynb"
IPYWIDGETS_COLAB = "ipywidgets==7.7.5"


def _local_origin(dest: Path) -> str:
    """A git repository holding the working tree as it is now (committed or not); its URL."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file() and not name.startswith(("notebooks/", "tests/vendor/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@localhost", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*git, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], cwd=dest, check=True)
    return dest.as_uri()


@pytest.mark.slow
def test_colab_copy_runs_from_a_clone_url_with_ipywidgets_7(tmp_path, monkeypatch):
    origin = tmp_path / "origin"
    url = _local_origin(origin)
    branch = make_notebooks.repository(ROOT)[1]
    subprocess.run(["git", "branch", "-M", branch], cwd=origin, check=True)

    # A scratch environment like a fresh Colab runtime: a kernel and ipywidgets 7.7, no course.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pins = make_notebooks._pins(ROOT)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    f"ipykernel=={pins['ipykernel']}", IPYWIDGETS_COLAB], check=True)
    kernels = tmp_path / "jupyter" / "kernels" / "scratch"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(py), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "scratch", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    for var in ("PYTHONPATH", "VIRTUAL_ENV", "COURSE_BUILD", "COURSE_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)

    nb = nbformat.read(COPY, as_version=4)
    setup = nb.cells[0].source
    assert 'REPO_URL = ""' in setup or "REPO_URL = " in setup
    nb.cells[0].source = re.sub(r'^REPO_URL = ".*?"', f'REPO_URL = "{url}"', setup, flags=re.MULTILINE)
    work = tmp_path / "work"
    work.mkdir()
    client = NotebookClient(nb, kernel_name="scratch", timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(work)}})
    client.execute()

    assert (work / "course" / "widgets" / "data.py").is_file(), "the first cell did not clone the course"
    first = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert "Course installed from" in first
    freeze = subprocess.run([str(py), "-m", "pip", "freeze"], capture_output=True, text=True).stdout.lower()
    assert "ipywidgets==7.7.5" in freeze, "the set-up cell replaced Colab's ipywidgets"
    for need in re.search(r"^NEEDS = (\[.*?\])", setup, re.MULTILINE).group(1).strip("[]").split(", "):
        assert need.strip("'").lower() in freeze, f"{need} not installed at its pin"
    explorer_cells = [c for c in nb.cells if c.cell_type == "code" and "explorer()" in c.source]
    views = [o for c in explorer_cells for o in c.outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "no explorer displayed a live widget under ipywidgets 7.7"
