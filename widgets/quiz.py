"""A small self-check quiz that runs in the browser without a kernel or any network access.

Each question is a group of buttons, one per option. Pressing an option (mouse, Enter or Space)
shows that option's feedback in a live region that screen readers announce; moving the keyboard
focus (Tab, or arrow keys in a browser that supports them) never answers anything. The page needs
no external script or style sheet: the HTML carries its own short ``<style>`` and ``<script>``.

Examples
--------
>>> q = [{"question": "2 + 2?", "options": [("4", True, "Yes."), ("5", False, "Count again.")]}]
>>> html = quiz_html(q, quiz_id="demo")
>>> 'aria-live="polite"' in html and "Count again." in html
True
"""
from __future__ import annotations

import html
import random
import re
from pathlib import Path

__all__ = ["quiz_html", "show_quiz", "load_quiz", "quiz_dir"]

#: Top-level keys of a quiz file.
_FILE_KEYS = {"quiz_id", "questions"}

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

#: Feedback colours: darker shades of Okabe-Ito bluish green and vermillion (contrast >= 4.5:1 on
#: white); correctness is also said in words and with a sign, never by colour alone.
_STYLE = """
.cq-quiz {{ margin: 1em 0; }}
.cq-quiz fieldset {{ border: 1px solid #bbb; border-radius: 6px; margin: 0 0 1em 0; padding: .6em 1em; }}
.cq-quiz legend {{ font-size: 1rem; font-weight: 600; line-height: 1.4; padding: 0 .3em; margin: 0; }}
.cq-quiz .cq-option {{ display: block; width: 100%; text-align: left; margin: .3em 0; padding: .45em .7em;
  border: 1px solid #767676; border-radius: 4px; background: #fff; color: #111; font: inherit; cursor: pointer; }}
.cq-quiz .cq-option:hover {{ background: #f0f4f8; }}
.cq-quiz .cq-option:focus {{ outline: 3px solid #0072B2; outline-offset: 2px; }}
.cq-quiz .cq-option:focus:not(:focus-visible) {{ outline: none; }}
.cq-quiz .cq-option:focus-visible {{ outline: 3px solid #0072B2; outline-offset: 2px; }}
.cq-quiz .cq-option[aria-pressed="true"] {{ border-width: 2px; font-weight: 600; }}
.cq-quiz .cq-option.cq-right {{ border-color: #00734f; }}
.cq-quiz .cq-option.cq-wrong {{ border-color: #a63d00; }}
.cq-quiz .cq-feedback {{ min-height: 1.4em; margin: .4em 0 0 0; }}
.cq-quiz .cq-feedback.cq-right {{ color: #00734f; }}
.cq-quiz .cq-feedback.cq-wrong {{ color: #a63d00; }}
html[data-theme="dark"] .cq-quiz fieldset {{ border-color: #666; }}
html[data-theme="dark"] .cq-quiz .cq-option {{ background: #1e1e1e; color: #e6e6e6; border-color: #8a8a8a; }}
html[data-theme="dark"] .cq-quiz .cq-option:hover {{ background: #2a3440; }}
html[data-theme="dark"] .cq-quiz .cq-option.cq-right {{ border-color: #4cd6a0; }}
html[data-theme="dark"] .cq-quiz .cq-option.cq-wrong {{ border-color: #ff9a5c; }}
html[data-theme="dark"] .cq-quiz .cq-feedback.cq-right {{ color: #4cd6a0; }}
html[data-theme="dark"] .cq-quiz .cq-feedback.cq-wrong {{ color: #ff9a5c; }}
"""

_SCRIPT = """
(function () {{
  var root = document.getElementById("{quiz_id}");
  if (!root) {{ return; }}
  root.querySelectorAll(".cq-option").forEach(function (button) {{
    button.addEventListener("click", function () {{
      var group = button.closest(".cq-question");
      group.querySelectorAll(".cq-option").forEach(function (other) {{
        other.setAttribute("aria-pressed", "false");
        other.classList.remove("cq-right", "cq-wrong");
      }});
      var right = button.getAttribute("data-correct") === "1";
      button.setAttribute("aria-pressed", "true");
      button.classList.add(right ? "cq-right" : "cq-wrong");
      var box = group.querySelector(".cq-feedback");
      box.className = "cq-feedback " + (right ? "cq-right" : "cq-wrong");
      box.textContent = (right ? "\\u2713 Correct. " : "\\u2717 Not quite. ") + button.getAttribute("data-feedback");
    }});
  }});
}})();
"""


#: A verdict word at the start of an option's feedback ("No: ...", "Right: ..."): the quiz says
#: "Correct." or "Not quite." itself, so the word is dropped rather than said twice.
_VERDICT = re.compile(r"^(?:no|right|correct|yes|wrong|not quite)\s*[:.,;!]\s*", re.IGNORECASE)


def feedback_text(feedback: str) -> str:
    """The feedback as shown after the quiz's own "Correct." / "Not quite.".

    >>> feedback_text("No: that is abandonment.")
    'That is abandonment.'
    >>> feedback_text("Only 1 and 7 divide it.")
    'Only 1 and 7 divide it.'
    """
    text = _VERDICT.sub("", str(feedback).strip(), count=1)
    return text[:1].upper() + text[1:] if text else str(feedback).strip()


def _check(questions) -> list[dict]:
    """Validate the question list; return it as a list of dicts.

    Raises
    ------
    ValueError
        Naming the question (1-based) and what to fix.
    """
    if isinstance(questions, (str, bytes)) or not hasattr(questions, "__iter__"):
        raise ValueError("questions must be a list of dicts with 'question' and 'options'")
    out = list(questions)
    if not out:
        raise ValueError("questions is empty: give at least one question")
    for k, q in enumerate(out, start=1):
        if not isinstance(q, dict) or not str(q.get("question", "")).strip():
            raise ValueError(f"question {k}: needs a non-empty 'question' text")
        options = q.get("options")
        if not options or len(options) < 2:
            raise ValueError(f"question {k}: needs at least two 'options' (text, correct, feedback)")
        for j, opt in enumerate(options, start=1):
            if len(opt) != 3:
                raise ValueError(f"question {k}, option {j}: give (text, correct, feedback)")
            text, correct, feedback = opt
            if not str(text).strip() or not str(feedback).strip():
                raise ValueError(f"question {k}, option {j}: text and feedback must not be empty")
            if not isinstance(correct, bool):
                raise ValueError(f"question {k}, option {j}: 'correct' must be True or False")
        n_right = sum(1 for _t, c, _f in options if c)
        if n_right != 1:
            raise ValueError(f"question {k}: exactly one option must be correct (found {n_right})")
    return out


def quiz_dir() -> Path:
    """Folder of the quiz files: ``chapters/quizzes/`` in the checkout."""
    return Path(__file__).resolve().parent.parent / "chapters" / "quizzes"


def load_quiz(chapter, values=None, folder=None) -> dict:
    r"""Read and validate the quiz file of a chapter, ``chapters/quizzes/<chapter>.yml``.

    The file is YAML with two keys: ``quiz_id`` (the HTML id, e.g. ``quiz-ch01``) and
    ``questions``, a list of ``{question, options}`` where each option is
    ``{text, correct, feedback}``::

        quiz_id: quiz-ch01
        questions:
          - question: Which of these ...?
            options:
              - {text: "...", correct: false, feedback: "..."}
              - {text: "...", correct: true, feedback: "..."}

    A text may hold ``{name}`` placeholders for numbers that come from the data ("the count of
    {n_allies} allies"); the page passes their values, computed in its cells.

    Parameters
    ----------
    chapter : str
        The chapter's file stem, e.g. ``"01-origins"``.
    values : mapping, optional
        Values for the placeholders. Without it the texts are returned as written (placeholders
        kept), which is what the chapter tests read.
    folder : path-like, optional
        Where the quiz files are (default :func:`quiz_dir`).

    Returns
    -------
    dict
        ``{"quiz_id": str, "questions": [{"question": str, "options": [(text, correct,
        feedback), ...]}, ...]}``, ready for :func:`quiz_html` / :func:`show_quiz`.

    Raises
    ------
    ValueError
        If the file is missing, is not valid YAML, or a question or option is malformed; the
        message names the file, the question and option numbers, and the fix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "demo.yml").write_text(
    ...     "quiz_id: quiz-demo\nquestions:\n  - question: 2 + 2?\n    options:\n"
    ...     "      - {text: '4', correct: true, feedback: Yes.}\n"
    ...     "      - {text: '5', correct: false, feedback: Count again.}\n")
    >>> quiz = load_quiz("demo", folder=tmp)
    >>> quiz["quiz_id"], quiz["questions"][0]["options"][1]
    ('quiz-demo', ('5', False, 'Count again.'))
    """
    import yaml

    path = Path(folder if folder is not None else quiz_dir()) / f"{chapter}.yml"
    if not path.is_file():
        raise ValueError(f"{path}: quiz file not found; write the chapter's questions there "
                         "(format: docs/chapter-template.md, section 7)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or set(data) != _FILE_KEYS:
        raise ValueError(f"{path}: needs exactly the keys {sorted(_FILE_KEYS)}")
    questions = []
    for k, q in enumerate(data["questions"] or [], start=1):
        if not isinstance(q, dict) or set(q) != {"question", "options"}:
            raise ValueError(f"{path}: question {k} needs exactly the keys 'question' and 'options'")
        options = []
        for j, opt in enumerate(q["options"] or [], start=1):
            if not isinstance(opt, dict) or set(opt) != {"text", "correct", "feedback"}:
                raise ValueError(f"{path}: question {k}, option {j} needs exactly the keys "
                                 "'text', 'correct' and 'feedback'")
            options.append((_fill(opt["text"], values, path, k), opt["correct"],
                            _fill(opt["feedback"], values, path, k)))
        questions.append({"question": _fill(q["question"], values, path, k), "options": options})
    try:
        _check(questions)
        if not isinstance(data["quiz_id"], str) or not _ID.match(data["quiz_id"]):
            raise ValueError(f"quiz_id {data['quiz_id']!r} must start with a letter and use only "
                             "letters, digits, - and _")
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    return {"quiz_id": data["quiz_id"], "questions": questions}


def _fill(text, values, path, k):
    """``text`` with its ``{name}`` placeholders filled from ``values`` (kept when values is None)."""
    if values is None or not isinstance(text, str):
        return text
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"{path}: question {k} uses placeholder {exc} that the page does not pass; "
                         f"give it in load_quiz(..., values={{...}})") from None


def quiz_html(questions, quiz_id="quiz", shuffle_seed=None) -> str:
    """HTML for a self-contained multiple-choice quiz.

    Parameters
    ----------
    questions : list of dict
        Each dict has ``"question"`` (text) and ``"options"``, a list of
        ``(text, correct, feedback)`` tuples with exactly one ``correct`` True.
        Text is plain text; it is HTML-escaped.
    quiz_id : str
        HTML id of the quiz (letters, digits, ``-`` and ``_``; starts with a letter).
        Use a different id for each quiz on a page.
    shuffle_seed : int, optional
        When given, the options of each question are shuffled with a generator seeded
        from this value, so the order is the same at every build.

    Returns
    -------
    str
        A ``<div>`` with the questions, a ``<style>`` and a ``<script>``; it requests nothing
        from any other host.

    Raises
    ------
    ValueError
        If a question is malformed or ``quiz_id`` is not a valid id.
    """
    if not isinstance(quiz_id, str) or not _ID.match(quiz_id):
        raise ValueError(f"quiz_id {quiz_id!r} must start with a letter and use only letters, digits, - and _")
    questions = _check(questions)
    rng = random.Random(shuffle_seed) if shuffle_seed is not None else None
    parts = [f'<div class="cq-quiz" id="{quiz_id}">', f"<style>{_STYLE.format()}</style>"]
    for k, q in enumerate(questions, start=1):
        options = list(q["options"])
        if rng is not None:
            rng.shuffle(options)
        parts.append('<fieldset class="cq-question">')
        parts.append(f"<legend>{k}. {html.escape(str(q['question']))}</legend>")
        for text, correct, feedback in options:
            parts.append(
                '<button type="button" class="cq-option" aria-pressed="false" '
                f'data-correct="{1 if correct else 0}" data-feedback="{html.escape(feedback_text(feedback), quote=True)}">'
                f"{html.escape(str(text))}</button>")
        parts.append('<p class="cq-feedback" aria-live="polite"></p>')
        parts.append("</fieldset>")
    parts.append(f"<script>{_SCRIPT.format(quiz_id=quiz_id)}</script>")
    parts.append("</div>")
    return "\n".join(parts)


def show_quiz(questions, quiz_id="quiz", shuffle_seed=None) -> None:
    """Display :func:`quiz_html` in a notebook or a built page (same parameters)."""
    from IPython.display import HTML, display

    display(HTML(quiz_html(questions, quiz_id=quiz_id, shuffle_seed=shuffle_seed)))
