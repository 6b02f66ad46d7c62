"""One SQLAlchemy engine per gradebook file and process, without fsync for a worker's scratch copy.

nbgrader opens a new Gradebook, hence a new SQLAlchemy engine, in every
preprocessor; :func:`reuse_engines` patches ``nbgrader.api.create_engine`` (in
one place) so that a process keeps one engine per database URL. The SQL itself
stays nbgrader's.
"""

from __future__ import annotations


def reuse_engines() -> None:
    """One SQLAlchemy engine per gradebook file and process.

    nbgrader opens a new Gradebook (hence a new engine) in every
    preprocessor; a new engine recompiles every query and re-inspects the
    schema. Reusing the engine is the same database, several times faster.
    """
    import nbgrader.api as api

    if getattr(api.create_engine, "_grader_cached", False):
        return
    original = api.create_engine
    engines: dict = {}

    def create_engine(url, *args, **kwargs):
        key = (str(url), args, tuple(sorted(kwargs.items())))
        if key not in engines:
            engines[key] = original(url, *args, **kwargs)
            if str(url) in SCRATCH_URLS:
                from sqlalchemy import event

                event.listen(engines[key], "connect", _no_fsync)
        return engines[key]

    create_engine._grader_cached = True
    create_engine._engines = engines
    api.create_engine = create_engine


# Gradebook files that are a worker's scratch copy (restored from the prepared course whenever
# they differ from it, see Autograder.verify): nothing in them must outlive the operating system.
SCRATCH_URLS: set[str] = set()


def _no_fsync(dbapi_connection, _record) -> None:
    """SQLite's ``PRAGMA synchronous=OFF`` on a new connection to a scratch gradebook.

    nbgrader commits each grade cell apart (about 30 commits a notebook), and each commit waits
    for fsync; without it a commit is safe against a crash of the process but not of the machine
    (SQLite's documentation, "PRAGMA synchronous"), which is all a scratch copy needs."""
    dbapi_connection.execute("PRAGMA synchronous=OFF")


def forget_engine(db_url: str) -> None:
    """Close the cached engine of ``db_url`` (its file was replaced)."""
    import nbgrader.api as api

    engines = getattr(api.create_engine, "_engines", {})
    for key in [k for k in engines if k[0] == db_url]:
        engines.pop(key).dispose()


def quiet_warnings() -> None:
    """nbgrader 0.9 with SQLAlchemy 2 warns on every new submission; the rows are right."""
    import warnings

    try:
        from sqlalchemy.exc import SAWarning

        warnings.filterwarnings("ignore", category=SAWarning)
    except ImportError:
        pass
    warnings.filterwarnings("ignore", module="nbformat")  # duplicate or missing cell ids: we repair them
