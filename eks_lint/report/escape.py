"""Escaping what users supplied, for every output format that needs it.

A finding's message, file and resource come from the input: a container name
holding a newline would forge a finding line in text output, an ESC or OSC
sequence would drive the reader's terminal (retitle it, hide text, plant a
link), a bidirectional override would make a line read differently from what
it says, and a control character makes an XML report ill-formed. Each is
shown instead as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: C0 controls (tab included: it can hide text in a column), DEL, C1 controls,
#: and the Unicode bidirectional overrides and isolates ("Trojan Source").
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Characters XML 1.0 cannot hold at all, even as references; compiled on first
#: use (only XML reports need it), since compiling it costs ~5 ms.
_NOT_XML: re.Pattern[str] | None = None
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal(text: object) -> str:
    """One line of plain text, safe for a terminal: every control character visible."""
    return _CONTROLS.sub(_visible, str(text))


def xml(text: object) -> str:
    """Text an XML document can hold; ElementTree escapes ``&<>"`` itself. Control
    characters are made visible too, so a CI page shows them rather than acting on them."""
    global _NOT_XML
    if _NOT_XML is None:
        _NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    return _NOT_XML.sub(_visible, terminal(text))


def xml_tree(root: Any) -> None:
    """Make every attribute and text of an ElementTree safe with ``xml`` (text keeps
    its line breaks, which are the report's own), in place, before it is written."""
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, xml(value))
        if element.text:
            element.text = "\n".join(xml(line) for line in element.text.split("\n"))
