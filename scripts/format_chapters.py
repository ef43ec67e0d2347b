#!/usr/bin/env python3
"""Keep the MyST chapters in the form JupyterLab's jupytext writes, so that opening a chapter in
JupyterLab and saving it unedited changes no byte (docs/decisions/0026).

``lab_save(md)`` does what a JupyterLab save does: jupytext's contents manager (configured by the
repository's ``jupytext.toml``) reads the file as a notebook, the notebook gets the metadata a
running kernel adds (kernelspec of the course kernel, ``language_info``, cell ids), and the same
contents manager writes it back. The text it returns is what would land on disk.

Usage
-----
``python scripts/format_chapters.py``          rewrite chapters that are not in that form
``python scripts/format_chapters.py --check``  list them; exit 1 if any (changes nothing)
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_notebooks import notebook_sources  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _kernelspec() -> dict:
    """The kernelspec JupyterLab writes into a notebook running the course kernel."""
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec("python3")
    return {"display_name": spec.display_name, "language": spec.language, "name": "python3"}


async def _save(root: Path, name: str) -> None:
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class
    manager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(root))
    model = await manager.get(name)
    nb = model["content"]
    nb["metadata"]["kernelspec"] = _kernelspec()
    nb["metadata"]["language_info"] = {"name": "python", "version": sys.version.split()[0],
                                       "mimetype": "text/x-python", "file_extension": ".py",
                                       "codemirror_mode": {"name": "ipython", "version": 3},
                                       "nbconvert_exporter": "python", "pygments_lexer": "ipython3"}
    for cell in nb["cells"]:
        cell["id"] = uuid.uuid4().hex[:8]
        if cell["cell_type"] == "code":
            cell["metadata"].setdefault("trusted", True)
    await manager.save(model, name)


def lab_save(md: Path, book: Path = ROOT) -> str:
    """Return the text JupyterLab (jupytext) would write when saving ``md`` unedited."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(book / "jupytext.toml", tmp / "jupytext.toml")
        shutil.copy(md, tmp / md.name)
        # Its own thread and event loop: callers may already run one (Playwright's sync API does).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _save(tmp, md.name)).result()
        return (tmp / md.name).read_text(encoding="utf-8")


def _one_line(value):
    """Multi-line strings in cell metadata (YAML ``|`` blocks in captions and alt text) as one
    line: jupytext re-dumps those as quoted strings with blank lines, which read badly."""
    if isinstance(value, dict):
        return {k: _one_line(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    if isinstance(value, str) and "\n" in value:
        return " ".join(value.split())
    return value


def normalise(md: Path) -> None:
    """Rewrite ``md`` once through jupytext with one-line metadata strings."""
    import jupytext
    nb = jupytext.read(md)
    for cell in nb.cells:
        cell.metadata = _one_line(dict(cell.metadata))
    jupytext.write(nb, md, fmt="md:myst")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list chapters not in canonical form")
    args = parser.parse_args(argv)
    changed = []
    for md in notebook_sources(ROOT):
        before = md.read_text(encoding="utf-8")
        if lab_save(md) != before:
            changed.append(md)
            if not args.check:
                normalise(md)
                md.write_text(lab_save(md), encoding="utf-8")
                print(f"reformatted {md.relative_to(ROOT)}")
    if args.check and changed:
        for md in changed:
            print(f"ERROR: {md.relative_to(ROOT)} would change when saved from JupyterLab", file=sys.stderr)
        print("Fix: python scripts/format_chapters.py", file=sys.stderr)
        return 1
    print(f"{len(notebook_sources(ROOT))} chapters in JupyterLab's form")
    return 0


if __name__ == "__main__":
    sys.exit(main())
