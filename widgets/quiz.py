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

__all__ = ["quiz_html", "show_quiz"]

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
                f'data-correct="{1 if correct else 0}" data-feedback="{html.escape(str(feedback), quote=True)}">'
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
