"""Stored text shown as it is, never obeyed: control characters and bidirectional overrides
made visible at the renderer's edge, so a record cannot recolour, relink, overwrite or
reorder what an analyst sees. The database keeps the text exactly as it was typed."""

from __future__ import annotations

import re

# C0 controls (tab and newline where the format allows them) and DEL become their Unicode
# control pictures (ESC shows as ␛); C1 controls, bidi embeddings, overrides, isolates and
# marks, and the Unicode line and paragraph separators show as \uXXXX escapes.
_C0 = "\x00-\x08\x0b-\x1f\x7f"
_OTHERS = "\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[{_C0}{_OTHERS}\t\n]")
_UNSAFE_BUT_LAYOUT = re.compile(f"[{_C0}{_OTHERS}]")
_UNSAFE_BUT_NEWLINES = re.compile(f"[{_C0}{_OTHERS}\t]")
_ESCAPED_IN_JSON = re.compile(f"[{_OTHERS}]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True, tabs: bool = False) -> str:
    """`text` with every character that a terminal or a browser would act on shown as a
    visible sign. Newlines (multi-line cells) and tabs are kept where the format allows."""
    pattern = _unsafe(newlines, tabs)
    return pattern.sub(_picture, text) if pattern.search(text) else text


def needs_visible(text: str, *, newlines: bool = True, tabs: bool = False) -> bool:
    """Whether `visible(text)`, with the same choices, would change anything."""
    return _unsafe(newlines, tabs).search(text) is not None


def _unsafe(newlines: bool, tabs: bool) -> re.Pattern[str]:
    if newlines and tabs:
        return _UNSAFE_BUT_LAYOUT
    return _UNSAFE_BUT_NEWLINES if newlines else _UNSAFE


def json_escaped(text: str) -> str:
    """JSON with C1 controls and bidi characters written as \\uXXXX escapes: the same data,
    but nothing a terminal acts on (json.dumps escapes C0 itself)."""
    return _ESCAPED_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
