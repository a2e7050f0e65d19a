"""tracker: curated bilateral agreements, targets and figures, each traced to its source."""

__version__ = "0.1.0"
