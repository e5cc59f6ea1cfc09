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

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    return _visible_char(match.group())


def _visible_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


#: C0 controls (tab included: it can hide text in a column), DEL, C1 controls,
#: and the Unicode bidirectional overrides and isolates ("Trojan Source"), each
#: to its visible escape: a table for ``str.translate`` (after ``isprintable``,
#: which all of these fail), cheaper to build than a regular expression.
_CONTROLS = {
    code: _visible_char(chr(code))
    for span in ((0x00, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
    for code in range(span[0], span[1] + 1)
}
#: Characters XML 1.0 cannot hold at all, even as references; compiled on first
#: use (only XML reports need it), since compiling it costs ~5 ms.
_NOT_XML: re.Pattern[str] | None = None


def terminal(text: object) -> str:
    """One line of plain text, safe for a terminal: every control character visible."""
    line = str(text)
    return line if line.isprintable() else line.translate(_CONTROLS)


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
