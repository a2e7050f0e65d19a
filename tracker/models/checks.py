"""CHECK constraints that several tables share, written once."""

from sqlalchemy import CheckConstraint


def date_checks(column: str) -> tuple[CheckConstraint, ...]:
    """An EDTF date is either wholly unknown, or text with both bounds in order."""
    lower, upper = f"{column}_lower", f"{column}_upper"
    return (
        CheckConstraint(
            f"({column} IS NULL AND {lower} IS NULL AND {upper} IS NULL) OR "
            f"({column} IS NOT NULL AND {lower} IS NOT NULL AND {upper} IS NOT NULL "
            f"AND {lower} <= {upper})",
            name=f"{column}_bounds",
        ),
    )


def one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def quantity_checks(column: str) -> tuple[CheckConstraint, ...]:
    """Counts, money and lengths are never negative; only a percentage (a growth rate) may be."""
    return (
        CheckConstraint(
            f"unit = 'percent' OR {column} IS NULL OR CAST({column} AS NUMERIC) >= 0",
            name=f"{column}_not_negative",
        ),
    )


QUALIFIER_CHECK = "qualifier IN ('exact', 'about', 'over', 'under', 'up_to')"
