"""Domain errors. The CLI turns each into one line on stderr and an exit code."""


class TrackerError(Exception):
    """Something the user can fix or must know about; never a bug."""

    exit_code = 1


class InvalidValue(TrackerError):
    """A value given by the user (or a file) is not acceptable. Exit 2, like a usage error."""

    exit_code = 2

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFound(TrackerError):
    exit_code = 1


class Conflict(TrackerError):
    exit_code = 1


class DatabaseError(TrackerError):
    """The database cannot be opened or is not in a state this version can use."""

    exit_code = 1
