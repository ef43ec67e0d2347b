"""Every dataset is declared once (``scripts/data_build/schema.py``) and every step follows it.

A resource declares its builder (a function, not a name looked up later), its schema and its
appendix page. From that one declaration the build writes the CSV and the descriptor, the
appendix index lists it, and these checks require the rest: the page exists, the table of
contents lists it, and ``data/README.md`` describes the file. Each failure names the dataset
and the step to add.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from check_toc import toc_files  # noqa: E402
from data_build.schema import RESOURCES  # noqa: E402

PAGES = ROOT / "chapters" / "data"


def missing_steps(res: dict, root: Path = ROOT) -> list[str]:
    """What a declared dataset still lacks, one sentence per step, naming the fix."""
    name = res["name"]
    page = res.get("page", name)
    out = []
    if not callable(res.get("builder")):
        out.append(f"dataset `{name}` has no builder: set \"builder\" to the function that "
                   "makes it from data/raw (import it at the top of schema.py)")
    if not (root / "chapters" / "data" / f"{page}.md").is_file():
        out.append(f"dataset `{name}` has no appendix page: add `chapters/data/{page}.md`")
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    if f"chapters/data/{page}" not in toc_files(toc):
        out.append(f"dataset `{name}`: its page is not in the table of contents: add "
                   f"`- file: chapters/data/{page}` under DATA-PAGES in `_toc.yml`")
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    if f"`{res['path']}`" not in readme:
        out.append(f"dataset `{name}` is not described in `data/README.md`: add a row for "
                   f"`{res['path']}` to its table of files")
    return out


@pytest.mark.parametrize("res", RESOURCES, ids=[r["name"] for r in RESOURCES])
def test_dataset_declaration_is_complete(res):
    problems = missing_steps(res)
    assert not problems, "; ".join(problems)


def test_every_appendix_page_documents_a_dataset():
    pages = {res.get("page", res["name"]) for res in RESOURCES}
    stray = sorted(p.stem for p in PAGES.glob("*.md") if p.stem != "index" and p.stem not in pages)
    assert not stray, f"appendix pages that document no declared dataset: {stray}"


def test_missing_steps_are_named(tmp_path):
    """A declaration with nothing behind it gets one message per missing step."""
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "README.md").write_text("# Course data\n", encoding="utf-8")
    problems = missing_steps({"name": "x", "path": "x.csv", "builder": "build_x"}, tmp_path)
    assert problems == [
        'dataset `x` has no builder: set "builder" to the function that makes it from data/raw '
        "(import it at the top of schema.py)",
        "dataset `x` has no appendix page: add `chapters/data/x.md`",
        "dataset `x`: its page is not in the table of contents: add `- file: chapters/data/x` "
        "under DATA-PAGES in `_toc.yml`",
        "dataset `x` is not described in `data/README.md`: add a row for `x.csv` to its table "
        "of files",
    ]
