"""Text that is safe to print on a terminal, or to put in an XML file.

A plan, a CSV file or a Kolada answer may hold any character. Printed as it
is, an escape character (ESC, or the C1 control CSI) starts a control
sequence that can recolour, move the cursor, clear the screen, set the
window title or write a link (OSC 8); a carriage return or a backspace
overwrites what was printed; a bidirectional override (U+202E) shows text in
another order than it is stored. :func:`printable` writes each such
character as a visible escape (``\\u001b``) instead, so the text reads as
written and nothing in it acts on the terminal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["one_line", "printable", "xml_text"]

# The characters XML 1.0 cannot hold (tab, newline and carriage return it can), which a
# plan may carry in a quoted YAML string ("\x01"): Word, Excel and SVG refuse them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(words: str) -> str:
    """``words`` without the characters an XML document (Word, Excel, SVG) cannot hold."""
    return _NOT_XML.sub("", words)


# Joiners shape emoji and some scripts; they move nothing. Every other format
# character (Cf: bidirectional controls, zero-width spaces, BOM, tags) is
# escaped with the control characters (Cc), the line and paragraph separators
# (Zl, Zp) and lone surrogates (Cs, which no terminal encoding can write).
# Unassigned and private-use characters (Cn, Co) and spaces (Zs) are kept:
# a terminal shows them as a glyph or a box, and they act on nothing.
_KEPT = frozenset("\u200c\u200d")
_ESCAPED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_LAYOUT = frozenset("\n\t")


def printable(text: str, *, newlines: bool = False) -> str:
    r"""``text`` with every character that could act on a terminal written as an escape.

    Control characters (ESC, CSI, BEL, carriage return, backspace, DEL and
    the rest of C0 and C1), format characters (bidirectional overrides,
    zero-width spaces; the joiners U+200C and U+200D are kept), line and
    paragraph separators and lone surrogates become ``\uXXXX`` (two such
    escapes, a surrogate pair, above U+FFFF), as JSON writes them, so that
    escaped JSON still reads back the same. With ``newlines=True``, newline
    and tab are kept.

    >>> printable("R\x1b[31möd\u202e")
    'R\\u001b[31möd\\u202e'
    """
    if text.isprintable():  # the common case, at C speed: nothing to escape
        return text
    kept = _LAYOUT if newlines else frozenset()
    return "".join(
        _escape(char)
        if not char.isprintable()
        and char not in kept
        and char not in _KEPT
        and unicodedata.category(char) in _ESCAPED
        else char
        for char in text
    )


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def one_line(text: str) -> str:
    """``text`` printable on one line: its line breaks and tabs as single
    spaces (a title written as a YAML block ends in one), the rest as in
    :func:`printable`."""
    return printable(" ".join(part for part in text.replace("\t", "\n").split("\n") if part.strip()))
