"""Domain errors. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class TrackerError(Exception):
    """Something the user can fix or must know about; never a bug."""

    exit_code = 1

    def __init__(self, problem: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem

    def renamed(self, field: str) -> TrackerError:
        """The same error, naming the field as the user knows it (an option, a file path)."""
        # Not copy.copy: it would call the subclass's __init__ with the message as sole argument.
        twin = type(self).__new__(type(self))
        TrackerError.__init__(twin, self.problem, field)
        return twin


class InvalidValue(TrackerError):
    """A value given by the user (or a file) is not acceptable. Exit 2, like a usage error."""

    exit_code = 2

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem, field)


class NotFound(TrackerError):
    exit_code = 1


class Conflict(TrackerError):
    exit_code = 1


class DatabaseError(TrackerError):
    """The database cannot be opened or is not in a state this version can use."""

    exit_code = 1


class Problems(TrackerError):
    """Every problem of one file, found in one run: one line each, then what it came to."""

    exit_code = 2

    def __init__(self, problems: list[TrackerError], label: str, total: int) -> None:
        self.problems = problems
        self.total = total
        shown = f"{len(problems)} shown" if total > len(problems) else ""
        summary = f"{total} problem(s) in {label}" + (f" ({shown})" if shown else "")
        super().__init__(f"{summary}; nothing was written")
