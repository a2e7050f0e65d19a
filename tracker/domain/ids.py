"""Record ids as users give them (kept apart from `inputs` so the CLI can bound its integer
arguments without importing the parsers)."""

from __future__ import annotations

from tracker.errors import InvalidValue

# Ids are INTEGER keys, 32 bits on PostgreSQL: a larger number names no record on either engine,
# and handed to the database it is an overflow, not "no such record".
RECORD_ID_MAX = 2**31 - 1
REF_HINT = (
    "accepted: a slug (lowercase letters, digits and single hyphens) "
    f"or an id (1 to {RECORD_ID_MAX})"
)


def record_id(ref: int | str, field: str) -> int | None:
    """The id `ref` gives, or None if it is not a number (a slug). Only ASCII digits count:
    str.isdigit also passes '²', which int() refuses, and '١٢', which it reads as 12."""
    if isinstance(ref, str):
        if not (ref.isascii() and ref.isdigit()):
            return None
        # Beyond ten digits it is out of range; int() of thousands of digits is refused anyway.
        number = int(ref) if len(ref) <= len(str(RECORD_ID_MAX)) else RECORD_ID_MAX + 1
    else:
        number = ref
    if not 1 <= number <= RECORD_ID_MAX:
        raise InvalidValue(field, f"{ref} is not an id; {REF_HINT}")
    return number
