"""Answer text is Markdown written by us around text written by the sources.

Two things must never be confused in it: the `[n]` markers an answer puts after a claim,
and whatever a source's own sentence carries — a footnote mark "[7]", an emphasis
"*HS-27*", an angle bracket. So verbatim source text goes into `Answer.text` escaped
(`escape`): every character Markdown could read as syntax gets a backslash, which any
CommonMark renderer shows as the plain character. A marker is then only an unescaped
`[n]` (`MARKER`), and a face that shows plain text (the CLI) or another markup (Slack's
mrkdwn) takes the escapes off again (`unescape`) after it has found the markers.
"""
from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the characters
# that start inline syntax (emphasis, code, links, HTML, strikethrough, tables) or an
# entity (&amp;), and the backslash itself.
SPECIAL = re.compile(r"([\\`*_\[\]<>~|&#])")
ESCAPED = re.compile(r"\\([\\`*_\[\]<>~|&#])")
# An answer's marker: "[3]" not preceded by a backslash (an escaped source bracket) and not
# opening a Markdown link "[3](…)".
MARKER = re.compile(r"(?<!\\)\[(\d{1,3})\](?!\()")


def escape(text: str) -> str:
    """Verbatim source text as Markdown that renders as exactly that text."""
    return SPECIAL.sub(r"\\\1", text)


def unescape(text: str) -> str:
    """The plain text of Markdown written with `escape` (markers and our own ** stay)."""
    return ESCAPED.sub(r"\1", text)


def markers(text: str) -> list[int]:
    """The citation numbers an answer's text names, in order of appearance."""
    return [int(m) for m in MARKER.findall(text)]
