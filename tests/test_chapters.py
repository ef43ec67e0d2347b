"""What every chapter must have, checked on its source over one table of chapters.

Each row of ``CHAPTERS`` names a chapter's page, explorers, quiz, word budget and teacher page,
and any phrases that chapter must contain. Every check runs for every row and its message names
the chapter and what it lacks, so a new chapter is added by adding a row. The checks read the
MyST source with jupytext (cells, their tags and metadata), the quiz from its data file, and
the glossary and bibliography; none needs a build except the last, which reads the built page.
Checks that only one chapter needs sit in a section named after that chapter at the end.

Rules: the skeleton of ``docs/chapter-template.md`` in order; an opening box with four items;
propositions labelled as the course's reading; every exercise has a collapsible solution;
every citation, glossary term and glued name exists; the prose stays within its word budget and
types no data number; figures have a caption, a name, alt text and a cross-reference; explorers
are framed by "What to try" and a collapsed "What you should notice"; counts over time use each
year's members; glued country names read in a sentence; the quiz gives feedback on every option
and does not give the answer away by length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import numpy as np
import pytest

from widgets.quiz import load_quiz

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
GLOSSARY = ROOT / "chapters" / "glossary.md"


@dataclass(frozen=True)
class Chapter:
    """One row of the chapter table."""

    stem: str                      # chapters/<stem>.md, chapters/quizzes/<stem>.yml
    explorers: tuple[str, ...]     # functions whose .show() the page calls
    quiz_id: str                   # the quiz's HTML id, as in the quiz file
    words: tuple[int, int]         # word budget of the prose
    must_say: tuple[str, ...] = ()  # chapter-specific phrases the prose must contain
    teacher: bool = True           # chapters/teacher/<stem>.md exists
    proposition: str = r"P\d\.\d"   # how its propositions are labelled (the conclusion: C1, C2, ...)

    @property
    def path(self) -> Path:
        return ROOT / "chapters" / f"{self.stem}.md"

    def __str__(self) -> str:
        return self.stem


#: The table of chapters. Add a row for a new chapter.
CHAPTERS = [
    Chapter("01-origins", ("public_goods_explorer", "burden_explorer"), "quiz-ch01", (3000, 5000),
            must_say=("June 2024",)),
    Chapter("02-trade-offs", ("leverage_explorer", "dilemma_explorer", "opinion_explorer"), "quiz-ch02",
            (3000, 5000), must_say=("compare like with like",)),
    Chapter("03-deterrence-cohesion", ("cohesion_explorer", "deterrence_explorer", "exercise_network_explorer"),
            "quiz-ch03", (3000, 5000), must_say=("fixed seed", "Monte Carlo")),
    Chapter("04-industrial-hurdles", ("fragmentation_explorer", "rampup_explorer", "equipment_explorer"),
            "quiz-ch04", (3000, 5000),
            must_say=("heuristic", "not a law")),
    Chapter("05-policy-steps", ("policy_lab_explorer", "sensitivity_explorer", "targets_explorer"), "quiz-ch05",
            (3000, 5000), must_say=("none is estimated", "members of each year", "◐")),
    # The conclusion has no explorers of its own (it reuses every chapter's, in its capstone
    # exercise), a shorter word budget, and capstone propositions C1-C3 instead of P6.x.
    Chapter("06-conclusion", (), "quiz-ch06", (2000, 3500), proposition=r"C\d",
            must_say=("burden shifting", "calibrated autonomy", "claim ledger")),
]

MIN_EXERCISES = 4
MIN_FIGURES = 3
MIN_QUIZ_QUESTIONS = 4

#: Headings every chapter must have (docs/chapter-template.md), in this order.
SKELETON = [
    "## The claim",
    "## What would change the verdict",
    "## Exercises",
    "## Self-check",
    "## Summary",
    "## Key terms",
    "## Further reading",
]
#: Items the opening box must name.
OPENING_BOX = ["Prerequisites", "You will learn", "Data used", "Time"]

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
ROLE = re.compile(r"\{(?P<role>[a-z:\-]+)\}`(?P<body>[^`]*)`")


# --------------------------------------------------------------------------- #
# Reading a chapter                                                            #
# --------------------------------------------------------------------------- #
@dataclass
class Source:
    """A chapter as the checks see it: raw text, markdown and code cells (jupytext)."""

    text: str
    markdown: str
    cells: list  # jupytext cells, in order

    @property
    def code(self) -> list[str]:
        return [c.source for c in self.cells if c.cell_type == "code"]


def read(text: str) -> Source:
    nb = jupytext.reads(text, fmt="md:myst")
    md = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return Source(text, md, list(nb.cells))


def tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def roles(text: str, prefix: str) -> list[str]:
    """Bodies of every inline role whose name starts with ``prefix`` (e.g. "cite", "glue")."""
    return [m.group("body") for m in ROLE.finditer(text) if m.group("role").startswith(prefix)]


def cite_keys(text: str) -> set[str]:
    """Every key cited with ``{cite:p}``/``{cite:t}``/``{cite}``."""
    keys = set()
    for body in roles(text, "cite"):
        keys.update(k.strip() for k in body.split(",") if k.strip())
    return keys


def term_targets(text: str) -> set[str]:
    """Lower-cased targets of ``{term}`` roles (``{term}`shown <target>``` uses the target)."""
    out = set()
    for body in roles(text, "term"):
        m = re.search(r"<([^>]+)>\s*$", body)
        out.add((m.group(1) if m else body).strip().lower())
    return out


def glossary_terms(text: str) -> set[str]:
    """Lower-cased terms defined in every ``{glossary}`` directive of a MyST page.

    In a glossary directive a term is a line at the directive's own indentation; its definition
    is indented below it. Sphinx matches terms case-insensitively.
    """
    terms = set()
    for block in re.findall(r"^(`{3,}|:{3,})\{glossary\}[^\n]*\n(.*?)^\1[ \t]*$", text, re.S | re.M):
        for line in block[1].splitlines():
            if line.strip() and not line[0].isspace() and not line.startswith(":"):
                terms.add(line.strip().lower())
    return terms


def glue_names_used(text: str) -> set[str]:
    """Names referenced by ``{glue:...}`` roles (format spec removed)."""
    return {body.split(":", 1)[0].strip() for body in roles(text, "glue")}


def glue_names_defined(code: list[str]) -> list[str]:
    """Names glued with a literal string in code cells (``glue("name", ...)``)."""
    names = []
    for cell in code:
        names += re.findall(r"""\bglue\(\s*["']([A-Za-z0-9_]+)["']""", cell)
    return names


def exercises_and_solutions(text: str) -> tuple[list[str], set[str]]:
    """Labels of ``{exercise}`` directives and targets of ``{solution}``/``{solution-start}``."""
    ex = re.findall(r"^`{3,}\{exercise\}[^\n]*\n:label:\s*(\S+)", text, re.M)
    sol = set(re.findall(r"^`{3,}\{solution(?:-start)?\}\s*(\S+)", text, re.M))
    return ex, sol


def prose(markdown: str) -> str:
    """Reader-visible prose: markdown without directive syntax, roles' markup, math, HTML."""
    md = re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.S)     # display math
    md = re.sub(r"\$[^$\n]+\$", " ", md)                       # inline math
    md = re.sub(r"^\s*(`{3,}|:{3,}).*$", " ", md, flags=re.M)  # directive fences
    md = re.sub(r"^:[a-z\-]+:.*$", " ", md, flags=re.M)        # directive options
    md = re.sub(r"^\([\w\-]+\)=\s*$", " ", md, flags=re.M)     # target labels
    md = re.sub(r"<[^>]+>", " ", md)                           # HTML tags
    md = ROLE.sub(lambda m: " " if m.group("role").startswith(("glue", "cite", "numref", "ref"))
                  else m.group("body"), md)
    md = re.sub(r"`[^`]*`", " ", md)                           # inline code
    return md


def word_count(markdown: str) -> int:
    """Words of reader-visible prose (tokens containing a letter or digit)."""
    return sum(1 for w in prose(markdown).split() if re.search(r"\w", w))


MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
#: Typed numbers allowed in prose: each pattern names why (the number is a label, not data).
ALLOWED_NUMBERS = [
    (r"\b(1[89]\d\d|20\d\d)(s|e|–\d{2,4})?\b", "a year, decade, year range or NATO estimate label (2024e)"),
    (r"\bFY\s?20\d\d\b", "a fiscal year"),
    (rf"\b\d{{1,2}}\s+(?:{MONTHS})\b", "a day of the month in a date"),
    (r"\b(?:20|3\.5|1\.5)\s?%", "a policy target (Wales 20 %, Hague 3.5 % + 1.5 %), cited in the text"),
    (r"\b\d{2,3}(?:–\d{2,3})?\s+minutes\b", "the time box"),
    (r"\bP\d\.\d\b", "a proposition label (P1.1 ...)"),
    (r"\b[A-Z]\d\.\d\b", "an exercise or fact label"),
]


def typed_numbers(markdown: str) -> list[str]:
    """Numbers with two or more digits typed in the prose and not covered by ``ALLOWED_NUMBERS``."""
    p = prose(markdown)
    for pattern, _why in ALLOWED_NUMBERS:
        p = re.sub(pattern, " ", p)
    return [m.group(0) for m in re.finditer(r"\d[\d,.]*\d", p)]


def figure_cells(src: Source) -> list:
    """Code cells with myst-nb figure metadata."""
    return [c for c in src.cells if c.cell_type == "code" and "figure" in c.metadata.get("mystnb", {})]


# --------------------------------------------------------------------------- #
# The readers themselves (so a broken parser cannot make every check pass)     #
# --------------------------------------------------------------------------- #
def test_readers_parse_small_examples():
    text = ("---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"
            "kernelspec: {display_name: Python 3, language: python, name: python3}\n---\n\n"
            "Text {cite:p}`a2020x, b2021y` and {term}`Free riding`\n"
            "and {term}`shown <Target Term>` with {glue:text}`n_allies:.0f` allies.\n\n"
            "```{code-cell} ipython3\n---\nmystnb:\n  figure: {caption: C, name: fig-x}\n"
            "  image: {alt: A finding}\ntags: [hide-input]\n---\nglue(\"n_allies\", 3)\nx = 12345\n```\n\n"
            "```{exercise}\n:label: ex-a\nDo it.\n```\n```{solution} ex-a\n:class: dropdown\nDone.\n```\n"
            "In 2014 on 5 September, 23 allies and 2 % with a 20 % guideline.\n")
    src = read(text)
    assert cite_keys(src.markdown) == {"a2020x", "b2021y"}
    assert term_targets(src.markdown) == {"free riding", "target term"}
    assert glue_names_used(src.markdown) == {"n_allies"}
    assert glue_names_defined(src.code) == ["n_allies"]
    assert exercises_and_solutions(src.markdown) == (["ex-a"], {"ex-a"})
    assert "12345" not in prose(src.markdown)          # code is not prose
    assert typed_numbers(src.markdown) == ["23"]        # 2014, 5 September, 2 %, 20 % are allowed
    (fig,) = figure_cells(src)
    assert fig.metadata["mystnb"]["figure"]["name"] == "fig-x" and tags(fig) == ["hide-input"]
    glossary = "```{glossary}\nFree riding\n  Using without paying.\n\nPublicness\n  Spill-in.\n```\n"
    assert glossary_terms(glossary) == {"free riding", "publicness"}


# --------------------------------------------------------------------------- #
# Checks on every chapter                                                      #
# --------------------------------------------------------------------------- #
_SOURCES: dict[str, Source] = {}


@pytest.fixture(params=CHAPTERS, ids=str)
def ch(request) -> Chapter:
    return request.param


@pytest.fixture
def src(ch) -> Source:
    assert ch.path.is_file(), f"chapter `{ch}`: {ch.path.relative_to(ROOT)} is missing"
    if ch.stem not in _SOURCES:
        text = ch.path.read_text(encoding="utf-8")
        assert "STUB-PAGE" not in text, f"chapter `{ch}` is still a stub"
        _SOURCES[ch.stem] = read(text)
    return _SOURCES[ch.stem]


def test_listed_in_the_table_of_contents_with_a_teacher_page(ch):
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert f"file: chapters/{ch.stem}\n" in toc, f"chapter `{ch}` is not in _toc.yml under Chapters"
    if ch.teacher:
        page = ROOT / "chapters" / "teacher" / f"{ch.stem}.md"
        assert page.is_file(), f"chapter `{ch}` has no teacher page: add chapters/teacher/{ch.stem}.md"
        assert f"file: chapters/teacher/{ch.stem}\n" in toc, \
            f"chapter `{ch}`: add its teacher page to _toc.yml under the teacher guide"


def test_jupytext_header(ch, src):
    head = FRONT_MATTER.match(src.text)
    assert head, f"chapter `{ch}` must start with a jupytext front matter block"
    assert "format_name: myst" in head.group(0) and "name: python3" in head.group(0), \
        f"chapter `{ch}`: the header needs format_name: myst and kernel python3"


def test_skeleton_sections_in_order(ch, src):
    positions = []
    for heading in SKELETON:
        m = re.search(rf"^{re.escape(heading)}\b", src.markdown, re.M)
        assert m, f"chapter `{ch}` lacks the skeleton section {heading!r} (docs/chapter-template.md)"
        positions.append(m.start())
    assert positions == sorted(positions), f"chapter `{ch}`: skeleton sections out of order: expected {SKELETON}"


def test_opening_box(ch, src):
    box = re.search(r"^:::\{admonition\}.*?^:::\s*$", src.markdown, re.S | re.M)
    assert box, f"chapter `{ch}` lacks the opening Prerequisites / You will learn / Data used / Time box"
    for item in OPENING_BOX:
        assert f"**{item}" in box.group(0), f"chapter `{ch}`: the opening box lacks {item!r}"


def test_claim_is_labelled_as_the_courses_reading(ch, src):
    claim = src.markdown.split("## The claim", 1)[1].split("\n## ", 1)[0]
    assert "course's reading" in claim, \
        f"chapter `{ch}`: say that the propositions are the course's reading of the article"
    assert len(re.findall(rf"^{ch.proposition}", claim, re.M)) >= 3, f"chapter `{ch}`: state at least three testable propositions"


def test_exercises_have_solutions(ch, src):
    exercises, solutions = exercises_and_solutions(src.markdown)
    assert len(exercises) >= MIN_EXERCISES, \
        f"chapter `{ch}` has {len(exercises)} exercises; at least {MIN_EXERCISES} needed"
    assert len(set(exercises)) == len(exercises), f"chapter `{ch}`: two exercises share a label"
    missing = [e for e in exercises if e not in solutions]
    assert not missing, f"chapter `{ch}`: exercises without a solution: {missing}"
    orphan = sorted(solutions - set(exercises))
    assert not orphan, f"chapter `{ch}`: solutions pointing at no exercise: {orphan}"


def test_every_solution_is_collapsible(ch, src):
    heads = re.findall(r"^`{3,}\{solution(?:-start)?\}[^\n]*\n((?::[a-z]+:[^\n]*\n)*)", src.markdown, re.M)
    assert heads and all(":class: dropdown" in h for h in heads), \
        f"chapter `{ch}`: every solution needs :class: dropdown"


def test_exercises_say_how_to_run_python(ch, src):
    section = src.text.split("## Exercises", 1)[1].split("```{exercise}", 1)[0]
    assert "from widgets.models import" in section and "Jupyter" in section, \
        f"chapter `{ch}`: tell students which imports the coding exercises need and where to run them"


def test_every_cited_key_is_in_references_bib(ch, src):
    keys = cite_keys(src.markdown)
    assert keys, f"chapter `{ch}` cites nothing"
    bib = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))
    missing = sorted(keys - bib)
    assert not missing, f"chapter `{ch}` cites keys not in references.bib: {missing}"
    print(f"\nchapter {ch} cites {len(keys)} distinct references "
          f"({len(roles(src.markdown, 'cite'))} citation roles).")


def test_every_term_is_in_the_glossary(ch, src):
    targets = term_targets(src.markdown)
    assert targets, f"chapter `{ch}` links no glossary term"
    text = GLOSSARY.read_text(encoding="utf-8")
    if "STUB-PAGE" in text:
        pytest.fail("chapters/glossary.md is still a stub: the chapter's {term} links cannot resolve")
    missing = sorted(targets - glossary_terms(text))
    assert not missing, f"chapter `{ch}`: {{term}} targets not defined in chapters/glossary.md: {missing}"


def test_key_terms_are_used_in_the_text(ch, src):
    body, key = src.markdown.split("## Key terms", 1)
    key = key.split("\n## ", 1)[0]
    for term in term_targets(key):
        assert term in term_targets(body) or term in prose(body).lower(), \
            f"chapter `{ch}`: key term {term!r} is listed but never used in the chapter"


def test_every_glued_name_is_glued_once_in_a_code_cell(ch, src):
    used = glue_names_used(src.markdown)
    defined = glue_names_defined(src.code)
    assert used, f"chapter `{ch}`: the prose uses no glued number"
    missing = sorted(used - set(defined))
    assert not missing, f"chapter `{ch}`: {{glue}} names never glued in a code cell: {missing}"
    twice = sorted({n for n in defined if defined.count(n) > 1})
    assert not twice, f"chapter `{ch}`: names glued twice (myst-nb warns, and the build is strict): {twice}"
    print(f"\nchapter {ch} uses {len(used)} glued values in its prose ({len(roles(src.markdown, 'glue'))} glue roles).")


def test_word_count_within_budget(ch, src):
    n = word_count(src.markdown)
    low, high = ch.words
    print(f"\nchapter {ch} prose: {n} words (budget {low}-{high}).")
    assert low <= n <= high, f"chapter `{ch}`: prose has {n} words; keep it within {low}-{high}"


def test_no_typed_numbers_in_prose(ch, src):
    found = typed_numbers(src.markdown)
    assert not found, (
        f"chapter `{ch}`: numbers typed into the prose: {found}. Compute them in a code cell and "
        "insert them with {glue:text}`name:.1f`, or extend ALLOWED_NUMBERS with a reason if they are labels.")


#: A typed exercise number ("Exercise 4", "Exercises 1-3", "E5.1"): sphinx-exercise numbers exercises
#: across the whole book, so the number a page types is not the number it shows.
TYPED_EXERCISE = re.compile(r"\bExercises? \d|\bE\d\.\d")  # "Exercise 4", "E5.1"


def test_exercises_are_referred_to_by_label(ch, src):
    teacher = ROOT / "chapters" / "teacher" / f"{ch.stem}.md"
    texts = {f"chapters/{ch.stem}.md": src.markdown}
    if teacher.is_file():
        texts[str(teacher.relative_to(ROOT))] = teacher.read_text(encoding="utf-8")
    for where, text in texts.items():
        found = [line.strip() for line in text.splitlines() if TYPED_EXERCISE.search(line)]
        assert not found, (
            f"{where}: an exercise number is typed: {found[:3]}. Exercises are numbered across the book; "
            "refer to one by its label, {numref}`ex-...` (\"Exercise 13\") or {ref}`ex-...` (its title).")


def test_figures_have_caption_name_and_alt(ch, src):
    figures = figure_cells(src)
    assert len(figures) >= MIN_FIGURES, f"chapter `{ch}` should show its evidence in figures (at least {MIN_FIGURES})"
    for cell in figures:
        meta = cell.metadata["mystnb"]
        name = meta["figure"].get("name")
        assert name and meta["figure"].get("caption"), f"chapter `{ch}`: each figure needs a caption and a name"
        assert str(meta.get("image", {}).get("alt", "")).strip(), f"chapter `{ch}`: figure {name} has no alt text"
        assert f"{{numref}}`{name}`" in src.markdown, f"chapter `{ch}`: figure {name} is never referenced with {{numref}}"


def test_figure_cells_show_only_drawing(ch, src):
    """A figure cell a reader can reveal draws the figure; it glues nothing."""
    for cell in figure_cells(src):
        if "remove-cell" in tags(cell) or "remove-input" in tags(cell):
            continue
        assert "glue(" not in cell.source, (
            f"chapter `{ch}`: figure {cell.metadata['mystnb']['figure'].get('name')} glues numbers; "
            "move the glue calls into a remove-cell cell before it")


def test_explorers_are_shown_with_what_to_try_and_notice(ch, src):
    for explorer in ch.explorers:
        idx = next((i for i, c in enumerate(src.cells)
                    if c.cell_type == "code" and f"{explorer}().show()" in c.source), None)
        assert idx is not None, f"chapter `{ch}`: {explorer}().show() is not called"
        cell = src.cells[idx]
        assert "remove-input" in tags(cell), f"chapter `{ch}`: tag the {explorer} cell remove-input"
        before = "\n".join(c.source for c in src.cells[:idx] if c.cell_type == "markdown")
        after = "\n".join(c.source for c in src.cells[idx + 1:] if c.cell_type == "markdown")
        assert "**What to try.**" in before.rsplit("\n## ", 1)[-1].rsplit("\n### ", 1)[-1], \
            f"chapter `{ch}`: introduce {explorer} with 'What to try'"
        assert "**What you should notice.**" in after[:3000], \
            f"chapter `{ch}`: follow {explorer} with 'What you should notice'"


def test_explorer_answers_are_collapsed(ch, src):
    """The answers to 'What to try' sit in a dropdown, so students try before they read."""
    text = src.markdown
    for m in re.finditer(r"\*\*What you should notice\.\*\*", text):
        head = text[:m.start()].rsplit("{admonition}", 1)
        assert len(head) == 2 and ":class: dropdown" in head[1][:200] and "\n## " not in head[1], \
            f"chapter `{ch}`: put 'What you should notice' inside an admonition with :class: dropdown"


def test_model_values_are_labelled_illustrative(ch, src):
    md = src.markdown
    assert "illustrative" in md.lower(), f"chapter `{ch}`: label the model's teaching values illustrative"
    for phrase in ch.must_say:
        assert phrase in md, f"chapter `{ch}` must say {phrase!r} (its row in CHAPTERS)"


def test_counts_over_time_use_each_years_members(ch, src):
    """Tables that carry today's allies back in time are filtered to each year's members first."""
    code = "\n".join(src.code)
    calls = ("rank_correlation_by_year(", "allies_at_or_above(", "us_share_of_alliance(")
    if not any(call in code for call in calls):
        return
    assert re.search(r"members_(?:only|by_year)\(nato\b", code), \
        f"chapter `{ch}`: filter the NATO table with members_by_year(nato, countries) first"
    for call in calls:
        for m in re.finditer(re.escape(call) + r"(\w+)", code):
            assert m.group(1) == "members", f"chapter `{ch}`: {call}{m.group(1)}...: use the members-only table"


def test_glued_country_names_read_in_a_sentence(ch, src):
    """Country names glued into prose go through in_sentence ("the United States supplies")."""
    for cell in src.code:
        assert "def with_article" not in cell and "NUMBER_WORDS" not in cell, \
            f"chapter `{ch}`: use widgets.chapter (in_sentence, number_word), not a helper of its own"
        for name, expr in re.findall(r'glue\("(\w+)",\s*(str\([^\n]*)', cell):
            if "country" in expr or "names" in expr:
                pytest.fail(f"chapter `{ch}`: glue {name!r} inserts a bare country name; use in_sentence()")
        for name, expr in re.findall(r'glue\("(\w+)",\s*((?:"[^"]*"\.)?join\([^\n]*)', cell):
            if ("country" in expr or "names" in expr) and "in_sentence" not in expr:
                pytest.fail(f"chapter `{ch}`: glue {name!r} joins bare country names; use in_sentence() on each")


# --------------------------------------------------------------------------- #
# The quiz (data file chapters/quizzes/<stem>.yml)                              #
# --------------------------------------------------------------------------- #
def test_quiz_file_is_valid_and_shown(ch, src):
    quiz = load_quiz(ch.stem)            # validates: feedback for every option, one correct
    assert quiz["quiz_id"] == ch.quiz_id, f"chapter `{ch}`: quiz_id in the quiz file should be {ch.quiz_id!r}"
    assert len(quiz["questions"]) >= MIN_QUIZ_QUESTIONS, \
        f"chapter `{ch}`: the quiz needs at least {MIN_QUIZ_QUESTIONS} questions"
    raw = (ROOT / "chapters" / "quizzes" / f"{ch.stem}.yml").read_text(encoding="utf-8")
    assert "http" not in raw, f"chapter `{ch}`: the quiz must embed its questions, not fetch them"
    cell = next((c for c in src.cells if c.cell_type == "code" and "load_quiz(" in c.source), None)
    assert cell is not None and f'load_quiz("{ch.stem}"' in cell.source, \
        f'chapter `{ch}`: show the quiz with show_quiz(**load_quiz("{ch.stem}")) under ## Self-check'
    assert "remove-input" in tags(cell), f"chapter `{ch}`: tag the quiz cell remove-input"
    assert "shuffle_seed" not in cell.source, f"chapter `{ch}`: quiz positions are set in the file, not shuffled"


def test_quiz_correct_answer_is_not_given_away_by_length(ch):
    """Within each question the correct option must not be clearly the longest."""
    for k, q in enumerate(load_quiz(ch.stem)["questions"], start=1):
        right = [len(text) for text, ok, _f in q["options"] if ok]
        wrong = [len(text) for text, ok, _f in q["options"] if not ok]
        assert right[0] <= 1.15 * max(wrong), f"chapter `{ch}`, quiz question {k}: the correct option is much the longest"


def test_quiz_answer_positions_vary(ch):
    """Correct answers are not always in the same place (the file's order is the page's order)."""
    questions = load_quiz(ch.stem)["questions"]
    positions = [[ok for _t, ok, _f in q["options"]].index(True) for q in questions]
    assert len(set(positions)) >= 3 and positions != sorted(positions), \
        f"chapter `{ch}`: correct positions {positions} should vary (at least three places, not in order)"
    for q in questions:
        lengths = [len(text) for text, _ok, _f in q["options"]]
        assert max(lengths) <= 2 * min(lengths) + 10, \
            f"chapter `{ch}`: quiz options of very different length: {q['question']}"


@pytest.mark.build
def test_built_quiz_requests_nothing_remote(ch, site_dir):
    """The built page holds the quiz: buttons, live feedback regions, and no remote address."""
    page = site_dir / "chapters" / f"{ch.stem}.html"
    assert page.is_file(), f"{page} missing: build the book first"
    html = page.read_text(encoding="utf-8")
    quiz = re.search(rf'<div class="cq-quiz" id="{re.escape(ch.quiz_id)}">.*?</script>', html, re.S)
    assert quiz, f"chapter `{ch}`: the built page has no embedded quiz {ch.quiz_id!r}"
    questions = load_quiz(ch.stem)["questions"]
    assert quiz.group(0).count('aria-live="polite"') == len(questions)
    assert quiz.group(0).count('class="cq-option"') == sum(len(q["options"]) for q in questions)
    assert not re.search(r"https?://", quiz.group(0)), f"chapter `{ch}`: the quiz names a remote address"


def test_chapter_table_matches_the_chapters_folder():
    """Every chapter page in chapters/ has a row, so no chapter escapes these checks."""
    pages = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]-*.md"))
    assert pages == sorted(c.stem for c in CHAPTERS), \
        f"chapters without a row in CHAPTERS (tests/test_chapters.py): {sorted(set(pages) - {c.stem for c in CHAPTERS})}"

# =========================================================================== #
# Chapter 1 (01-origins): checks only this chapter needs                      #
# =========================================================================== #
# Each guards a rule of the chapter standard on Chapter 1's own content: counts of each year's
# members in every frame, one wording for the 2 % count, "What to try" answerable without a
# kernel, answers glued from the explorer's own model, warnings that name their lever, claims in
# alt text and prose that the data support, and teacher-page labels that are the explorers'.
CH01 = ROOT / "chapters" / "01-origins.md"
CH01_TEACHER = ROOT / "chapters" / "teacher" / "01-origins.md"


@pytest.fixture(scope="module")
def chapter() -> str:
    return CH01.read_text(encoding="utf-8")


def markdown(text: str) -> str:
    """The page with each code cell reduced to an empty ``{code-cell}`` fence (read with jupytext)."""
    return "\n\n".join(c.source if c.cell_type == "markdown" else "```{code-cell}\n```"
                       for c in read(text).cells)


def section(text: str, heading: str) -> str:
    """Text from a heading line to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    text = markdown(text)
    start = text.index(heading + "\n")
    rest = text[start + len(heading):]
    m = re.search(rf"^#{{1,{len(level)}}} ", rest, re.M)
    return rest[: m.start()] if m else rest


def figure_alts(text: str) -> dict[str, str]:
    """Figure name -> alt text, from the ``mystnb: figure/image`` metadata of each figure cell."""
    return {c.metadata["mystnb"]["figure"]["name"]: " ".join(str(c.metadata["mystnb"]["image"]["alt"]).split())
            for c in figure_cells(read(text)) if "image" in c.metadata["mystnb"]}


def readout(explorer, **values):
    """(alt, readout text, table row) of one explorer setting, as the site's frames show it."""
    vals = {**explorer.defaults, **values}
    fig = explorer.new_figure(explorer.figsize, explorer.dpi)
    handle = explorer.call_draw(fig)
    result = explorer.call_model(vals)
    alt, text = explorer.call_update(handle, result, vals)
    return alt, text, explorer.call_table(result, vals), handle


@pytest.fixture(scope="module")
def public_goods():
    from widgets.explorers.ch01 import public_goods_explorer
    return public_goods_explorer()


@pytest.fixture(scope="module")
def burden_ex():
    from widgets.explorers.ch01 import burden_explorer
    return burden_explorer()


@pytest.fixture(scope="module")
def data():
    from widgets.data import load
    return {name: load(name) for name in ("nato_spending", "countries", "sipri_milex", "timeline")}


# --------------------------------------------------------------------------- #
# Helpers parse what they should (so a broken parser cannot pass everything)  #
# --------------------------------------------------------------------------- #
def test_helpers_on_small_examples():
    src = ("## A\ntext\n### B\nmore\n## C\nend\n"
           "```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    name: fig-x\n  image:\n"
           "    alt: One two\n      three.\ntags: [x]\n---\nx = 1\n```\n")
    assert section(src, "## A").strip().startswith("text") and "end" not in section(src, "## A")
    assert section(src, "### B").strip() == "more"
    assert figure_alts(src) == {"fig-x": "One two three."}
    assert "x = 1" not in markdown(src)


# --------------------------------------------------------------------------- #
# Point 19: members of each year only, one wording for the count              #
# --------------------------------------------------------------------------- #
def test_burden_explorer_counts_only_members_in_every_frame(burden_ex, data):
    since = data["countries"].set_index("iso3")["nato_member_since"].dropna().astype(int).to_dict()
    metric_param = next(p for p in burden_ex.params if p.name == "metric")
    year_param = next(p for p in burden_ex.params if p.name == "year")
    for metric in metric_param.values:
        for year in year_param.values:
            r = burden_ex.call_model({**burden_ex.defaults, "metric": metric, "year": year})
            late = [c for c in r.table["iso3"] if since.get(c, 0) > year]
            assert not late, f"{metric} {year}: countries shown before they joined NATO: {late}"
    alt, text, row, _ = readout(burden_ex, metric="share_gdp", year=2014)
    n_2014 = sum(1 for c, s in since.items() if s <= 2014 and c != "ISL")
    assert f"of {n_2014} allies with data" in alt and f"of {n_2014} allies with data" in text
    # Sweden (2024) cannot lead the equipment ranking of 2014-2016.
    for year in (2014, 2015, 2016):
        r = burden_ex.call_model({**burden_ex.defaults, "metric": "equipment_share", "year": year})
        assert r.table["iso3"].iloc[0] != "SWE"


def test_one_wording_for_the_2pc_count(chapter, burden_ex):
    from widgets.explorers.ch01 import count_phrase
    alt, text, row, _ = readout(burden_ex, metric="share_gdp")
    k = re.search(r"(\d+) of (\d+) allies with data at or above", text)
    assert k and count_phrase(int(k.group(1)), int(k.group(2))) in text
    assert row["At or above guideline"] == count_phrase(int(k.group(1)), int(k.group(2)))
    # The chapter words the same count the same way: "<n> of <m> allies with data".
    fig2 = section(chapter, "### After Wales: the NATO tables")
    assert re.search(r"`n2_last`\s+of\s+\{glue:text\}`n2_data_last`\s+allies with data", fig2)
    assert "of the {glue:text}`n_members` allies were expected" not in fig2


def test_empty_rows_leave_no_sliver(burden_ex):
    """A group with fewer allies hides the unused bars instead of drawing them zero wide."""
    alt, text, row, handle = readout(burden_ex, group="since_1999")
    bars = list(handle["bars"])
    empty = [b for b in bars if b.get_width() == 0]
    assert empty, "the 'since 1999' group should leave some rows empty"
    assert all(not b.get_visible() for b in empty)
    assert all(b.get_visible() for b in bars if b.get_width() > 0)


# --------------------------------------------------------------------------- #
# Points 13-18: the model explorer says what the reader sees                   #
# --------------------------------------------------------------------------- #
def what_to_try(chapter: str, heading: str) -> str:
    block = section(chapter, heading)
    return block[block.index("**What to try.**"): block.index("```{code-cell}")]


def test_what_to_try_needs_no_live_only_lever(chapter, public_goods, burden_ex):
    for heading, ex in (("### Explorer: who pays for a shared defence?", public_goods),
                        ("### Explorer: burdens in the data", burden_ex)):
        frozen = {p.name for p in ex.frozen}
        live_only = [p for p in ex.params if p.name not in frozen]
        assert live_only, "each explorer has a live-only lever (the test must be able to fail)"
        text = what_to_try(chapter, heading)
        # Sentences marked "Live only" may name the lever; no question may.
        questions = re.sub(r"\*Live only[.:]?\*[^\n]*(\n(?!\n)[^\n]*)*", " ", text)
        for p in live_only:
            words = {p.label.lower(), p.label.split()[-1].lower()}
            words |= {"joined"} if p.name == "group" else set()
            hit = [w for w in words if w in questions.lower()]
            assert not hit, f"'What to try' under {heading!r} asks about the live-only lever {p.label!r}"


def test_readout_shows_what_question_one_asks(public_goods):
    """Q1 asks for the largest economy's share of the allied total: the site's readout shows it."""
    from widgets.models.alliance import equilibrium, nato_calibration
    cal = nato_calibration()
    alt, text, row, _ = readout(public_goods, beta=1.0, G=0.0)
    eq = equilibrium(cal.Y, cal.a, 1.0, G=0.0)
    share = 100 * eq.q[int(np.argmax(cal.Y))] / eq.allied_total
    assert f"pays {share:.0f} % of the allied total" in text
    assert row["Largest economy's share"] == f"{share:.0f} %"


def test_answers_are_glued_from_the_explorers_own_model(chapter):
    cells = "\n".join(read(chapter).code)
    assert "pg = public_goods_explorer()" in cells and "pg.call_model(" in cells
    for name in ("pure = frame(beta=1.0, G=0.0).eq", "cut = frame(G=0.0)", "frame(floor=0.02)"):
        assert name in cells, f"the 'What you should notice' values must come from the explorer: {name}"
    answers = section(chapter, "### Explorer: who pays for a shared defence?")
    answers = answers[answers.index("**What you should notice.**"):]
    assert "strategic-US" not in answers, "no answer may come from the strategic-US mode"
    assert "*Live only (the floor).*" in answers


def test_warning_names_the_lever_that_caused_it(public_goods):
    _, cut, _, _ = readout(public_goods, G=0.0)                         # baseline beta, US cut
    assert "with the US contribution cut" in cut and "low publicness" not in cut.split("Note:")[1]
    low = min(next(p for p in public_goods.params if p.name == "beta").values)
    _, lowb, _, _ = readout(public_goods, beta=low)                       # low beta, baseline G
    assert "at this low publicness" in lowb.split("Note:")[1] and "cut" not in lowb.split("Note:")[1]
    _, base, _, _ = readout(public_goods)
    assert "Note:" not in base


def test_highest_burden_reports_ties(public_goods):
    _, _, row, _ = readout(public_goods, floor=0.035)
    assert row["Highest burden"].startswith("all ")
    _, _, row, _ = readout(public_goods)
    assert row["Highest burden"].startswith("Poland ")


def test_strategic_mode_assumption_and_conditions_are_on_the_page(chapter):
    md = markdown(chapter)
    assert "{term}`strategic-US mode" in md and "`a_de_strategic:.3f`" in md and "`us_budget_bn" in md
    assert "common $a_i$" in md, "state the condition for 'the largest ally carries most'"
    assert "`beta_min:.1f`" in md, "say why the publicness lever starts where it does"
    assert "$\\beta G$ of security" in md, "give the discount as the reason for partial offset"


def test_figure_colours(public_goods):
    from matplotlib.patches import Rectangle
    from widgets import style
    _, _, _, handle = readout(public_goods)
    assert {b.get_facecolor()[:3] for b in handle["us"]} == {tuple(int(style.US_COLOUR[i:i + 2], 16) / 255
                                                               for i in (1, 3, 5))}
    fig = handle["bars"][0].axes.figure
    legend_labels = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "Model (illustrative)" in legend_labels
    grey = tuple(int(style.GREY[i:i + 2], 16) / 255 for i in (1, 3, 5))
    model_ax = handle["bars"][0].axes
    assert not [p for p in model_ax.patches if isinstance(p, Rectangle) and p.get_facecolor()[:3] == grey], \
        "no grey proxy bar in the model panel"


# --------------------------------------------------------------------------- #
# Points 1-12: facts and attributions that must not come back                  #
# --------------------------------------------------------------------------- #
def test_guideline_is_not_credited_to_wales(chapter):
    text = chapter.lower()
    for wrong in ("agreed at wales", "adopted at wales", "2 % guideline agreed at wales"):
        assert wrong not in text
    assert "2006" in chapter and "nato1978dpc" in chapter


def test_timeline_has_the_1978_row_with_a_reference(data):
    tl = data["timeline"]
    row = tl[tl["date"].dt.year == 1978]
    assert len(row) == 1 and "3%" in row["target"].iloc[0]
    key = row["source_key"].iloc[0]
    assert f"{{{key}," in (ROOT / "references.bib").read_text(encoding="utf-8").replace("@misc", "")


def test_no_unsupported_claims_return(chapter):
    md = markdown(chapter)
    for phrase in ("none is a large economy", "All three drivers are there", "central warning is",
                   "different allies, years and significance tests", "revised down in its 2025 release",
                   "risks the very influence", "fell after the Wales pledge", "two of every three",
                   "not one for one", "as old\nas the alliance", "start in 1949 for a handful"):
        assert phrase not in md, phrase
    assert "course's additions" in md


def test_alt_text_claims_match_the_data(chapter, data):
    from widgets.models import burden
    alts = figure_alts(chapter)
    nato, countries, sipri = data["nato_spending"], data["countries"], data["sipri_milex"]
    members = burden.members_only(nato, countries)
    last = int(nato["year"].max())
    # Fig. 3: the six highest, in order, and the six named as below the line.
    t = burden.burden_table(nato, last, "share_gdp")
    top6 = [n for n in t["country"].head(6)]
    alt3 = alts["fig-ch01-burdens"]
    order = [alt3.index(n) for n in top6]
    assert order == sorted(order), f"Fig. 3 alt text order differs from the data: {top6}"
    below = t[t["value"] < 2.0]["country"].tolist()
    for name in ("Italy", "Canada", "Belgium", "Luxembourg", "Slovenia", "Spain"):
        assert name in alt3 and name in below, name
    # Fig. 2: US share above half every year, lower at the end; biggest jump in the last year.
    us = burden.us_share_of_alliance(members)
    assert (us > 50).all() and us.iloc[-1] < us.iloc[0]
    at2 = burden.allies_at_or_above(members, threshold=2.0)
    assert at2.diff().idxmax() == at2.index.max()
    assert "more than half" in alts["fig-ch01-count"]
    # Fig. 5: tau inside the band every year, drifting down.
    rc = burden.rank_correlation_by_year(members, method="kendall").set_index("year")
    n = rc["n"]
    crit = 1.96 * np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))
    assert (rc["coefficient"].abs() < crit).all() and rc["coefficient"].iloc[-1] < rc["coefficient"].iloc[0]
    assert "inside the band in every year" in alts["fig-ch01-kendall"]
    # Fig. 1: the US above the four European allies in almost every year after 1950.
    m = sipri[sipri["indicator"] == "milex_share_gdp"].pivot_table(index="year", columns="iso3", values="value")
    e4 = ["GBR", "FRA", "DEU", "ITA"]
    after = m[m.index > 1950]
    assert (after["USA"] > after[e4].max(axis=1)).mean() > 0.9
    assert m.loc[last, e4].mean() > m.loc[2014, e4].mean()
    peaks = {c: int(m[c].idxmax()) for c in ["USA", "GBR", "FRA", "ITA", "CAN"]}
    assert all(1950 <= y <= 1954 for y in peaks.values()) and 1960 <= int(m["DEU"].idxmax()) <= 1969
    gap = m["USA"] - m[e4].mean(axis=1)
    assert gap.loc[1991:2000].mean() < gap.loc[1980:1989].mean()
    # Fig. 4: Japan near 1 % for decades from 1960, South Korea above Japan throughout.
    jpn = m.loc[1960:2020, "JPN"].dropna()
    assert jpn.between(0.7, 1.5).all() and m.loc[last, "JPN"] > jpn.max()
    twn = m["TWN"].dropna()
    assert twn.iloc[0] > 2 * twn.iloc[-1]
    kor = m[["KOR", "JPN"]].dropna()
    assert (kor["KOR"] > kor["JPN"]).all()


def test_alt_texts_type_no_data_numbers(chapter):
    """Alt texts may name years and the 2 % line, nothing the data could contradict."""
    for name, alt in figure_alts(chapter).items():
        rest = re.sub(r"\b(19|20)\d\ds?\b", " ", alt)
        rest = re.sub(r"\b2 %", " ", rest)
        rest = rest.replace("close to 1 %", " ")  # Fig. 4, checked in test_alt_text_claims_match_the_data
        assert not re.findall(r"\d", rest), f"{name}: typed number in alt text: {alt}"


# --------------------------------------------------------------------------- #
# Points 21-26: for students                                                   #
# --------------------------------------------------------------------------- #
def test_no_template_sentences_in_the_prose(chapter):
    md = markdown(chapter)
    assert not re.search(r"`\s+of the \{glue:text\}`(tau_years|nato_n_years|n_equip_both)`", md)
    assert "ranks\nnumber" not in md and "ranks number" not in md


def test_next_link_after_the_chapter_is_a_student_page():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"file:\s*(\S+)", toc)
    after = files[files.index("chapters/01-origins") + 1]
    assert not after.startswith("chapters/teacher"), f"'Next' after Chapter 1 leads to {after}"
    assert all(f.startswith("chapters/teacher") for f in files[files.index("chapters/teacher/index"):])


def test_every_question_prompt_has_an_answer_note(chapter):
    n_questions = len(re.findall(r"^\*\*Question\.\*\*", markdown(chapter), re.M))
    teacher = CH01_TEACHER.read_text(encoding="utf-8")
    notes = section(teacher, "## Answers to the chapter's questions")
    n_notes = len(re.findall(r"^: ", notes, re.M))
    assert n_questions >= 4 and n_notes >= n_questions, (n_questions, n_notes)


def test_teacher_task_labels_are_the_explorers(public_goods, burden_ex):
    from widgets.explorers.ch01 import METRIC_LABELS
    teacher = CH01_TEACHER.read_text(encoding="utf-8")
    sheet = section(teacher, "### Settings sheet (print one per pair)")
    for ex in (public_goods, burden_ex):
        assert ex.title in sheet, ex.title
    for label in re.findall(r'Metric "([^"]+)"', sheet):
        assert label in METRIC_LABELS.values(), label
    for p in public_goods.frozen:
        assert p.label in sheet, p.label
    assert "2024e" in sheet and "share of NATO's total" not in sheet


def test_solution_claims_in_words_hold():
    """Words in the exercise solutions and answer keys that glue cannot carry."""
    from widgets.models import alliance
    cal = alliance.nato_calibration()
    ratios = [alliance.offset_ratio(cal.Y, cal.a, b, G_from=cal.G0, G_to=0.0) for b in (0.25, 0.5, 0.75)]
    assert all(0 < r < 1 for r in ratios) and ratios == sorted(ratios), "below 1 throughout, rising with beta"
    scal = alliance.nato_calibration(strategic_us=True)
    start = scal.baseline()
    floors = np.r_[0.0, np.full(len(scal.names) - 1, 0.035)]
    e = alliance.equilibrium(scal.Y, scal.a, scal.beta, G=0.0, floor=floors)
    allies_up = float(np.sum(e.q[1:]) - np.sum(start.q[1:]))
    total_up = float(np.sum(e.q) - np.sum(start.q))
    assert 0 < total_up < allies_up, "total spending rises by less than the allies' increase"
    assert e.burden_pct[0] < start.burden_pct[0], "the unbound United States trims its burden"
    de = cal.iso3.index("DEU")
    assert scal.a[scal.iso3.index("DEU")] > cal.a[de], "strategic-US weights are larger"


def test_no_page_promises_a_chapter_that_exists_as_in_preparation():
    """All six chapters are published: a leftover "(in preparation)" would send a reader away
    from a page that is there."""
    pages = [ROOT / "intro.md", *sorted((ROOT / "chapters").rglob("*.md"))]
    found = [f"{p.relative_to(ROOT)}:{i}" for p in pages
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "in preparation" in line]
    assert not found, f"'in preparation' left on: {found}. Link the chapter instead ({{doc}}`Chapter 5 <05-policy-steps>`)."
