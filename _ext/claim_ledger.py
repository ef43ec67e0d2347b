"""Local Sphinx extension ``claim_ledger``: the claim ledger as data, checked and rendered.

The ledger (``chapters/claims.yml``, docs/decisions/0065) has one row per claim of the source
article, in the order of its sections. Each row names the course's propositions (``P2.1``, ``C1``),
the evidence (figure names such as ``fig-ch02-pew``, or appendix pages), the explorers that test it
(function names such as ``burden_explorer``, with the chapter page that shows them), a verdict with
its reason, and what would change the verdict.

1. :func:`validate` checks every row against the chapter sources and the explorer catalogue. A row
   that names a missing proposition, figure, page or explorer raises :class:`LedgerError` with the
   row's id; the build stops on it (the ``builder-inited`` hook).
2. :func:`render` turns the rows into MyST Markdown: a summary table of verdicts per section, then
   one block per row with links to the proposition, the figure (``{numref}``) and the explorer's
   section. ``source-read`` puts that Markdown where ``chapters/claims.md`` has the line
   ``LEDGER_MARKER``.
3. Each chapter links to its rows: at ``source-read`` a sentence listing them (``{ref}`claim-l2-1```)
   is put under the chapter's "What would change the verdict" heading, so no chapter source needs
   editing when rows change (:func:`chapter_links`).

A chapter listed under ``in_preparation`` may be named by rows before its page exists: those
references are shown without links and checked as soon as the page is there; the list must then
lose the chapter (the build says so), so that no row stays unchecked.

Everything but :func:`setup` and the two hooks is pure and unit-tested (``tests/test_claim_ledger.py``).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LEDGER_FILE = Path("chapters") / "claims.yml"
LEDGER_PAGE = "chapters/claims"
LEDGER_MARKER = "<!-- CLAIM-LEDGER -->"

#: The article's sections, in its order: key -> heading as the article gives it.
SECTIONS = {
    "origins": "Origins and evolution of the policy impulse",
    "trade-offs": "Strategic trade-offs and unintended consequences",
    "deterrence-cohesion": "Deterrence versus cohesion",
    "industrial": "Industrial and operational hurdles",
    "policy": "Policy implications and practical steps",
    "conclusion": "Concluding observation",
}
VERDICTS = ("supported", "mixed", "contradicted", "untestable with these data")
ROW_KEYS = {"id", "short", "section", "claim", "propositions", "evidence", "explorers", "verdict", "reason",
            "would_change"}
ROW_ID = re.compile(r"^L[1-6]\.\d{1,2}$")
PROPOSITION = re.compile(r"^(?:P(?P<ch>\d)\.\d|C\d)$")
FIGURE_NAME = re.compile(r"^\s+name:\s*(\S+)\s*$", re.M)
TARGET = re.compile(r"^\(([\w\-]+)\)=\s*$", re.M)
CHAPTER_NO = re.compile(r"^(?:fig|tbl)-ch(\d\d)-")
CONCLUSION_NO = 6


class LedgerError(ValueError):
    """A ledger row (named by its id) that the chapters or the catalogue contradict."""


@dataclass(frozen=True)
class Chapter:
    """What a chapter source offers to the ledger."""

    number: int
    stem: str
    propositions: frozenset   # labels defined in its "## The claim" section
    labels: frozenset         # figure names and (target)= labels
    explorers: dict           # explorer function -> id of the section that shows it
    title: str
    explorer_headings: dict = field(default_factory=dict)  # explorer function -> its section's title


# --------------------------------------------------------------------------- #
# Reading the chapters                                                         #
# --------------------------------------------------------------------------- #
def section_id(title: str) -> str:
    """The HTML id docutils gives a section with this title (``nodes.make_id``)."""
    from docutils import nodes

    text = re.sub(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", title)  # roles keep their text
    text = re.sub(r"[*_`]", "", text)
    return nodes.make_id(text)


def read_chapter(path: Path, number: int) -> Chapter:
    """Propositions, figure labels and explorer sections of one chapter source (MyST)."""
    text = path.read_text(encoding="utf-8")
    claim = text.split("\n## The claim", 1)
    props = set()
    if len(claim) == 2:
        block = claim[1].split("\n## ", 1)[0]
        props = set(re.findall(r"^((?:P\d\.\d)|(?:C\d))\b", block, re.M))
    labels = set(FIGURE_NAME.findall(text)) | set(TARGET.findall(text))
    explorers, headings = {}, {}
    heading = None
    for line in text.splitlines():
        m = re.match(r"^(#{2,4}) (.+?)\s*$", line)
        if m:
            heading = m.group(2)
        for fn in re.findall(r"\b(\w+_explorer)\(\)\.show\(\)", line):
            explorers.setdefault(fn, section_id(heading) if heading else "")
            headings.setdefault(fn, heading or fn)
    title = re.search(r"^# (.+)$", text, re.M)
    return Chapter(number, path.stem, frozenset(props), frozenset(labels), explorers,
                   title.group(1).strip() if title else path.stem, headings)


def explorer_label(heading: str) -> str:
    """A reader's name for an explorer: its section title without roles, markup or "Explorer:".

    >>> explorer_label("Explorer: did allies reach the {term}`equipment share` guideline?")
    'did allies reach the equipment share guideline?'
    """
    text = re.sub(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", heading)
    text = re.sub(r"[*_`]", "", text).strip()
    return re.sub(r"^Explorer:\s*", "", text)


def read_chapters(root: Path) -> dict:
    """``{chapter number: Chapter}`` for every ``chapters/NN-*.md`` under ``root``."""
    out = {}
    for path in sorted((Path(root) / "chapters").glob("[0-9][0-9]-*.md")):
        out[int(path.name[:2])] = read_chapter(path, int(path.name[:2]))
    return out


def declared_explorers() -> dict:
    """``{function name: explorer name}`` for every explorer in :mod:`widgets.explorers.catalogue`."""
    import importlib
    import inspect

    from widgets.explorers import catalogue

    names = set(catalogue.declared())
    out = {}
    import pkgutil

    from widgets import explorers as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if not catalogue.CHAPTER_MODULE.match(info.name):
            continue
        module = importlib.import_module(f"widgets.explorers.{info.name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if fname.endswith("_explorer") and func.__module__ == module.__name__ and not fname.startswith("_"):
                ex = func()
                if getattr(ex, "name", None) in names:
                    out[fname] = ex.name
    return out


# --------------------------------------------------------------------------- #
# Checking the ledger                                                          #
# --------------------------------------------------------------------------- #
def load(path: Path) -> dict:
    """The ledger file as a dict (``in_preparation`` and ``rows``)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise LedgerError(f"{path}: the ledger needs a top-level 'rows' list")
    return data


def _chapter_of(label: str) -> int | None:
    m = PROPOSITION.match(label)
    if m:
        return int(m.group("ch")) if m.group("ch") else CONCLUSION_NO
    m = CHAPTER_NO.match(label)
    return int(m.group(1)) if m else None


def validate(data: dict, chapters: dict, explorers: dict, pages: set | None = None) -> list:
    """Check every row; return the rows. Raise :class:`LedgerError` naming the first bad row's id.

    Parameters
    ----------
    data : dict
        The ledger (``rows``; optional ``in_preparation``, chapter stems such as ``05-policy-steps``).
    chapters : dict
        ``{number: Chapter}`` from :func:`read_chapters`.
    explorers : dict
        ``{explorer function: explorer name}`` from :func:`declared_explorers`.
    pages : set of str, optional
        Document names (``chapters/data/cited_figures``) an evidence item of kind ``page`` may name.

    Raises
    ------
    LedgerError
        With the row id and what is missing (a proposition, figure, page, explorer, or a field).
    """
    pending = {int(str(s)[:2]): str(s) for s in data.get("in_preparation") or []}
    for number, stem in pending.items():
        if number in chapters:
            raise LedgerError(f"claims.yml: in_preparation lists {stem}, but chapters/{chapters[number].stem}.md "
                              f"exists: remove it from in_preparation so that its rows are checked")
    rows = data["rows"]
    seen, last_section = set(), -1
    order = list(SECTIONS)
    for k, row in enumerate(rows):
        rid = row.get("id") if isinstance(row, dict) else None
        where = f"ledger row {rid!r}" if rid else f"ledger row number {k + 1}"
        if not isinstance(row, dict):
            raise LedgerError(f"{where}: a row must be a mapping")
        missing = sorted(ROW_KEYS - set(row))
        if missing:
            raise LedgerError(f"{where}: missing field(s) {missing}")
        extra = sorted(set(row) - ROW_KEYS)
        if extra:
            raise LedgerError(f"{where}: unknown field(s) {extra}; allowed: {sorted(ROW_KEYS)}")
        if not ROW_ID.match(str(rid)):
            raise LedgerError(f"{where}: the id must look like L2.3 (section number, row number)")
        if rid in seen:
            raise LedgerError(f"{where}: the id is used twice")
        seen.add(rid)
        if row["section"] not in SECTIONS:
            raise LedgerError(f"{where}: section {row['section']!r} is not one of {order}")
        pos = order.index(row["section"])
        if pos < last_section:
            raise LedgerError(f"{where}: rows must follow the article's order of sections {order}")
        if int(str(rid)[1]) != pos + 1:
            raise LedgerError(f"{where}: the id's first digit must be the section number {pos + 1}")
        last_section = pos
        if row["verdict"] not in VERDICTS:
            raise LedgerError(f"{where}: verdict {row['verdict']!r} is not one of {list(VERDICTS)}")
        for key in ("short", "claim", "reason", "would_change"):
            if not str(row[key] or "").strip():
                raise LedgerError(f"{where}: {key} is empty")
        if not row["propositions"]:
            raise LedgerError(f"{where}: name at least one proposition")
        for label in row["propositions"]:
            number = _chapter_of(str(label))
            if number is None:
                raise LedgerError(f"{where}: {label!r} is not a proposition label (P2.1, C1)")
            if number in pending:
                continue
            if number not in chapters:
                raise LedgerError(f"{where}: proposition {label} names chapter {number}, which has no page")
            if label not in chapters[number].propositions:
                raise LedgerError(f"{where}: proposition {label} is not defined in the claim section of "
                                  f"chapters/{chapters[number].stem}.md")
        if not row["evidence"]:
            raise LedgerError(f"{where}: name at least one piece of evidence")
        for item in row["evidence"]:
            if not isinstance(item, dict) or not ({"figure", "page"} & set(item)) or "shows" not in item:
                raise LedgerError(f"{where}: each evidence item needs 'figure' (or 'page') and 'shows'")
            if "figure" in item:
                label = str(item["figure"])
                number = _chapter_of(label)
                if number is None:
                    raise LedgerError(f"{where}: figure {label!r} should be named fig-chNN-...")
                if number in pending:
                    continue
                if number not in chapters or label not in chapters[number].labels:
                    raise LedgerError(f"{where}: figure {label} is not defined in any chapter source")
            else:
                if pages is not None and str(item["page"]) not in pages:
                    raise LedgerError(f"{where}: page {item['page']!r} does not exist")
        for item in row["explorers"] or []:
            if not isinstance(item, dict) or not {"function", "page", "tests"} <= set(item):
                raise LedgerError(f"{where}: each explorer needs 'function', 'page' and 'tests'")
            fn, page = str(item["function"]), str(item["page"])
            number = int(page[:2]) if page[:2].isdigit() else None
            if number in pending:
                continue
            if fn not in explorers:
                raise LedgerError(f"{where}: explorer {fn} is not declared in widgets.explorers "
                                  f"(catalogue.declared)")
            if number not in chapters or chapters[number].stem != page:
                raise LedgerError(f"{where}: explorer page {page!r} is not a chapter")
            if fn not in chapters[number].explorers:
                raise LedgerError(f"{where}: chapters/{page}.md does not show {fn}()")
        if not row["explorers"] and "no explorer" not in str(row["reason"]).lower():
            raise LedgerError(f"{where}: name an explorer, or say in the reason why no explorer tests it "
                              "('no explorer ...')")
    return rows


# --------------------------------------------------------------------------- #
# Rendering                                                                    #
# --------------------------------------------------------------------------- #
def anchor(rid: str) -> str:
    """The label of a row: ``claim-l2-3``. Chapters link to it with ``{ref}`claim-l2-3```."""
    return "claim-" + rid.replace(".", "-").lower()


def _one_line(text) -> str:
    return " ".join(str(text).split())


def render(data: dict, chapters: dict) -> str:
    """MyST Markdown for the ledger: a verdict table per section, then one block per row."""
    pending = {int(str(s)[:2]): str(s) for s in data.get("in_preparation") or []}
    rows = data["rows"]
    out = ["## Verdicts at a glance", "",
           "| Section of the article | Rows | " + " | ".join(v.capitalize() for v in VERDICTS) + " |",
           "|---|---|" + "---|" * len(VERDICTS)]
    for key, heading in SECTIONS.items():
        sub = [r for r in rows if r["section"] == key]
        counts = [sum(r["verdict"] == v for r in sub) for v in VERDICTS]
        out.append(f"| {heading} | {len(sub)} | " + " | ".join(str(c) for c in counts) + " |")
    totals = [sum(r["verdict"] == v for r in rows) for v in VERDICTS]
    out.append(f"| **All sections** | **{len(rows)}** | " + " | ".join(f"**{c}**" for c in totals) + " |")
    out.append("")

    def chapter_link(number: int) -> str:
        if number in pending or number not in chapters:
            return f"Chapter {number} (in preparation)" if number != CONCLUSION_NO else "the conclusion"
        name = "the conclusion" if number == CONCLUSION_NO else f"Chapter {number}"
        return f"{{doc}}`{name} <{chapters[number].stem}>`"

    def prop_link(label: str) -> str:
        number = _chapter_of(label)
        if number in pending or number not in chapters:
            return f"**{label}**"
        return f'<a href="{chapters[number].stem}.html#the-claim"><strong>{label}</strong></a>'

    for key, heading in SECTIONS.items():
        sub = [r for r in rows if r["section"] == key]
        out += [f"## {heading}", ""]
        for r in sub:
            rid = r["id"]
            out += [f"({anchor(rid)})=", f"### {rid} {_one_line(r['short'])}", ""]
            out += [f"**The article's claim.** {_one_line(r['claim'])}", ""]
            props = ", ".join(prop_link(str(p)) for p in r["propositions"])
            numbers = sorted({_chapter_of(str(p)) for p in r["propositions"]})
            out += [f"**Course propositions.** {props} (in " + " and ".join(chapter_link(n) for n in numbers)
                    + ").", ""]
            ev = []
            for item in r["evidence"]:
                if "figure" in item:
                    number = _chapter_of(str(item["figure"]))
                    if number in pending or number not in chapters:
                        ref = f"figure `{item['figure']}` in Chapter {number} (in preparation)"
                    else:
                        name = "the conclusion" if number == CONCLUSION_NO else f"Chapter {number}"
                        ref = f"{{numref}}`Figure %s <{item['figure']}>` in {name}"
                else:
                    ref = f"{{doc}}`{item.get('text', 'the data appendix')} </{item['page']}>`"
                ev.append(f"{ref}: {_one_line(item['shows'])}")
            out += ["**Evidence.**", ""] + [f"- {e}" for e in ev] + [""]
            if r["explorers"]:
                ex = []
                for item in r["explorers"]:
                    page = str(item["page"])
                    number = int(page[:2])
                    if number in pending or number not in chapters:
                        ex.append(f"`{item['function']}` in Chapter {number} (in preparation): "
                                  f"{_one_line(item['tests'])}")
                    else:
                        sid = chapters[number].explorers.get(str(item["function"]), "")
                        name = "the conclusion" if number == CONCLUSION_NO else f"Chapter {number}"
                        label = explorer_label(chapters[number].explorer_headings.get(
                            str(item["function"]), str(item["function"])))
                        ex.append(f'<a href="{page}.html#{sid}">{html.escape(label)}</a> '
                                  f"({name}): {_one_line(item['tests'])}")
                out += ["**Explorers that test it.**", ""] + [f"- {e}" for e in ex] + [""]
            out += [f"**Verdict: {r['verdict']}.** {_one_line(r['reason'])}", "",
                    f"**What would change the verdict.** {_one_line(r['would_change'])}", ""]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- #
# Sphinx hooks                                                                 #
# --------------------------------------------------------------------------- #
def _check(app) -> tuple[dict, dict]:
    root = Path(app.srcdir)
    data = load(root / LEDGER_FILE)
    chapters = read_chapters(root)
    pages = {p.relative_to(root).with_suffix("").as_posix() for p in (root / "chapters").rglob("*.md")}
    validate(data, chapters, declared_explorers(), pages)
    return data, chapters


def on_builder_inited(app) -> None:
    """Check the ledger before any page is read: a bad row stops the build with its id."""
    from sphinx.errors import ExtensionError

    if not (Path(app.srcdir) / LEDGER_FILE).is_file():
        return
    try:
        app.course_ledger = _check(app)
    except LedgerError as err:
        raise ExtensionError(f"claim ledger ({LEDGER_FILE}): {err}") from None


VERDICT_HEADING = "\n## What would change the verdict\n"
CHAPTER_DOC = re.compile(r"^chapters/(\d\d)-[\w\-]+$")


def rows_of_chapter(rows: list, number: int) -> list:
    """Ids of the rows that name a proposition of chapter ``number`` or one of its explorers."""
    out = []
    for r in rows:
        props = {_chapter_of(str(p)) for p in r["propositions"]}
        pages = {int(str(e["page"])[:2]) for e in r["explorers"] or [] if str(e["page"])[:2].isdigit()}
        if number in props | pages:
            out.append(r["id"])
    return out


def chapter_links(rows: list, number: int) -> str:
    """The sentence put under a chapter's "What would change the verdict" heading."""
    ids = rows_of_chapter(rows, number)
    if not ids:
        return ""
    refs = ", ".join(f"{{ref}}`{anchor(i)}`" for i in ids)
    return (f"\nThe {{doc}}`claim ledger </{LEDGER_PAGE}>` gives the course's verdict on each claim of the "
            f"article that this chapter tests: {refs}.\n")


def on_source_read(app, docname, source) -> None:
    """Put the rendered ledger where ``chapters/claims.md`` has ``LEDGER_MARKER``; link each of
    Chapters 1-5 to its rows, under its "What would change the verdict" heading."""
    m = CHAPTER_DOC.match(docname)
    root = Path(app.srcdir)
    if docname == LEDGER_PAGE and LEDGER_MARKER in source[0]:
        data, chapters = getattr(app, "course_ledger", None) or _check(app)
        source[0] = source[0].replace(LEDGER_MARKER, render(data, chapters))
        # Re-read the ledger page when the ledger or any chapter it reads changes.
        app.env.note_dependency(str(root / LEDGER_FILE))
        for path in (root / "chapters").glob("[0-9][0-9]-*.md"):
            app.env.note_dependency(str(path))
    elif m and int(m.group(1)) != CONCLUSION_NO and VERDICT_HEADING in source[0]:
        if getattr(app, "course_ledger", None) is None:
            return
        app.env.note_dependency(str(root / LEDGER_FILE))  # its sentence follows the ledger
        data, _chapters = app.course_ledger
        if int(m.group(1)) in {int(str(s)[:2]) for s in data.get("in_preparation") or []}:
            return
        text = chapter_links(data["rows"], int(m.group(1)))
        source[0] = source[0].replace(VERDICT_HEADING, VERDICT_HEADING + text, 1)


def setup(app):
    app.connect("builder-inited", on_builder_inited)
    app.connect("source-read", on_source_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
