"""The history store: one SQLite file that keeps every run added to it (its commit, date, plan and
duration, the machine it ran on by its stable key, the toolchain that built it, every case's
summary row, every figure with its per-process estimates, every claim's verdict), so that runs add
up: a machine's runs pooled, a figure's series across commits, toolchains and machines, a fleet's
stores merged.

A run is in the store whole or not at all: it is added in one transaction, taken with BEGIN
IMMEDIATE, so that two writers (two CI jobs on one file) take turns on SQLite's lock. A file that
is not such a store (another program's database, a corrupted file, any other file) is refused
with a UsageError and left as it is; a store of a newer schema too. Each run has a uid, a digest
of what identifies it (its run.json's command, start and commit, and its machine), so adding or
merging it twice keeps one."""
import json
import os
import sqlite3
import urllib.parse

from .. import UsageError

APP = "boxbench-history"
SCHEMA = 1
# Each schema's tables, applied in order from the store's version to SCHEMA: a store of an older
# boxbench is migrated in place, in the transaction that opens it.
MIGRATIONS = {
    1: """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE machines (key TEXT PRIMARY KEY, derived INTEGER NOT NULL, summary TEXT,
                       parts TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, folder TEXT NOT NULL,
                   kind TEXT NOT NULL, commit_id TEXT, started TEXT NOT NULL, duration_s REAL,
                   quick INTEGER, partial INTEGER NOT NULL, machine TEXT NOT NULL
                   REFERENCES machines(key), toolchain TEXT NOT NULL, toolchain_key TEXT NOT NULL,
                   plan TEXT, added TEXT NOT NULL);
CREATE TABLE cases (run INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL,
                    allocator TEXT NOT NULL, ns REAL, cv REAL, process_cv REAL,
                    repetitions INTEGER);
CREATE TABLE figures (run INTEGER NOT NULL REFERENCES runs(id), figure TEXT NOT NULL,
                      allocator TEXT NOT NULL, set_label TEXT NOT NULL, unit TEXT, mean REAL,
                      low REAL, high REAL, processes INTEGER);
CREATE TABLE processes (run INTEGER NOT NULL REFERENCES runs(id), figure TEXT NOT NULL,
                        allocator TEXT NOT NULL, process INTEGER NOT NULL, value REAL,
                        layout INTEGER);
CREATE TABLE verdicts (run INTEGER NOT NULL REFERENCES runs(id), claim TEXT NOT NULL,
                       verdict TEXT NOT NULL, kind TEXT, figure TEXT, interval TEXT);
CREATE INDEX runs_by_machine ON runs (machine, toolchain_key, started);
CREATE INDEX figures_by_run ON figures (run);
CREATE INDEX figures_by_name ON figures (figure, allocator);
CREATE INDEX processes_by_run ON processes (run, figure, allocator);
CREATE INDEX cases_by_run ON cases (run);
CREATE INDEX verdicts_by_run ON verdicts (run);
""",
}
_SQLITE_HEADER = b"SQLite format 3\x00"
# What a run's record holds besides its own row, table by table, in the columns' order.
CHILDREN = {
    "cases": ("name", "allocator", "ns", "cv", "process_cv", "repetitions"),
    "figures": ("figure", "allocator", "set_label", "unit", "mean", "low", "high", "processes"),
    "processes": ("figure", "allocator", "process", "value", "layout"),
    "verdicts": ("claim", "verdict", "kind", "figure", "interval"),
}
RUN_COLUMNS = ("uid", "folder", "kind", "commit_id", "started", "duration_s", "quick", "partial",
               "machine", "toolchain", "toolchain_key", "plan", "added")


def _refuse(path, why):
    raise UsageError("%s is not a boxbench history store (%s): refused, and left as it is"
                     % (path, why))


def _version(conn, path):
    """The store's schema version, or a refusal naming what the file is instead."""
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return 0
        if "meta" not in tables:
            _refuse(path, "a database of other tables: %s" % ", ".join(sorted(tables)))
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as e:
        _refuse(path, "SQLite cannot read it: %s" % e)
    if meta.get("app") != APP:
        _refuse(path, "its meta table names %r" % meta.get("app"))
    version = int(meta.get("schema", 0))
    if version > SCHEMA:
        raise UsageError("%s is a history store of schema %d, newer than this boxbench's %d: "
                         "refused, and left as it is" % (path, version, SCHEMA))
    return version


def open_readonly(path):
    """Another store, read only (merge's): never created, migrated or written."""
    if not os.path.exists(path):
        raise UsageError("%s does not exist: no history store there" % path)
    with open(path, "rb") as f:
        if f.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
            _refuse(path, "not an SQLite file")
    conn = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(os.path.abspath(path)),
                           uri=True, timeout=60)
    version = _version(conn, path)
    if version != SCHEMA:
        conn.close()
        raise UsageError("%s is a history store of schema %d, not %d: open it once with this "
                         "boxbench (`boxbench history --history %s`) to migrate it, then merge"
                         % (path, version, SCHEMA, path))
    return conn


def open_store(path, create=True):
    """The store at path as an sqlite3 connection, created (create) or migrated as needed; a file
    that is not a store is refused, never written."""
    exists = os.path.exists(path)
    if exists:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_HEADER))
        if head and head != _SQLITE_HEADER:
            _refuse(path, "not an SQLite file")
    elif not create:
        raise UsageError("%s does not exist: no history store there" % path)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    except sqlite3.Error as e:
        raise UsageError("cannot open %s: %s" % (path, e)) from e
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        conn.execute("BEGIN IMMEDIATE")
        version = _version(conn, path)
        # Statement by statement: executescript would commit the transaction half-way.
        for v in range(version + 1, SCHEMA + 1):
            for statement in MIGRATIONS[v].split(";"):
                if statement.strip():
                    conn.execute(statement)
        if version < SCHEMA:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('app', ?)", (APP,))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        raise
    return conn


def add(conn, record):
    """Add one run's record (a dict: RUN_COLUMNS, 'machine_row' (key, derived, summary, parts) and
    the CHILDREN's rows) in one transaction; (its id, whether it was new). A run already in the
    store (by uid) is left as it is."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("SELECT id FROM runs WHERE uid = ?", (record["uid"],)).fetchone()
        if found:
            conn.execute("ROLLBACK")
            return found[0], False
        conn.execute("INSERT OR IGNORE INTO machines VALUES (?, ?, ?, ?)", record["machine_row"])
        cur = conn.execute("INSERT INTO runs (%s) VALUES (%s)" % (
            ", ".join(RUN_COLUMNS), ", ".join("?" * len(RUN_COLUMNS))),
            tuple(record[c] for c in RUN_COLUMNS))
        run = cur.lastrowid
        for table, columns in CHILDREN.items():
            conn.executemany("INSERT INTO %s (run, %s) VALUES (?, %s)" % (
                table, ", ".join(columns), ", ".join("?" * len(columns))),
                [(run,) + tuple(r) for r in record.get(table, ())])
        conn.execute("COMMIT")
        return run, True
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def runs(conn, machine=None, since=None):
    """The runs as dicts, oldest first: of one machine key (or a prefix of one) and since a date
    (an ISO date or time), if given."""
    sql, args = "SELECT id, %s FROM runs WHERE 1" % ", ".join(RUN_COLUMNS), []
    if machine:
        sql, args = sql + " AND machine LIKE ?", args + [machine + "%"]
    if since:
        sql, args = sql + " AND started >= ?", args + [since]
    cols = ("id",) + RUN_COLUMNS
    return [dict(zip(cols, r)) for r in conn.execute(sql + " ORDER BY started, id", args)]


def series(conn, machine=None, since=None):
    """(figure, allocator, machine, run id, mean, low, high) of every figure of the runs (of one
    machine key, or a prefix of one, and since a date, if given), the runs oldest first: one
    query, for the trends of a store of thousands of runs."""
    sql = ("SELECT f.figure, f.allocator, r.machine, r.id, f.mean, f.low, f.high FROM figures f "
           "JOIN runs r ON f.run = r.id WHERE 1")
    args = []
    if machine:
        sql, args = sql + " AND r.machine LIKE ?", args + [machine + "%"]
    if since:
        sql, args = sql + " AND r.started >= ?", args + [since]
    return conn.execute(sql + " ORDER BY r.started, r.id", args)


def verdicts_of(conn, run_ids):
    """{run id: {claim: verdict}} of those runs."""
    out = {i: {} for i in run_ids}
    for chunk in _chunks(list(run_ids)):
        for run, claim, verdict in conn.execute(
                "SELECT run, claim, verdict FROM verdicts WHERE run IN (%s)"
                % ", ".join("?" * len(chunk)), chunk):
            out[run][claim] = verdict
    return out


def machines(conn):
    """[(key, derived, summary, runs, first, last)] of every machine in the store."""
    return list(conn.execute(
        "SELECT m.key, m.derived, m.summary, COUNT(r.id), MIN(r.started), MAX(r.started) "
        "FROM machines m LEFT JOIN runs r ON r.machine = m.key GROUP BY m.key ORDER BY m.key"))


def _chunks(ids, n=500):
    for i in range(0, len(ids), n):
        yield ids[i:i + n]


def merge(conn, other_path):
    """Add every run of the store at other_path this one lacks (by uid), each in its own
    transaction; the number added."""
    other = open_readonly(other_path)
    added = 0
    try:
        cols = ("id",) + RUN_COLUMNS
        for r in other.execute("SELECT id, %s FROM runs ORDER BY id" % ", ".join(RUN_COLUMNS)):
            run = dict(zip(cols, r))
            machine = other.execute("SELECT key, derived, summary, parts FROM machines "
                                    "WHERE key = ?", (run["machine"],)).fetchone()
            record = dict(run, machine_row=machine)
            for table, columns in CHILDREN.items():
                record[table] = list(other.execute("SELECT %s FROM %s WHERE run = ?" % (
                    ", ".join(columns), table), (run["id"],)))
            added += add(conn, record)[1]
    finally:
        other.close()
    return added


def to_json(value):
    return json.dumps(value, sort_keys=True)
