"""Sphinx extension used only by the notebook-copy build (``scripts/make_notebooks.py``).

myst-nb deletes cells tagged ``remove-cell`` and the source of cells tagged ``remove-input``
before any builder sees them, so a notebook written by sphinx-tojupyter from the book would
lack the set-up cell, the glue cells and the explorers, and would not run. For this build
only, those tags are read as ``hide-cell`` / ``hide-input``: the code stays in the copy (a
reader must run it), the book's HTML build is untouched.
"""
from __future__ import annotations

import re

# A code-cell option line such as ``:tags: [remove-cell]`` or a YAML ``tags: [remove-input]``.
_TAGS = re.compile(r"^(\s*:?tags:\s*\[)([^\]]*)(\])", re.MULTILINE)
KEEP = {"remove-cell": "hide-cell", "remove-input": "hide-input"}


def keep_cells(text: str) -> str:
    """Return MyST notebook text with remove-cell/remove-input tags turned into hide-* tags."""
    def swap(m: re.Match) -> str:
        tags = [t.strip() for t in m.group(2).split(",") if t.strip()]
        return m.group(1) + ", ".join(KEEP.get(t, t) for t in tags) + m.group(3)
    return _TAGS.sub(swap, text)


def _source_read(app, docname, source):
    source[0] = keep_cells(source[0])


def setup(app):
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
