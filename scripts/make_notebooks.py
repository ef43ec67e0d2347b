#!/usr/bin/env python3
"""Write ``notebooks/<page>.ipynb``: readable, runnable copies of the book's MyST notebooks
(for Colab, Voila/``make live`` and downloads). Never edit the copies by hand.

The prose is rendered by the book itself: sphinx-tojupyter (the Sphinx builder QuantEcon
publishes its notebooks with) writes ``_build/copies/_build/jupyter/`` from the same sources, so glued numbers,
figure numbers, citations and glossary terms arrive as plain text (docs/decisions/0025). This
script then

- keeps every code cell a reader must run (``scripts/notebook_copies/course_tojupyter.py`` reads
  ``remove-cell``/``remove-input`` as ``hide-*`` for that build only);
- collapses the "what you should notice" answers and the exercise solutions into ``<details>``,
  turns the other admonitions into headed quotes, and hides the source of solution code;
- writes citations as author-year links to a "References" list at the end of each copy and
  glossary terms as plain words;
- puts a first cell (tagged ``colab-setup``) that installs exactly what the chapter needs at the
  pinned versions where the course is not installed (Colab), or says in one line how to.

Usage
-----
``python scripts/make_notebooks.py``          build ``_build/copies/_build/jupyter`` and write the copies
``python scripts/make_notebooks.py --build``  only (re)build ``_build/copies/_build/jupyter`` (used by ``make test``)
``python scripts/make_notebooks.py --check``  compare committed copies with ``_build/copies/_build/jupyter``;
                                              exit 1 if any are missing, stale or orphaned
"""
from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_toc import resolve, toc_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks"
# Its own output folder, so that its executed notebooks never replace the HTML build's
# (_build/jupyter_execute, read by tests/test_notebooks.py); the execution cache is shared.
COPIES_BUILD = ROOT / "_build" / "copies"
BUILT = COPIES_BUILD / "_build" / "jupyter"


def is_notebook(md: Path) -> bool:
    """True when a Markdown file has a jupytext/kernelspec front matter (a MyST notebook)."""
    text = md.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    header = text.split("---", 2)[1]
    meta = yaml.safe_load(header) or {}
    return isinstance(meta, dict) and ("jupytext" in meta or "kernelspec" in meta)


def notebook_sources(book: Path = ROOT) -> list[Path]:
    """Return the MyST notebooks listed in the book's ``_toc.yml``, in reading order."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    sources = [resolve(book, entry) for entry in toc_files(toc)]
    return [p for p in sources if p is not None and p.suffix == ".md" and is_notebook(p)]


def load_config(book: Path = ROOT) -> dict:
    return yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}


def repository(book: Path = ROOT) -> tuple[str, str]:
    """``(url, branch)`` of the course (``repository`` in ``_config.yml``)."""
    repo = load_config(book).get("repository") or {}
    return str(repo.get("url") or ""), str(repo.get("branch") or "main")


# --- the sphinx-tojupyter build -----------------------------------------------------------

def copies_config(book: Path = ROOT) -> dict:
    """The book's ``_config.yml`` plus the notebook builder (paths made absolute, since the
    derived config file lives in ``_build``)."""
    config = load_config(book)
    sphinx = config.setdefault("sphinx", {})
    local = {name: str((book / path).resolve()) for name, path in (sphinx.get("local_extensions") or {}).items()}
    local["course_tojupyter"] = str(book / "scripts" / "notebook_copies")
    sphinx["local_extensions"] = local
    sphinx["extra_extensions"] = [*(sphinx.get("extra_extensions") or []), "sphinx_tojupyter"]
    sphinx.setdefault("config", {}).update({
        # Without the synonyms sphinx-tojupyter writes no code cells at all.
        "tojupyter_lang_synonyms": ["ipython", "ipython3", "python"],
        "tojupyter_drop_solutions": False,
    })
    config["bibtex_bibfiles"] = [str((book / f).resolve()) for f in config.get("bibtex_bibfiles", [])]
    config.setdefault("execute", {})["cache"] = str(book / "_build" / ".jupyter_cache")
    if config.get("logo"):
        config["logo"] = str((book / config["logo"]).resolve())
    return config


def build(book: Path = ROOT) -> None:
    """Run ``jupyter-book build --builder custom --custom-builder jupyter`` into ``_build/copies/_build/jupyter``."""
    cfg = book / "_build" / "copies" / "_config.yml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(yaml.safe_dump(copies_config(book), sort_keys=False, allow_unicode=True), encoding="utf-8")
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(book), "--config", str(cfg), "--builder", "custom",
           "--custom-builder", "jupyter", "--path-output", str(cfg.parent), "-W", "-n", "--keep-going"]
    env = {**os.environ, "COURSE_BUILD": "1"}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit("ERROR: the notebook-copy build (sphinx-tojupyter) failed; see above. "
                         "Fix the warning it names, then run: python scripts/make_notebooks.py")


# --- what a chapter needs ----------------------------------------------------------------

def _pins(book: Path = ROOT) -> dict[str, str]:
    pins = {}
    for line in (book / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def _imports(sources: list[str]) -> set[str]:
    mods: set[str] = set()
    for src in sources:
        try:
            tree = ast.parse(src)
        except SyntaxError:  # IPython magics: nothing to install
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods.add(node.module.split(".")[0])
    return {m for m in mods if m not in sys.stdlib_module_names}


def package_dependencies(book: Path = ROOT) -> list[str]:
    """Distribution names the course package declares (``pyproject.toml``)."""
    import tomllib
    deps = tomllib.loads((book / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return [re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps]


KERNEL_PROVIDED = {"ipywidgets", "ipython", "ipykernel"}


def requirements_for(code: list[str], book: Path = ROOT) -> list[str]:
    """Pinned requirements (``name==version`` from requirements.txt) for a chapter: the
    distributions its cells import plus what the course package declares, without
    what the kernel itself provides: ipywidgets (Colab ships its own 7.x line; the set-up cell
    installs it only when missing) and IPython/ipykernel (never replaced under a running kernel)."""
    dists = metadata.packages_distributions()
    names = set(package_dependencies(book))
    for mod in _imports(code) - {"widgets"}:
        for dist in dists.get(mod, [mod]):
            names.add(dist.lower().replace("_", "-"))
    pins = _pins(book)
    missing = sorted(n for n in names if n not in pins)
    if missing:
        raise SystemExit(f"ERROR: {missing} imported by a chapter or declared by the package but not "
                         "pinned in requirements.txt. Fix: add it to requirements.in, then make requirements")
    return [f"{n}=={pins[n]}" for n in sorted(names - KERNEL_PROVIDED)]


SETUP_CELL = '''# Set-up (Colab, a fresh JupyterHub, a downloaded copy): fetch and install the course.
# Does nothing where the course is installed already (a clone after `make lab`, Voila, Binder).
import importlib.util, os, subprocess, sys
REPO_URL = "{url}"  # repository.url in the course's _config.yml
BRANCH = "{branch}"
NEEDS = {needs!r}  # what this chapter imports, at the course's pinned versions
IPYWIDGETS = "ipywidgets=={ipywidgets}"  # only if none is installed (Colab ships 7.7)


class CourseSetupError(Exception):
    def _render_traceback_(self):  # IPython shows this one line instead of a traceback
        return [f"CourseSetupError: {{self}}"]


if importlib.util.find_spec("widgets") is None or importlib.util.find_spec("widgets.data") is None:
    if not REPO_URL:
        raise CourseSetupError(
            "The course is not installed: clone it and run `make lab` (README, 'For self-learners'), "
            "or set REPO_URL in this cell to the course's git URL and run the cell again.")
    if not os.path.isdir("course"):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", BRANCH, REPO_URL, "course"],
                       check=True)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + NEEDS, check=True)
    if importlib.util.find_spec("ipywidgets") is None:
        subprocess.run(pip + [IPYWIDGETS], check=True)
    subprocess.run(pip + ["--no-deps", "-e", "course"], check=True)
    sys.path.insert(0, os.path.abspath("course"))
    importlib.invalidate_caches()
    import widgets.data  # noqa: F401  (the course package: data loaders, models, explorers)
    print("Course installed from", REPO_URL, "into", os.path.abspath("course"))
'''


def setup_cell(code: list[str], book: Path = ROOT) -> str:
    url, branch = repository(book)
    return SETUP_CELL.format(url=url, branch=branch, needs=requirements_for(code, book),
                             ipywidgets=_pins(book)["ipywidgets"])


# --- prose post-processing ---------------------------------------------------------------

_ADMONITION = re.compile(r"^(:{3,}|`{3,})\{admonition\}\s*(.+?)\s*$")
_CITE = re.compile(r"\[\[([^\]]+?)\]\((?:\.\./)*(?:chapters/)?bibliography\.ipynb#(id\d+)\)\]")
_CITE_INNER = re.compile(r"\[([^\[\]]+?)\]\((?:\.\./)*(?:chapters/)?bibliography\.ipynb#(id\d+)\)")
_TERM = re.compile(r"\[([^\]]+)\]\((?:\.\./)*(?:chapters/)?glossary\.ipynb#term-[^)]*\)")
_SOLUTION = re.compile(r"^(#+) Solution to\[ ?([^\]]+)\]\(#[^)]*\)\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")


def admonitions(md_text: str) -> dict[str, str]:
    """Admonition title -> its ``:class:`` (``dropdown`` ones are collapsed in the copies)."""
    found, lines = {}, md_text.splitlines()
    for i, line in enumerate(lines):
        m = _ADMONITION.match(line)
        if m:
            cls = ""
            for opt in lines[i + 1:i + 4]:
                if opt.startswith(":class:"):
                    cls = opt.split(":", 2)[2].strip()
            found[m.group(2)] = cls
    return found


def bibliography(built: Path) -> dict[str, str]:
    """Anchor id -> entry text, from the built bibliography notebook."""
    path = built / "chapters" / "bibliography.ipynb"
    if not path.is_file():
        return {}
    text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
    return {m.group(1): m.group(2).strip()
            for m in re.finditer(r"<a id='(id\d+)'></a>\n\\\[\d+\\\] (.+)", text)}


def _quote(title: str, body: str) -> str:
    lines = [f"**{title}**", "", *body.splitlines()]
    return "\n".join(("> " + ln).rstrip() for ln in lines)


def _details(title: str, body: str) -> str:
    return f"<details>\n<summary><strong>{title}</strong></summary>\n\n{body.strip()}\n\n</details>"


def rewrite_markdown(src: str, boxes: dict[str, str], cited: dict[str, str], copies: set[str]) -> tuple[str, bool]:
    """Return ``(markdown, is_solution)`` for one built markdown cell."""
    for m in _CITE_INNER.finditer(src):
        cited[m.group(2)] = ""
    src = _CITE.sub(lambda m: f"([{m.group(1)}](#{m.group(2)}))", src)
    src = _CITE_INNER.sub(lambda m: f"[{m.group(1)}](#{m.group(2)})", src)
    src = _TERM.sub(lambda m: m.group(1), src)
    # Links to pages that have no copy (the introduction, the teacher guide) become plain text.
    src = _LINK.sub(lambda m: m.group(0) if Path(m.group(2)).name in copies else m.group(1), src)
    lines = src.strip("\n").splitlines()
    first = lines[0] if lines else ""
    sol = _SOLUTION.match(first)
    if sol:
        return _details(f"Solution to {sol.group(2)}", "\n".join(lines[1:])), True
    head = re.match(r"^#+ (.+?)\s*$", first)
    if head and head.group(1) in boxes:
        title, body = head.group(1), "\n".join(lines[1:])
        return (_details(title, body) if "dropdown" in boxes[head.group(1)].split() else _quote(title, body)), False
    return "\n".join(lines), False


def render(md: Path, book: Path = ROOT, built: Path = BUILT) -> str:
    """Return the ``.ipynb`` text of the copy of one MyST notebook (outputs empty, stable ids)."""
    rel = md.relative_to(book).with_suffix(".ipynb")
    src_nb = built / rel
    if not src_nb.is_file():
        raise SystemExit(f"ERROR: {src_nb.relative_to(book)} missing: the notebook build has not run. "
                         "Fix: python scripts/make_notebooks.py (or make book)")
    nb = nbformat.reads(src_nb.read_text(encoding="utf-8"), as_version=4)
    md_text = md.read_text(encoding="utf-8")
    boxes = admonitions(md_text)
    refs = bibliography(built)
    copies = {p.with_suffix(".ipynb").name for p in notebook_sources(book)}
    cited: dict[str, str] = {}
    cells, in_solution = [], False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text, in_solution = rewrite_markdown(cell.source, boxes, cited, copies)
            if text.strip():
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            meta = {}
            if in_solution:  # a solution's code: collapsed in JupyterLab, Colab shows it as a form
                meta = {"jupyter": {"source_hidden": True}, "tags": ["solution"]}
            cells.append(nbformat.v4.new_code_cell(cell.source.rstrip("\n"), metadata=meta))
    if cited:  # in the bibliography's order (by author)
        order = {k: i for i, k in enumerate(refs)}
        entries = [f'<a id="{k}"></a>{refs.get(k, k)}' for k in sorted(cited, key=lambda k: (order.get(k, len(order)), k))]
        cells.append(nbformat.v4.new_markdown_cell("## References\n\n" + "\n\n".join(entries)))
    code = [c.source for c in cells if c.cell_type == "code"]
    cells.insert(0, nbformat.v4.new_code_cell(setup_cell(code, book), metadata={"tags": ["colab-setup"]}))
    header = yaml.safe_load(md_text.split("---", 2)[1]) or {}
    out = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": header.get("kernelspec", {}),
                                                          "language_info": {"name": "python"}})
    for i, cell in enumerate(out.cells):
        cell.id = f"cell-{i}"
    return json.dumps(out, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def plan(book: Path = ROOT, out: Path = OUT, built: Path = BUILT) -> tuple[dict[Path, str], list[Path]]:
    """Return ``({target: text}, [orphaned copies])``."""
    wanted = {out / md.relative_to(book).with_suffix(".ipynb"): render(md, book, built)
              for md in notebook_sources(book)}
    orphans = sorted(p for p in out.rglob("*.ipynb") if p not in wanted) if out.exists() else []
    return wanted, orphans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate notebooks/*.ipynb from the built book.")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="report out-of-sync copies only")
    group.add_argument("--build", action="store_true", help="only build _build/jupyter")
    args = parser.parse_args(argv)
    if not args.check:
        build()
        if args.build:
            return 0
    wanted, orphans = plan()
    stale = [p for p, text in wanted.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"ERROR: {p.relative_to(ROOT)} is missing or out of date", file=sys.stderr)
        for p in orphans:
            print(f"ERROR: {p.relative_to(ROOT)} has no chapter in _toc.yml", file=sys.stderr)
        if stale or orphans:
            print("Fix: python scripts/make_notebooks.py (then commit notebooks/)", file=sys.stderr)
            return 1
        print(f"notebooks/: {len(wanted)} copies in sync")
        return 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(wanted[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    for p in orphans:
        p.unlink()
        print(f"removed {p.relative_to(ROOT)} (no longer in _toc.yml)")
    print(f"notebooks/: {len(wanted)} copies in sync")
    return 0


if __name__ == "__main__":
    sys.exit(main())
