"""A large import on two cores: one process checks the file, the other writes.

Checking a record (the field rules, its rows, its audit picture) costs more than writing
it, and the writes wait on the database, so in one process the two only ever add up. Here
the import's own process keeps its one transaction and only writes; a forked child
(`Checker`) reads the file, checks each record and sends the rows to write, batch by batch,
through a pipe. Nothing changes for the user: the same rules, the same records, ids and
counts, the same problems, one transaction, nothing written when a late record is bad. (Of
the records that name one further on and so wait for the end of the file, those to create
are loaded before those to update, where one process takes them in file order: their
problems may be listed, and their new rows numbered, in another order.)

The checker reads the database as it was committed, through its own connection, so it
keeps its own picture of what the file has written so far:
- the records it created, by slug (references to them, and which slugs are taken);
- the ids it handed out (PostgreSQL draws them from the sequences; on SQLite they go on from
  the largest, which is safe as the writer holds the write lock);
- a source's text that the file revises, for the quotes checked against it later.
What it does not picture (updates of stored records, citations of them) it sends whole to
the writer, which loads those records as a one-process import does. Before the checker
hands out ids again after that, the writer says which ids, parties and tags its own writes
took, so that nothing is written twice.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from tracker.errors import DatabaseError, TrackerError
from tracker.models import Base, Party, Source, Tag
from tracker.models.base import RecordMixin
from tracker.services.curation.bulk import (
    largest_id,
    new_draft,
    sending_rows_to,
    sequence_ids,
    write_values,
)
from tracker.services.curation.fields import apply_source_fields
from tracker.services.curation.kinds import KINDS, Kind
from tracker.services.curation.records import Curator
from tracker.services.curation.references import (
    checked_quotes,
    find_by_ref,
    met,
    reference_cache,
    remember_reference,
)
from tracker.services.transfer.loader import REFERRED, Loader
from tracker.services.transfer.problems import Found
from tracker.services.transfer.records_file import CITATIONS, SECTIONS

# A file smaller than this is loaded in one process: starting the checker would cost more
# than it saves (a fork and a connection, some 50 ms).
PIPED_MIN_BYTES = 2_000_000
# Small messages go with the next batch of rows (one pickle and one pipe write for many),
# but a batch of rows goes at once: held back, batches would pile up on both sides.
_SMALL = ("problem", "begin")
# A few dozen hashes a bucket at a million slugs: a lookup scans one bucket.
SLUG_BUCKET_BITS = 16
SLUG_BUCKET_MASK = (1 << SLUG_BUCKET_BITS) - 1
SEND_EVERY = 200  # small messages held back at most
IN_FLIGHT = 4  # batches sent but not yet written: what the pipe may hold besides its own

# Tables whose rows are named by a natural key as well as an id: the writer may make one
# (an updated record's new party) that the checker then meets too.
_NATURAL_KEYS: dict[type[Any], str] = {Party: "code", Tag: "name"}


def load_piped(loader: Loader) -> bool:
    """Load `loader`'s file through a checking process, if it is worth one; False if not
    (the caller then loads it itself)."""
    records_file = loader.records_file
    if not worth_piping(records_file.streamed, loader.curator.session):
        return False
    session = loader.curator.session
    session.flush()
    engine = _engine_of(session)
    start = _largest_ids(session)
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    checker = context.Process(
        target=_check,
        args=(theirs, mine, engine, loader, start),
        name="tracker-import-checker",
        daemon=True,
    )
    checker.start()
    theirs.close()
    try:
        _write_what_is_sent(mine, loader)
    finally:
        mine.close()
        if checker.is_alive():
            checker.kill()
        checker.join()
    return True


def worth_piping(size: int | None, session: Session) -> bool:
    if size is None or size < PIPED_MIN_BYTES or (os.cpu_count() or 1) < 2:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    engine = _engine_of(session)
    # An in-memory SQLite database is another process's empty one: nothing to read there.
    return engine.dialect.name == "postgresql" or engine.url.database not in (None, "", ":memory:")


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _tables() -> dict[str, Table]:
    return dict(Base.metadata.tables)


def _largest_ids(session: Session) -> dict[str, int]:
    """Each table's largest id in the writer's transaction (SQLite hands ids on from it)."""
    if _engine_of(session).dialect.name == "postgresql":
        return {}
    tables = _tables().items()
    return {name: largest_id(session, table) for name, table in tables if "id" in table.c}


# ---- the writer ------------------------------------------------------------------------------


def _write_what_is_sent(pipe: Connection, loader: Loader) -> None:
    received = _receiving(pipe)
    session = loader.curator.session
    tables = _tables()
    progress = loader.progress
    loader.progress = None  # the checker reads the file: it says how far
    try:
        while True:
            messages = received.get()
            if messages is None:
                raise DatabaseError(
                    "the import's checking process stopped unexpectedly; nothing was written"
                )
            for message in messages:
                what = message[0]
                if what == "rows":
                    _, name, names, rows = message
                    write_values(session, tables[name], names, rows, converted=True)
                elif what == "records":
                    _, section, records = message
                    loader.load(section, records)
                elif what == "begin":
                    loader.begin(message[1])
                elif what == "problem":
                    loader.found.add(_error(*message[1:]))
                elif what == "done":
                    if progress is not None:
                        progress(message[1])
                elif what == "sync":
                    pipe.send(_taken(session))
                elif what == "exists":
                    pipe.send(loader.existing(KINDS[message[1]], message[2]))
                elif what == "end":
                    loader.counts.merge(message[1])
                    return
                elif what == "failed":
                    raise _error(*message[1:])
                else:
                    raise AssertionError(f"unknown message {what!r}")
    finally:
        loader.progress = progress


def _taken(session: Session) -> tuple[dict[str, int], dict[type[Any], dict[str, int]]]:
    """What the writer's own writes took: each table's largest id, and every party and tag
    (few, and the checker's picture must not make one again)."""
    session.flush()
    named: dict[type[Any], dict[str, int]] = {
        model: dict(session.execute(select(getattr(model, key), model.id)).all())
        for model, key in _NATURAL_KEYS.items()
    }
    return _largest_ids(session), named


def _error(cls: type[TrackerError], problem: str, field: str | None) -> TrackerError:
    """An error as the checker sent it: an exception is rebuilt from its parts, as
    `TrackerError.renamed` does (pickling would call a subclass's __init__ wrongly)."""
    error = cls.__new__(cls)
    TrackerError.__init__(error, problem, field)
    return error


def _parts(error: TrackerError) -> tuple[type[TrackerError], str, str | None]:
    return type(error), error.problem, error.field


def _receiving(pipe: Connection) -> queue.Queue[Any]:
    """What comes down `pipe`, read by a thread of its own (it waits on the pipe without
    the GIL) a few batches ahead of the writer; None once the other end is closed."""
    received: queue.Queue[Any] = queue.Queue(maxsize=IN_FLIGHT)

    def receive() -> None:
        try:
            while True:
                received.put(pickle.loads(pipe.recv_bytes()))
        except (EOFError, OSError):
            received.put(None)

    threading.Thread(target=receive, name="tracker-import-receiver", daemon=True).start()
    return received


# ---- the checker -----------------------------------------------------------------------------


def _check(
    pipe: Connection, writers_end: Connection, engine: Engine, loader: Loader, start: dict[str, int]
) -> None:
    """The checking process: load the file as `Checker`, sending the writer what to write."""
    # The fork copied the writer's end of the pipe too: held here, it would keep the pipe
    # open after the writer is gone, and the checker would wait for it for ever.
    writers_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    gc.freeze()  # what the writer had made is kept to the end: no collection need scan it
    engine.dispose(close=False)  # the writer's connections are not this process's to use
    next_ids = {name: largest + 1 for name, largest in start.items()} if start else None
    outbox = Outbox(pipe, next_ids)
    try:
        with Session(engine, autoflush=False) as session, reference_cache(session):
            checker = Checker(loader, session, outbox)
            with sending_rows_to(outbox):
                checker.load_file()
                checker.load_deferred()
            outbox.send(("end", checker.counts))
            session.rollback()
    except TrackerError as error:
        outbox.send(("failed", *_parts(error)))
    except BaseException as error:  # a bug: said in one line all the same, never half-written
        outbox.send(("failed", DatabaseError, f"import failed in checking: {error!r}", None))
    finally:
        outbox.close()
        pipe.close()


@dataclass
class Outbox:
    """What the checker sends the writer, a batch of messages a pipe write, and the ids it
    hands out (the `RowSink` of `bulk.sending_rows_to`)."""

    pipe: Connection
    next_ids: dict[str, int] | None  # SQLite: each table's next id (PostgreSQL: None)
    queued: list[tuple[Any, ...]] = field(default_factory=list)
    writer_wrote: bool = False  # the writer loaded records since its last word on ids
    done: int = 0  # progress since the last send, in the file's units
    sending: queue.Queue[bytes | None] | None = None
    sender: threading.Thread | None = None
    broken: bool = False  # the writer is gone: the checker stops

    def send(self, message: tuple[Any, ...]) -> None:
        self.queued.append(message)
        if message[0] not in _SMALL or len(self.queued) >= SEND_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.done:
            self.queued.append(("done", self.done))
            self.done = 0
        if self.queued:
            batch, self.queued = pickle.dumps(self.queued, pickle.HIGHEST_PROTOCOL), []
            self._sender().put(batch)
        if self.broken:
            raise SystemExit("the writer is gone")

    def _sender(self) -> queue.Queue[bytes | None]:
        """Batches go down the pipe from a thread of its own, which waits on the pipe without
        the GIL while the checker goes on; at most IN_FLIGHT wait their turn."""
        if self.sending is None:
            self.sending = queue.Queue(maxsize=IN_FLIGHT)
            sending = self.sending

            def send() -> None:
                while (batch := sending.get()) is not None:
                    if not self.broken:
                        try:
                            self.pipe.send_bytes(batch)
                        except OSError:  # the writer failed, or was stopped
                            self.broken = True

            self.sender = threading.Thread(target=send, name="tracker-import-sender")
            self.sender.start()
        return self.sending

    def close(self) -> None:
        """Send what is left, and wait until it has gone."""
        with contextlib.suppress(SystemExit):  # the writer is gone: nothing to wait for
            self.flush()
        if self.sending is not None and self.sender is not None:
            self.sending.put(None)
            self.sender.join()

    def write(self, table: Table, names: list[str], rows: list[list[Any]]) -> None:
        self.send(("rows", table.name, names, rows))

    def new_ids(self, session: Session, table: Table, count: int) -> list[int]:
        if self.next_ids is None:  # PostgreSQL: from the table's own sequence
            return sequence_ids(session, table, count)
        first = self.next_ids[table.name]
        self.next_ids[table.name] = first + count
        return list(range(first, first + count))

    def ask(self, question: tuple[Any, ...]) -> Any:
        """The writer's answer, once it has written all that was sent before."""
        self.send(question)
        return self.pipe.recv()

    def before_insert(self, session: Session) -> None:
        """Before ids are handed out and new parties and tags written: if the writer has
        written records of its own since it last said, learn what they took."""
        if not self.writer_wrote:
            return
        largest, named = self.ask(("sync",))
        self.writer_wrote = False
        if self.next_ids is not None:
            for name, top in largest.items():
                self.next_ids[name] = max(self.next_ids[name], top + 1)
        for model, by_key in named.items():
            known = met(session, model)
            key = _NATURAL_KEYS[model]
            for obj in [o for o in session.new if type(o) is model]:
                taken = by_key.get(getattr(obj, key))
                if taken is not None:  # the writer made it first: use that one
                    session.expunge(obj)
                    obj.id = taken
            for value, taken_id in by_key.items():
                if value not in known:
                    # The checker's drafts refer to it by id: a draft of it will do.
                    known[value] = new_draft(model, id=taken_id, **{key: value})


class Checker(Loader):
    """A `Loader` in the checking process. Records it creates are checked and built here
    and their rows sent; any other record is sent whole, for the writer to load."""

    def __init__(self, writer: Loader, session: Session, outbox: Outbox) -> None:
        super().__init__(
            Curator(session, writer.curator.audit.actor),
            writer.records_file,
            writer.on_conflict,
            None,
        )
        self.curator.audit.batch = writer.curator.audit.batch
        self.outbox = outbox
        self.found = _Sent(outbox)
        self.created: dict[str, Slugs] = {}  # kind -> slugs this file created
        self.for_writer: list[tuple[int, Any]] = []
        self.for_writer_section = ""
        self.progress = self._send_done

    def _send_done(self, units: int) -> None:
        self.outbox.done += units

    def begin(self, section: str) -> None:
        super().begin(section)
        self.outbox.send(("begin", section))

    def load_deferred(self) -> None:
        for section in (*SECTIONS, CITATIONS):
            self.outbox.send(("begin", section))
        super().load_deferred()
        self._hand_over()

    def _chunk(self, section: str, chunk: list[tuple[int, Any]]) -> None:
        super()._chunk(section, chunk)
        self._hand_over()

    def existing(self, kind: Kind, slugs: list[str]) -> set[str]:
        found = super().existing(kind, slugs)
        created = self.created.get(kind.name)
        maybe = [slug for slug in slugs if created is not None and slug in created]
        if maybe:  # the writer has every record sent so far, and says which these are
            found.update(self.outbox.ask(("exists", kind.name, maybe)))
        return found

    def write_new(self, kind: Kind, records: list[RecordMixin]) -> None:
        self._hand_over()  # what came before these in the file is written before them
        super().write_new(kind, records)
        created = self.created.setdefault(kind.name, Slugs())
        session = self.curator.session
        for record in records:
            created.add(record.slug)
            if kind.model is Source:  # its text is checked against: kept whole
                remember_reference(session, Source, record.slug, record)
            elif kind.plural in REFERRED.values():
                remember_reference(session, kind.model, record.slug, _Written(record))

    def update(
        self, kind: Kind, index: int, raw: Mapping[str, Any], fields: dict[str, Any]
    ) -> None:
        if kind.plural == "sources":
            self._revise_source(fields)
        self._for_writer(kind.plural, index, raw)

    def cite(self, kind: Kind, slug: str, index: int, raw: Mapping[str, Any]) -> None:
        if slug not in self.created.get(kind.name, ()):  # else the writer finds it
            find_by_ref(self.curator.session, kind.model, slug, "ref")
        self._for_writer("citations", index, raw)

    def _for_writer(self, section: str, index: int, raw: Any) -> None:
        if section != self.for_writer_section:
            self._hand_over()
            self.for_writer_section = section
        self.for_writer.append((index, raw))

    def _hand_over(self) -> None:
        if self.for_writer:
            self.outbox.send(("records", self.for_writer_section, self.for_writer))
            self.for_writer = []
            self.outbox.writer_wrote = True

    def _revise_source(self, fields: dict[str, Any]) -> None:
        """The checker's picture of a source the file revises: later quotes are checked
        against its new text (the writer checks the revision itself, and says what is wrong)."""
        session = self.curator.session
        try:
            source = find_by_ref(session, Source, fields["slug"], "slug")
            apply_source_fields(session, source, fields)
        except TrackerError:
            return
        checked_quotes(session).clear()


def slug_hash(slug: object) -> int:
    return hash(slug)


class Slugs:
    """The slugs of one kind a file created, in some 9 bytes each: their hashes, in arrays
    by the hash's low bits (a million figures' slugs as text would take 90 MB, as a set of
    hashes 60). A slug `in` it was probably created, and surely if it is not: two slugs
    may share a hash, so the writer is asked about those that are."""

    def __init__(self) -> None:
        self.buckets: list[array[int] | None] = [None] * (1 << SLUG_BUCKET_BITS)

    def add(self, slug: str) -> None:
        hashed = slug_hash(slug)
        bucket = self.buckets[hashed & SLUG_BUCKET_MASK]
        if bucket is None:
            self.buckets[hashed & SLUG_BUCKET_MASK] = array("q", (hashed,))
        else:
            bucket.append(hashed)

    def __contains__(self, slug: object) -> bool:
        hashed = slug_hash(slug)
        bucket = self.buckets[hashed & SLUG_BUCKET_MASK]
        return bucket is not None and hashed in bucket


class _Written:
    """A record this file created, as a later one refers to it (by id; the audit picture
    names it by slug): a draft's every field, held for each, would grow with the file."""

    __slots__ = ("_model", "id", "slug")

    def __init__(self, record: RecordMixin) -> None:
        # `__class__`, not type(): a draft's type is Draft, its class the model it stands for
        self._model, self.id, self.slug = record.__class__, record.id, record.slug

    @property  # type: ignore[misc]  # isinstance answers as for the record (see `bulk.Draft`)
    def __class__(self) -> type[Any]:
        return self._model


class _Sent(Found):
    """The checker's problems go to the writer, in order with those it finds itself."""

    def __init__(self, outbox: Outbox) -> None:
        super().__init__()
        self.outbox = outbox

    def add(self, error: TrackerError) -> None:
        super().add(error)
        self.outbox.send(("problem", *_parts(error)))
