"""`load_records`: a records file into the database, in one transaction, in one process
or, for a large file, two (`piped`)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tracker.errors import InvalidValue
from tracker.models import Source
from tracker.services.curation.check import citations_not_holding
from tracker.services.curation.records import Curator
from tracker.services.curation.references import find_by_ref, reference_cache
from tracker.services.transfer.loader import CONFLICT_MODES, LoadCounts, Loader
from tracker.services.transfer.piped import load_piped
from tracker.services.transfer.records_file import RecordsFile

GC_EVERY = 100_000  # allocations between collections of the youngest objects, in a load


def load_records(
    curator: Curator,
    records_file: RecordsFile,
    on_conflict: str = "update",
    progress: Callable[[int], None] | None = None,
) -> LoadCounts:
    """Create or update every record by slug. Every problem of the file is found in one run
    (up to MAX_PROBLEMS shown, all counted), each naming the file, the record and the field;
    then it raises, and the caller's transaction writes nothing."""
    if on_conflict not in CONFLICT_MODES:
        raise InvalidValue("--on-conflict", f"accepted: {', '.join(CONFLICT_MODES)}")
    loader = Loader(curator, records_file, on_conflict, progress)
    with reference_cache(curator.session), _fewer_collections():
        if not load_piped(loader):
            loader.load_file()
        loader.load_deferred()
    loader.found.raise_any(records_file.label)
    for slug in loader.revised_sources:  # once the whole file is in: it may mend them itself
        source = find_by_ref(curator.session, Source, slug, "slug")
        loader.counts.unfounded += map(str, citations_not_holding(curator.session, source))
    return loader.counts


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cycle collector run a hundred times less often: a load makes millions of small
    objects and keeps few (what references need), and a collection every 700 of them, as
    by default, scanned those few again and again (a fifth of the checking, in profiles).
    Cycles made meanwhile (an error's traceback) still go, a little later."""
    before = gc.get_threshold()
    gc.set_threshold(GC_EVERY, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
