"""Every chapter notebook ran cleanly in the (clean, strict) book build, jupytext reads every
MyST notebook, and the generated ``notebooks/*.ipynb`` copies are in sync.

The build already executed each notebook (``_build/jupyter_execute/``), so this reads those
results instead of executing everything a second time.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_notebooks  # noqa: E402

CHAPTERS = make_notebooks.notebook_sources(ROOT)
IDS = [str(p.relative_to(ROOT)) for p in CHAPTERS]


def _errors(nb: dict) -> list[str]:
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
    return found


def test_there_are_chapter_notebooks():
    assert CHAPTERS or not any(ROOT.glob("chapters/*.md")), \
        "no .md in _toc.yml has a jupytext/kernelspec header: chapters must be MyST notebooks"


@pytest.mark.build
@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_chapter_was_executed_without_errors(md, build_dir):
    executed = build_dir / "jupyter_execute" / md.relative_to(ROOT).with_suffix(".ipynb")
    assert executed.is_file(), f"{executed} missing: the build did not execute {md.name} (make book)"
    nb = json.loads(executed.read_text(encoding="utf-8"))
    assert not _errors(nb), f"{md.relative_to(ROOT)} raised: {_errors(nb)}"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"
            and "skip-execution" not in c.get("metadata", {}).get("tags", [])]
    unrun = [i for i, c in enumerate(code) if c.get("execution_count") is None and c["source"]]
    assert not unrun, f"{md.relative_to(ROOT)}: code cells not executed: {unrun}"


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_jupytext_reads_the_chapter(md):
    nb = jupytext.read(md)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", \
        f"{md.relative_to(ROOT)}: kernelspec must be python3 (see docs/architecture.md)"
    assert any(c.cell_type == "code" for c in nb.cells), f"{md.relative_to(ROOT)} has no code cell"


def test_errors_helper_finds_error_outputs():
    nb = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "stream", "text": "ok"},
        {"output_type": "error", "ename": "ValueError", "evalue": "bad"}]}]}
    assert _errors(nb) == ["cell 0: ValueError: bad"]


@pytest.mark.build
def test_generated_notebooks_are_in_sync():
    """The committed copies equal what the notebook build (sphinx-tojupyter, run by make book
    and make test) gives now."""
    wanted, orphans = make_notebooks.plan()
    stale = [str(p.relative_to(ROOT)) for p, text in wanted.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    assert not stale and not orphans, (
        f"notebooks/ out of sync (stale/missing: {stale}; orphans: {orphans}). "
        "Fix: python scripts/make_notebooks.py")
    for path in wanted:
        nb = json.loads(path.read_text(encoding="utf-8"))
        outputs = [c for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"]]
        assert not outputs, f"{path.name}: generated copies carry no outputs"


# --- the copies read well: no MyST syntax, rendered prose, collapsed answers ---------------

COPIES = sorted((ROOT / "notebooks").rglob("*.ipynb"))
# A role (``{glue:text}`x```, ``{cite:p}``), a directive fence (```` ```{note} ````, ``:::{admonition}``),
# a directive option line (``:class: dropdown``) or a MyST target (``(label)=``).
MYST = re.compile(r"\{[A-Za-z][\w:.-]*\}`|^\s*(?::{3,}|`{3,})\s*\{|^:[a-z][\w-]*:\s|^\([\w-]+\)=\s*$",
                  re.MULTILINE)


def myst_syntax(text: str) -> list[str]:
    return [m.group(0) for m in MYST.finditer(text)]


def test_myst_pattern_catches_roles_and_directives():
    sample = ("{glue:text}`n` and {cite:p}`olson1966`\n:::{admonition} A\n:class: dropdown\n"
              "```{exercise}\n(ch01-origins)=\n")
    assert len(myst_syntax(sample)) == 6
    assert myst_syntax("4 of the 7 allies, see Fig. 2 and [Olson, 1966](#id4)\n```python\nx = {1: 2}\n```") == []


@pytest.mark.parametrize("path", COPIES, ids=[p.name for p in COPIES])
def test_copy_has_no_myst_syntax(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = {i: myst_syntax("".join(c["source"])) for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "markdown"}
    found = {i: f for i, f in found.items() if f}
    assert not found, f"{path.relative_to(ROOT)}: MyST left in markdown cells {found}"


def test_chapter_copy_reads_well():
    """Chapter 1's copy: numbers in place of glue, citations with a reference list, answers and
    solutions collapsed, the cells a reader must run kept."""
    path = ROOT / "notebooks" / "chapters" / "01-origins.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    text = "\n".join(md)
    assert "glue" not in text and "glossary.ipynb" not in text
    assert re.search(r"\[(?:[^\]]*, )?(?:19|20)\d\d\]\(#id\d+\)", text), "no author-year citation"
    assert md[-1].startswith("## References") and md[-1].count('<a id="id') >= 5
    cited = set(re.findall(r"\]\(#(id\d+)\)", text))
    assert cited <= set(re.findall(r'<a id="(id\d+)"></a>', md[-1])), "a citation has no entry"
    answers = [m for m in md if "what you should notice" in m]
    assert answers and all(m.startswith("<details>") for m in answers)
    solutions = [m for m in md if "Solution to Exercise" in m]
    assert len(solutions) >= 3 and all(m.startswith("<details>") for m in solutions)
    assert any(re.search(r"^from widgets[\w.]* import", c, re.MULTILINE) for c in code[1:]), \
        "the chapter's set-up cell (remove-cell in the book) was dropped"
    assert any("glue(" in c for c in code), "the glue cells were dropped"
    assert any("public_goods_explorer" in c and ".show()" in c for c in code), "an explorer was dropped"


# --- the Colab set-up cell -------------------------------------------------------------------

def _setup_source(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = nb["cells"][0]
    assert "colab-setup" in first["metadata"].get("tags", []), f"{path.name}: first cell is not the set-up"
    return "".join(first["source"])


def test_setup_cell_pins_what_the_chapter_imports():
    src = _setup_source(ROOT / "notebooks" / "chapters" / "01-origins.ipynb")
    needs = eval(re.search(r"^NEEDS = (\[.*?\])", src, re.MULTILINE).group(1))  # noqa: S307 (our own file)
    pins = make_notebooks._pins(ROOT)
    names = {n.split("==")[0] for n in needs}
    assert {"pandas", "numpy", "matplotlib", "myst-nb"} <= names
    assert all(f"{n}=={pins[n]}" in needs for n in names), "a requirement is not at the pinned version"
    assert not names & make_notebooks.KERNEL_PROVIDED, "the cell must not replace the kernel's IPython/ipywidgets"
    url, branch = make_notebooks.repository(ROOT)
    assert f'REPO_URL = "{url}"' in src and f'BRANCH = "{branch}"' in src and '"--branch", BRANCH' in src


def test_setup_cell_without_course_or_url_says_what_to_do(tmp_path):
    """Opened where the course is not installed and no repository is configured: one line."""
    src = _setup_source(ROOT / "notebooks" / "chapters" / "01-origins.ipynb")
    src = re.sub(r'^REPO_URL = ".*?"', 'REPO_URL = ""', src, flags=re.MULTILINE)
    # -S: no site-packages, so the course package cannot be found (as on a fresh Colab)
    run = subprocess.run([sys.executable, "-S", "-c", src], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("CourseSetupError: The course is not installed") and "make lab" in last


def test_package_declares_every_dependency_it_imports():
    import tomllib
    from importlib import metadata
    declared = set(make_notebooks.package_dependencies(ROOT))
    code = [p.read_text(encoding="utf-8") for p in (ROOT / "widgets").rglob("*.py")]
    chapters = [c.source for md in CHAPTERS for c in jupytext.read(md).cells if c.cell_type == "code"]
    dists = metadata.packages_distributions()
    needed = {d.lower().replace("_", "-") for mod in make_notebooks._imports(code + chapters) - {"widgets"}
              for d in dists.get(mod, [mod])}
    assert not needed - declared, f"pyproject.toml does not declare {sorted(needed - declared)}"
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
