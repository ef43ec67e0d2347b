"""The one list of browser console errors the site tests tolerate, each with its reason.

An entry is ``(regular expression, reason)``; a console message of type ``error`` or an
uncaught exception (``pageerror``) is tolerated only if an entry's pattern matches its text.
Add an entry only for a message that is harmless to readers and cannot be fixed on our side,
and say why. Everything else fails tests/test_site.py.
"""
from __future__ import annotations

import re

ALLOWED: list[tuple[str, str]] = [
]

ERROR_TYPES = ("error", "pageerror")


def unexpected_errors(messages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the console errors in ``messages`` that no ``ALLOWED`` pattern matches.

    Parameters
    ----------
    messages : list of (str, str)
        ``(type, text)`` pairs as recorded by the ``page`` fixture.

    Returns
    -------
    list of (str, str)
        The errors that are not allow-listed.

    Examples
    --------
    >>> unexpected_errors([("log", "hello"), ("error", "boom")])
    [('error', 'boom')]
    """
    return [(kind, text) for kind, text in messages if kind in ERROR_TYPES
            and not any(re.search(pattern, text) for pattern, _ in ALLOWED)]
