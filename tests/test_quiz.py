"""Tests for ``widgets.quiz``: the offline, keyboard-safe self-check quiz."""
from __future__ import annotations

import re

import pytest

from widgets.quiz import quiz_html

QUESTIONS = [
    {"question": "Which is a <b>prime</b>?",
     "options": [("4", False, "4 = 2 x 2."), ("7", True, "Only 1 and 7 divide it."),
                 ("9", False, "9 = 3 x 3."), ("12 & up", False, "Too big & composite.")]},
    {"question": "Second?", "options": [("yes", True, "Right."), ("no", False, "Wrong \"quote\".")]},
]


def buttons(html):
    return re.findall(r'<button[^>]*data-correct="([01])" data-feedback="([^"]*)">([^<]*)</button>', html)


def test_every_option_is_a_button_with_its_feedback():
    html = quiz_html(QUESTIONS, quiz_id="t1")
    found = buttons(html)
    assert len(found) == 6
    assert [b[2] for b in found[:4]] == ["4", "7", "9", "12 &amp; up"]
    assert [b[0] for b in found] == ["0", "1", "0", "0", "1", "0"]
    assert all(b[1] for b in found), "every option carries feedback"
    assert "Wrong &quot;quote&quot;." in html


def test_text_is_escaped_and_questions_are_numbered():
    html = quiz_html(QUESTIONS, quiz_id="t2")
    assert "<b>prime</b>" not in html and "&lt;b&gt;prime&lt;/b&gt;" in html
    assert re.findall(r"<legend>(\d)\. ", html) == ["1", "2"]


def test_accessibility_hooks():
    html = quiz_html(QUESTIONS, quiz_id="t3")
    assert html.count('aria-live="polite"') == len(QUESTIONS)
    assert html.count('type="button"') == 6, "options are real buttons, so arrow keys cannot answer"
    assert "focus-visible" in html and "outline: 3px" in html, "a visible focus ring is styled"
    assert "Not quite" in html and "Correct" in html, "correctness is said in words, not colour alone"
    assert 'id="t3"' in html and 'getElementById("t3")' in html


def test_offline():
    html = quiz_html(QUESTIONS, quiz_id="t4")
    assert not re.search(r"https?://|src=", html), "the quiz must not load anything"


def test_shuffle_is_deterministic_and_keeps_options():
    a = quiz_html(QUESTIONS, quiz_id="s", shuffle_seed=3)
    b = quiz_html(QUESTIONS, quiz_id="s", shuffle_seed=3)
    assert a == b
    plain = buttons(quiz_html(QUESTIONS, quiz_id="s"))
    orders = {tuple(x[2] for x in buttons(quiz_html(QUESTIONS, quiz_id="s", shuffle_seed=s))[:4])
              for s in range(10)}
    assert len(orders) > 1, "different seeds should give different orders"
    for order in orders:
        assert sorted(order) == sorted(x[2] for x in plain[:4])


@pytest.mark.parametrize("bad, message", [
    ([], "empty"),
    ("text", "list of dicts"),
    ([{"question": "", "options": [("a", True, "f"), ("b", False, "g")]}], "question 1"),
    ([{"question": "Q", "options": [("a", True, "f")]}], "at least two"),
    ([{"question": "Q", "options": [("a", True, ""), ("b", False, "g")]}], "option 1"),
    ([{"question": "Q", "options": [("a", True, "f"), ("b", True, "g")]}], "exactly one"),
    ([{"question": "Q", "options": [("a", 1, "f"), ("b", False, "g")]}], "True or False"),
    ([{"question": "Q", "options": [("a", True), ("b", False, "g")]}], "text, correct, feedback"),
])
def test_bad_questions_raise_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        quiz_html(bad)


def test_bad_id_is_rejected():
    with pytest.raises(ValueError, match="quiz_id"):
        quiz_html(QUESTIONS, quiz_id='x" onload="alert(1)')


@pytest.mark.parametrize("body, message", [
    ("quiz_id: q\n", "needs exactly the keys"),
    ("quiz_id: q\nquestions:\n  - question: A?\n    options:\n      - {text: a, correct: true}\n",
     "question 1, option 1 needs exactly the keys 'text', 'correct' and 'feedback'"),
    ("quiz_id: q\nquestions:\n  - question: A?\n    options:\n"
     "      - {text: a, correct: true, feedback: f}\n      - {text: b, correct: true, feedback: g}\n",
     "question 1: exactly one option must be correct"),
    ("quiz_id: 1q\nquestions:\n  - question: A?\n    options:\n"
     "      - {text: a, correct: true, feedback: f}\n      - {text: b, correct: false, feedback: g}\n",
     "must start with a letter"),
    ("quiz_id: [\n", "not valid YAML"),
])
def test_quiz_file_errors_name_the_file_and_the_fix(tmp_path, body, message):
    from widgets.quiz import load_quiz
    (tmp_path / "bad.yml").write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        load_quiz("bad", folder=tmp_path)
    assert "bad.yml" in str(info.value)


def test_missing_quiz_file_says_where_to_write_it(tmp_path):
    from widgets.quiz import load_quiz
    with pytest.raises(ValueError, match=r"none\.yml: quiz file not found.*chapter-template"):
        load_quiz("none", folder=tmp_path)


def test_quiz_placeholders_are_filled_from_the_page(tmp_path):
    from widgets.quiz import load_quiz
    (tmp_path / "q.yml").write_text(
        "quiz_id: q\nquestions:\n  - question: Why {n} allies?\n    options:\n"
        "      - {text: a, correct: true, feedback: 'f {n}'}\n      - {text: b, correct: false, feedback: g}\n",
        encoding="utf-8")
    assert load_quiz("q", folder=tmp_path)["questions"][0]["question"] == "Why {n} allies?"
    filled = load_quiz("q", values={"n": 23}, folder=tmp_path)["questions"][0]
    assert filled["question"] == "Why 23 allies?" and filled["options"][0][2] == "f 23"
    with pytest.raises(ValueError, match=r"q\.yml: question 1 uses placeholder 'n'"):
        load_quiz("q", values={}, folder=tmp_path)


def test_the_verdict_is_said_once():
    """The quiz says "Correct." / "Not quite." itself; a feedback that starts with its own
    verdict word ("No: ...") would read "Not quite. No: ..."."""
    html = quiz_html([{"question": "Q?", "options": [
        ("a", True, "Right: because of x."), ("b", False, "No: that is y."),
        ("c", False, "Not quite, z."), ("d", False, "Nobody says so.")]}], quiz_id="v1")
    feedback = [b[1] for b in buttons(html)]
    assert feedback == ["Because of x.", "That is y.", "Z.", "Nobody says so."]


def _contrast(fg: str, bg: str) -> float:
    def lum(hex_colour):
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_feedback_colours_meet_aa_in_light_and_dark_mode():
    """WCAG AA (4.5:1) for the feedback text on the page background of each mode
    (white in light mode, the dark theme's #121212)."""
    html = quiz_html(QUESTIONS, quiz_id="c1")
    light = dict(re.findall(r"^\.cq-quiz \.cq-feedback\.(cq-right|cq-wrong) \{ color: (#[0-9a-fA-F]{6}); \}",
                            html, re.M))
    dark = dict(re.findall(r'^html\[data-theme="dark"\] \.cq-quiz \.cq-feedback\.(cq-right|cq-wrong) '
                           r"\{ color: (#[0-9a-fA-F]{6}); \}", html, re.M))
    assert set(light) == set(dark) == {"cq-right", "cq-wrong"}, "both modes style both verdicts"
    for kind in ("cq-right", "cq-wrong"):
        assert _contrast(light[kind], "#ffffff") >= 4.5, (kind, light[kind])
        assert _contrast(dark[kind], "#121212") >= 4.5, (kind, dark[kind])
