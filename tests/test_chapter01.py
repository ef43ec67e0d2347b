"""Content checks on the source of Chapter 1 (``chapters/01-origins.md``).

These read the MyST source only (no execution, no build), so they run in a second. They check
what a reviewer would otherwise check by hand: the chapter follows the skeleton of
``docs/chapter-template.md``; every exercise has a solution; every citation key, glossary term
and glued number it uses exists; the prose stays within its word budget; and no number is typed
into the prose instead of being computed and glued.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "01-origins.md"
BIB = ROOT / "references.bib"
GLOSSARY = ROOT / "chapters" / "glossary.md"

WORDS_MIN, WORDS_MAX = 3000, 5000
MIN_EXERCISES = 4

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

CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n.*?^```[ \t]*$", re.S | re.M)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
ROLE = re.compile(r"\{(?P<role>[a-z:\-]+)\}`(?P<body>[^`]*)`")


# --------------------------------------------------------------------------- #
# Parsing helpers (pure; exercised on small strings below so they can fail)    #
# --------------------------------------------------------------------------- #
def code_cells(text: str) -> list[str]:
    """Source of every ``{code-cell}`` block, fences included."""
    return CODE_CELL.findall(text)


def markdown_only(text: str) -> str:
    """The chapter without its front matter and code cells."""
    return CODE_CELL.sub("", FRONT_MATTER.sub("", text))


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


def glue_names_defined(cells: list[str]) -> list[str]:
    """Names glued with a literal string in code cells (``glue("name", ...)``)."""
    names = []
    for cell in cells:
        names += re.findall(r"""\bglue\(\s*["']([A-Za-z0-9_]+)["']""", cell)
    return names


def exercises_and_solutions(text: str) -> tuple[list[str], set[str]]:
    """Labels of ``{exercise}`` directives and targets of ``{solution}``/``{solution-start}``."""
    ex = re.findall(r"^`{3,}\{exercise\}[^\n]*\n:label:\s*(\S+)", text, re.M)
    sol = set(re.findall(r"^`{3,}\{solution(?:-start)?\}\s*(\S+)", text, re.M))
    return ex, sol


def prose(text: str) -> str:
    """Reader-visible prose: markdown without code, directive syntax, roles' markup, math, HTML."""
    md = markdown_only(text)
    md = re.sub(r"\$\$.*?\$\$", " ", md, flags=re.S)         # display math
    md = re.sub(r"\$[^$\n]+\$", " ", md)                     # inline math
    md = re.sub(r"^\s*(`{3,}|:{3,}).*$", " ", md, flags=re.M)  # directive fences
    md = re.sub(r"^:[a-z\-]+:.*$", " ", md, flags=re.M)      # directive options
    md = re.sub(r"^\([\w\-]+\)=\s*$", " ", md, flags=re.M)   # target labels
    md = re.sub(r"<[^>]+>", " ", md)                         # HTML tags
    md = ROLE.sub(lambda m: " " if m.group("role").startswith(("glue", "cite", "numref", "ref"))
                  else m.group("body"), md)
    md = re.sub(r"`[^`]*`", " ", md)                         # inline code
    return md


def word_count(text: str) -> int:
    """Words of reader-visible prose (tokens containing a letter or digit)."""
    return sum(1 for w in prose(text).split() if re.search(r"\w", w))


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


def typed_numbers(text: str) -> list[str]:
    """Numbers with two or more digits typed in the prose and not covered by ``ALLOWED_NUMBERS``."""
    p = prose(text)
    for pattern, _why in ALLOWED_NUMBERS:
        p = re.sub(pattern, " ", p)
    return [m.group(0) for m in re.finditer(r"\d[\d,.]*\d", p)]


# --------------------------------------------------------------------------- #
# The helpers themselves (so a broken parser cannot make every check pass)     #
# --------------------------------------------------------------------------- #
def test_helpers_parse_small_examples():
    src = ("---\nk: v\n---\nText {cite:p}`a2020x, b2021y` and {term}`Free riding`\n"
           "and {term}`shown <Target Term>` with {glue:text}`n_allies:.0f` allies.\n"
           "```{code-cell} ipython3\nglue(\"n_allies\", 3)\nx = 12345\n```\n"
           "```{exercise}\n:label: ex-a\nDo it.\n```\n```{solution} ex-a\n:class: dropdown\nDone.\n```\n"
           "In 2014 on 5 September, 23 allies and 2 % with a 20 % guideline.\n")
    assert cite_keys(src) == {"a2020x", "b2021y"}
    assert term_targets(src) == {"free riding", "target term"}
    assert glue_names_used(src) == {"n_allies"}
    assert glue_names_defined(code_cells(src)) == ["n_allies"]
    assert exercises_and_solutions(src) == (["ex-a"], {"ex-a"})
    assert "12345" not in prose(src)            # code is not prose
    assert typed_numbers(src) == ["23"]          # 2014, 5 September, 2 %, 20 % are allowed
    glossary = "```{glossary}\nFree riding\n  Using without paying.\n\nPublicness\n  Spill-in.\n```\n"
    assert glossary_terms(glossary) == {"free riding", "publicness"}


# --------------------------------------------------------------------------- #
# Checks on the chapter                                                        #
# --------------------------------------------------------------------------- #
@pytest.fixture(scope="module")
def chapter() -> str:
    assert CHAPTER.is_file(), f"{CHAPTER} is missing"
    text = CHAPTER.read_text(encoding="utf-8")
    assert "STUB-PAGE" not in text, f"{CHAPTER.name} is still a stub"
    return text


def test_jupytext_header(chapter):
    head = FRONT_MATTER.match(chapter)
    assert head, "the chapter must start with a jupytext front matter block"
    assert "format_name: myst" in head.group(0) and "name: python3" in head.group(0)


def test_skeleton_sections_in_order(chapter):
    positions = []
    for heading in SKELETON:
        m = re.search(rf"^{re.escape(heading)}\b", chapter, re.M)
        assert m, f"chapter lacks the skeleton section {heading!r} (docs/chapter-template.md)"
        positions.append(m.start())
    assert positions == sorted(positions), f"skeleton sections out of order: expected {SKELETON}"


def test_opening_box(chapter):
    box = re.search(r"^:::\{admonition\}.*?^:::\s*$", chapter, re.S | re.M)
    assert box, "the opening Prerequisites / You will learn / Data used / Time box is missing"
    for item in OPENING_BOX:
        assert f"**{item}" in box.group(0), f"the opening box lacks {item!r}"


def test_claim_is_labelled_as_the_courses_reading(chapter):
    claim = chapter.split("## The claim", 1)[1].split("\n## ", 1)[0]
    assert "course's reading" in claim, "say that the propositions are the course's reading of the article"
    assert len(re.findall(r"^P\d\.\d", claim, re.M)) >= 3, "state at least three testable propositions"


def test_exercises_have_solutions(chapter):
    exercises, solutions = exercises_and_solutions(chapter)
    assert len(exercises) >= MIN_EXERCISES, f"{len(exercises)} exercises; at least {MIN_EXERCISES} needed"
    assert len(set(exercises)) == len(exercises), "two exercises share a label"
    missing = [e for e in exercises if e not in solutions]
    assert not missing, f"exercises without a solution: {missing}"
    orphan = sorted(solutions - set(exercises))
    assert not orphan, f"solutions pointing at no exercise: {orphan}"


def test_every_solution_is_collapsible(chapter):
    heads = re.findall(r"^`{3,}\{solution(?:-start)?\}[^\n]*\n((?::[a-z]+:[^\n]*\n)*)", chapter, re.M)
    assert heads and all(":class: dropdown" in h for h in heads), "every solution needs :class: dropdown"


def test_every_cited_key_is_in_references_bib(chapter):
    keys = cite_keys(chapter)
    assert keys, "the chapter cites nothing"
    bib = set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))
    missing = sorted(keys - bib)
    assert not missing, f"cited but not in references.bib: {missing}"
    print(f"\nChapter 1 cites {len(keys)} distinct references "
          f"({len(roles(chapter, 'cite'))} citation roles).")


def test_every_term_is_in_the_glossary(chapter):
    targets = term_targets(chapter)
    assert targets, "the chapter links no glossary term"
    text = GLOSSARY.read_text(encoding="utf-8")
    if "STUB-PAGE" in text:
        pytest.fail("chapters/glossary.md is still a stub: the chapter's {term} links cannot resolve")
    missing = sorted(targets - glossary_terms(text))
    assert not missing, f"{{term}} targets not defined in chapters/glossary.md: {missing}"


def test_every_glued_name_is_glued_once_in_a_code_cell(chapter):
    used = glue_names_used(markdown_only(chapter))
    defined = glue_names_defined(code_cells(chapter))
    assert used, "the prose uses no glued number"
    missing = sorted(used - set(defined))
    assert not missing, f"{{glue}} names never glued in a code cell: {missing}"
    twice = sorted({n for n in defined if defined.count(n) > 1})
    assert not twice, f"names glued twice (myst-nb warns, and the build is strict): {twice}"
    print(f"\nChapter 1 uses {len(used)} glued values in its prose ({len(roles(chapter, 'glue'))} glue roles).")


def test_word_count_within_budget(chapter):
    n = word_count(chapter)
    print(f"\nChapter 1 prose: {n} words (budget {WORDS_MIN}-{WORDS_MAX}).")
    assert WORDS_MIN <= n <= WORDS_MAX, f"prose has {n} words; keep it within {WORDS_MIN}-{WORDS_MAX}"


def test_no_typed_numbers_in_prose(chapter):
    found = typed_numbers(chapter)
    assert not found, (
        f"numbers typed into the prose: {found}. Compute them in a code cell and insert them with "
        "{glue:text}`name:.1f`, or extend ALLOWED_NUMBERS with a reason if they are labels.")


def test_figures_have_caption_name_and_alt(chapter):
    figures = [c for c in code_cells(chapter) if "figure:" in c]
    assert len(figures) >= 3, "the chapter should show its evidence in figures"
    for cell in figures:
        name = re.search(r"name:\s*(\S+)", cell)
        assert name and "caption:" in cell, "each figure cell needs mystnb figure caption and name"
        assert re.search(r"alt:\s*\S", cell), f"figure {name.group(1)} has no alt text"
        assert f"{{numref}}`{name.group(1)}`" in chapter, f"figure {name.group(1)} is never referenced with {{numref}}"


def test_explorers_are_shown_with_what_to_try_and_notice(chapter):
    for explorer in ("public_goods_explorer", "burden_explorer"):
        cell = next((c for c in code_cells(chapter) if f"{explorer}().show()" in c), None)
        assert cell, f"{explorer}().show() is not called"
        assert "remove-input" in cell.split("\n", 3)[1], f"tag the {explorer} cell remove-input"
        before, after = chapter.split(cell, 1)
        assert "**What to try.**" in before.rsplit("\n## ", 1)[-1].rsplit("\n### ", 1)[-1], \
            f"introduce {explorer} with 'What to try'"
        assert "**What you should notice.**" in after[:3000], f"follow {explorer} with 'What you should notice'"


def test_model_values_are_labelled_illustrative(chapter):
    assert "illustrative" in markdown_only(chapter).lower()
    assert "June 2024" in markdown_only(chapter), "say which data calibrate the model (NATO June 2024 tables)"


QUIZ_OPTION = re.compile(r'\(\s*"([^"]+)",\s*(True|False),\s*\n?\s*"([^"]+)"\s*\)', re.S)


def quiz_cell(chapter: str) -> str:
    cell = next((c for c in code_cells(chapter) if "show_quiz(" in c), None)
    assert cell, "the self-check quiz (widgets.quiz.show_quiz) is missing"
    return cell


def test_quiz_has_feedback_for_every_option(chapter):
    cell = quiz_cell(chapter)
    n_tuples = len(re.findall(r'^\s*\("', cell, re.M))
    options = QUIZ_OPTION.findall(cell)
    assert options and len(options) == n_tuples, "every quiz option needs (text, correct, feedback)"
    assert "http" not in cell, "the quiz must embed its questions, not fetch them"


def test_quiz_correct_answer_is_not_given_away_by_length(chapter):
    """Within each question the correct option must not be clearly the longest."""
    cell = quiz_cell(chapter)
    questions = re.split(r'\{"question":', cell)[1:]
    assert len(questions) >= 4
    for k, q in enumerate(questions, start=1):
        opts = QUIZ_OPTION.findall(q)
        right = [len(text) for text, ok, _f in opts if ok == "True"]
        wrong = [len(text) for text, ok, _f in opts if ok == "False"]
        assert len(right) == 1, f"question {k} needs exactly one correct option"
        assert right[0] <= 1.15 * max(wrong), f"question {k}: the correct option is much the longest"


def test_explorer_answers_are_collapsed(chapter):
    """The answers to 'What to try' sit in a dropdown, so students try before they read."""
    for m in re.finditer(r"\*\*What you should notice\.\*\*", chapter):
        head = chapter[:m.start()].rsplit("{admonition}", 1)
        assert len(head) == 2 and ":class: dropdown" in head[1][:200] and "\n## " not in head[1], \
            "put 'What you should notice' inside an admonition with :class: dropdown"


def test_trend_tests_count_only_each_years_members(chapter):
    """NATO's tables carry today's 32 allies back to 2014; tests over time must drop non-members."""
    code = "\n".join(code_cells(chapter))
    assert "members_only(nato, countries)" in code
    for call in ("rank_correlation_by_year(", "allies_at_or_above(", "us_share_of_alliance("):
        for m in re.finditer(re.escape(call) + r"(\w+)", code):
            assert m.group(1) == "members", f"{call}{m.group(1)}...: use the members-only table"


def test_glued_country_names_read_in_a_sentence(chapter):
    """Country names glued into prose go through with_article ("the United States supplies")."""
    for cell in code_cells(chapter):
        for name, expr in re.findall(r'glue\("(\w+)",\s*(str\([^\n]*)', cell):
            if "country" in expr or "names" in expr:
                pytest.fail(f"glue {name!r} inserts a bare country name; wrap it in with_article()")
        for name, expr in re.findall(r'glue\("(\w+)",\s*("[^"]*"\.join\([^\n]*)', cell):
            if ("country" in expr or "names" in expr) and "with_article" not in expr:
                pytest.fail(f"glue {name!r} joins bare country names; wrap each in with_article()")


def test_key_terms_are_used_in_the_text(chapter):
    body, key = chapter.split("## Key terms", 1)
    key = key.split("\n## ", 1)[0]
    for term in term_targets(key):
        assert term in term_targets(body) or term in prose(body).lower(), \
            f"Key term {term!r} is listed but never used in the chapter"


def test_exercises_say_how_to_run_python(chapter):
    section = chapter.split("## Exercises", 1)[1].split("```{exercise}", 1)[0]
    assert "from widgets.models import" in section and "Jupyter" in section, \
        "tell students which imports the coding exercises need and where to run them"


@pytest.mark.build
def test_built_quiz_requests_nothing_remote(site_dir):
    """The built page holds the quiz: buttons, live feedback regions, and no remote address."""
    page = site_dir / "chapters" / "01-origins.html"
    assert page.is_file(), f"{page} missing: build the book first"
    html = page.read_text(encoding="utf-8")
    quiz = re.search(r'<div class="cq-quiz" id="quiz-ch01">.*?</script>', html, re.S)
    assert quiz, "the built chapter has no embedded quiz"
    assert quiz.group(0).count('aria-live="polite"') >= 4
    assert quiz.group(0).count('class="cq-option"') >= 8
    assert not re.search(r"https?://", quiz.group(0)), "the quiz names a remote address"
