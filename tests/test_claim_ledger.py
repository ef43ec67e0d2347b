"""The claim ledger (chapters/claims.yml, rendered by _ext/claim_ledger.py).

- The real ledger validates against the chapter sources and the explorer catalogue, and every
  section of the article has at least one row.
- The validator fails on a bad row with that row's id (one mutation per kind of mistake: missing
  proposition, figure, page, explorer, explorer not shown on its page, verdict, section order).
- In the built site, every link on the ledger page resolves to an existing file and anchor, and
  every row has its anchor.
"""
from __future__ import annotations

import copy
import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module():
    spec = importlib.util.spec_from_file_location("claim_ledger", ROOT / "_ext" / "claim_ledger.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is made
    spec.loader.exec_module(mod)
    return mod


L = _module()


@pytest.fixture(scope="module")
def ledger():
    return L.load(ROOT / L.LEDGER_FILE)


@pytest.fixture(scope="module")
def chapters():
    return L.read_chapters(ROOT)


@pytest.fixture(scope="module")
def explorers():
    return L.declared_explorers()


@pytest.fixture(scope="module")
def pages():
    return {p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "chapters").rglob("*.md")}


def test_the_ledger_validates(ledger, chapters, explorers, pages):
    rows = L.validate(ledger, chapters, explorers, pages)
    counts = {key: sum(r["section"] == key for r in rows) for key in L.SECTIONS}
    verdicts = {v: sum(r["verdict"] == v for r in rows) for v in L.VERDICTS}
    print(f"\nledger rows per section: {counts}; verdicts: {verdicts}; "
          f"in preparation: {ledger.get('in_preparation')}")


def test_every_article_section_has_a_row(ledger):
    have = {r["section"] for r in ledger["rows"]}
    missing = [heading for key, heading in L.SECTIONS.items() if key not in have]
    assert not missing, f"article sections without a ledger row: {missing}"


def test_sections_are_the_articles_headings():
    """The six keys name the article's own section headings (its text, read independently)."""
    article_headings = ["Origins and evolution of the policy impulse",
                        "Strategic trade-offs and unintended consequences",
                        "Deterrence versus cohesion",
                        "Industrial and operational hurdles",
                        "Policy implications and practical steps",
                        "Concluding observation"]
    assert list(L.SECTIONS.values()) == article_headings


def test_reader_finds_labels_and_explorer_sections(tmp_path):
    page = tmp_path / "chapters" / "07-test.md"
    page.parent.mkdir()
    page.write_text("# Seven\n\n## The claim\n\nP7.1 One\n: x\n\nC4 Two\n: y\n\n## Next\n\nP7.9 not a claim\n\n"
                    "### Explorer: who pays for a *shared* defence?\n\n```{code-cell} ipython3\n---\n"
                    "mystnb:\n  figure:\n    name: fig-ch07-x\n---\nx_explorer().show();\n```\n\n(tbl-ch07-y)=\n",
                    encoding="utf-8")
    (ch,) = L.read_chapters(tmp_path).values()
    assert ch.propositions == {"P7.1", "C4"}
    assert ch.labels == {"fig-ch07-x", "tbl-ch07-y"}
    # docutils' id for the heading, worked out by hand: lower case, punctuation to hyphens.
    assert ch.explorers == {"x_explorer": "explorer-who-pays-for-a-shared-defence"}


def _bad(ledger, rid, **change):
    data = copy.deepcopy(ledger)
    row = next(r for r in data["rows"] if r["id"] == rid)
    for key, value in change.items():
        if value is None:
            row.pop(key)
        else:
            row[key] = value
    return data


def _first(ledger, pred):
    return next(r for r in ledger["rows"] if pred(r) and not r["id"].startswith("L5"))


@pytest.mark.parametrize("kind", ["proposition", "figure", "page", "explorer", "not_shown", "verdict",
                                  "field", "no_explorer_reason"])
def test_a_bad_row_fails_with_its_id(kind, ledger, chapters, explorers, pages):
    row = _first(ledger, lambda r: r["explorers"] and any("figure" in e for e in r["evidence"]))
    rid = row["id"]
    ex = copy.deepcopy(row["explorers"])
    if kind == "proposition":
        data, needle = _bad(ledger, rid, propositions=["P2.9"]), "P2.9"
    elif kind == "figure":
        data, needle = _bad(ledger, rid, evidence=[{"figure": "fig-ch02-nowhere", "shows": "x"}]), "fig-ch02-nowhere"
    elif kind == "page":
        data, needle = _bad(ledger, rid, evidence=[{"page": "chapters/data/nowhere", "shows": "x"}]), "nowhere"
    elif kind == "explorer":
        ex[0]["function"] = "nowhere_explorer"
        data, needle = _bad(ledger, rid, explorers=ex), "nowhere_explorer"
    elif kind == "not_shown":
        other = next(p for p in ("01-origins", "04-industrial-hurdles") if p != ex[0]["page"])
        ex[0]["page"] = other
        data, needle = _bad(ledger, rid, explorers=ex), "does not show"
    elif kind == "verdict":
        data, needle = _bad(ledger, rid, verdict="true"), "verdict"
    elif kind == "field":
        data, needle = _bad(ledger, rid, would_change=None), "would_change"
    else:
        data, needle = _bad(ledger, rid, explorers=[], reason="Because."), "no explorer"
    with pytest.raises(L.LedgerError) as err:
        L.validate(data, chapters, explorers, pages)
    assert repr(rid) in str(err.value) and needle in str(err.value), str(err.value)


def test_rows_out_of_the_articles_order_fail(ledger, chapters, explorers, pages):
    data = copy.deepcopy(ledger)
    data["rows"] = data["rows"][::-1]
    with pytest.raises(L.LedgerError, match="order of sections"):
        L.validate(data, chapters, explorers, pages)


def test_a_chapter_in_preparation_that_exists_fails(ledger, chapters, explorers, pages):
    data = copy.deepcopy(ledger)
    data["in_preparation"] = ["01-origins"]
    with pytest.raises(L.LedgerError, match="remove it from in_preparation"):
        L.validate(data, chapters, explorers, pages)


def test_rendered_page_has_every_row_and_the_summary(ledger, chapters):
    md = L.render(ledger, chapters)
    for r in ledger["rows"]:
        assert f"({L.anchor(r['id'])})=" in md and f"### {r['id']} " in md
    total = re.search(r"\*\*All sections\*\* \| \*\*(\d+)\*\*", md)
    assert total and int(total.group(1)) == len(ledger["rows"])


def test_the_page_says_the_verdicts_are_the_courses_reading():
    page = (ROOT / "chapters" / "claims.md").read_text(encoding="utf-8")
    assert L.LEDGER_MARKER in page
    assert "course's reading" in page


# --------------------------------------------------------------------------- #
# The built page                                                               #
# --------------------------------------------------------------------------- #
class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.mark.build
def test_every_link_on_the_built_ledger_resolves(site_dir, ledger):
    page = site_dir / "chapters" / "claims.html"
    assert page.is_file(), f"{page} missing: build the book first"
    html = page.read_text(encoding="utf-8")
    main = html.split('<main', 1)[1].split('</main>', 1)[0]
    p = _Links()
    p.feed(main)
    own = _parse(page).ids
    for r in ledger["rows"]:
        assert L.anchor(r["id"]) in own, f"ledger row {r['id']}: no anchor {L.anchor(r['id'])} on the page"
    checked, cache = 0, {}
    for href in p.hrefs:
        url = urlsplit(href)
        if url.scheme or href.startswith("mailto:"):
            continue
        target = (page.parent / unquote(url.path)).resolve() if url.path else page
        assert target.is_file(), f"ledger link {href!r}: {target} does not exist"
        if url.fragment:
            ids = cache.setdefault(target, _parse(target).ids)
            assert url.fragment in ids, f"ledger link {href!r}: no id {url.fragment!r} in {target.name}"
        checked += 1
    print(f"\nledger page: {checked} internal links checked")
    assert checked >= len(ledger["rows"])


def test_each_chapter_gets_a_sentence_linking_its_rows(ledger):
    rows = ledger["rows"]
    for number in (1, 2, 3, 4, 5):
        ids = L.rows_of_chapter(rows, number)
        assert ids, f"chapter {number} has no ledger row"
        text = L.chapter_links(rows, number)
        assert all(f"{{ref}}`{L.anchor(i)}`" in text for i in ids)
    # A row counts for a chapter through a proposition or an explorer page (worked by hand):
    small = [{"id": "L1.1", "propositions": ["P2.1"], "explorers": [{"page": "03-x"}]},
             {"id": "L1.2", "propositions": ["C1"], "explorers": []}]
    assert L.rows_of_chapter(small, 2) == ["L1.1"] and L.rows_of_chapter(small, 3) == ["L1.1"]
    assert L.rows_of_chapter(small, 1) == [] and L.chapter_links(small, 1) == ""


@pytest.mark.build
def test_built_chapters_link_to_their_ledger_rows(site_dir, ledger):
    for page in sorted((site_dir / "chapters").glob("0[1-5]-*.html")):
        number = int(page.name[:2])
        if number in {int(str(s)[:2]) for s in ledger.get("in_preparation") or []}:
            continue
        html = page.read_text(encoding="utf-8")
        for rid in L.rows_of_chapter(ledger["rows"], number):
            assert f'claims.html#{L.anchor(rid)}"' in html, f"{page.name} does not link ledger row {rid}"


def test_the_build_hook_stops_on_a_bad_row_with_its_id(tmp_path, ledger):
    """What Sphinx runs at builder-inited: a bad row raises Sphinx's ExtensionError naming it."""
    import shutil
    from types import SimpleNamespace

    import yaml
    from sphinx.errors import ExtensionError

    (tmp_path / "chapters").mkdir()
    for path in (ROOT / "chapters").glob("*.md"):
        shutil.copy(path, tmp_path / "chapters" / path.name)
    shutil.copytree(ROOT / "chapters" / "data", tmp_path / "chapters" / "data")
    bad = _bad(ledger, "L3.1", evidence=[{"figure": "fig-ch03-renamed", "shows": "x"}])
    (tmp_path / L.LEDGER_FILE).write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"'L3\.1'.*fig-ch03-renamed"):
        L.on_builder_inited(SimpleNamespace(srcdir=str(tmp_path)))
    (tmp_path / L.LEDGER_FILE).write_text(yaml.safe_dump(ledger, allow_unicode=True), encoding="utf-8")
    app = SimpleNamespace(srcdir=str(tmp_path))
    L.on_builder_inited(app)             # the real ledger passes
    assert app.course_ledger[0]["rows"]
