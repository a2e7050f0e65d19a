"""Verbatim quotes: a quote counts as found when it matches after normalising whitespace and
quotation marks only (texts mix «», “” and "", and line breaks fall anywhere)."""

from __future__ import annotations

import re

_QUOTE_MARKS = str.maketrans(dict.fromkeys("«»“”„‟″", '"') | dict.fromkeys("‘’‚‛′", "'"))
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def quote_in_text(quote: str, text: str) -> bool:
    needle = normalise(quote)
    return bool(needle) and needle in normalise(text)
