"""Batch analysis of many documents, in parallel on this machine or on a Dask cluster.

:func:`run_batch` expands folders and globs to files, hashes each file in the parent process,
skips files already analysed with the same rubric and model for the same sector (so an
interrupted run resumes), has the workers re-score (``Engine.rescore``, no re-reading) those
stored for another sector, sends the rest to workers, and writes every result as it arrives,
from the parent process only, to the corpus store (one transaction per result: a kill loses at
most the work in flight). A file that cannot be analysed is recorded with a one-line reason and
the run goes on. A copy of another input file (same bytes) gets its original's outcome. At the
end (or on Ctrl-C, with the files not done marked ``interrupted``) an optional Parquet (or CSV)
table gets one row per input file.

Workers build the engine once per process (:class:`EngineSpec` says how) and receive the file
name plus either its path (local processes share the disk) or its bytes (Dask workers need no
shared filesystem).
"""

from __future__ import annotations

import contextlib
import glob
import importlib
import logging
import os
import platform
import signal
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from analyzer.errors import AnalyzerError, InputError
from analyzer.ingest import Limits
from analyzer.persistence import file_sha256 as sha256_file
from analyzer.results import Analysis, ModelInfo
from analyzer.store.corpus import CorpusStore, model_version_of

#: File name endings analysed when a folder is given.
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".pdf",
    ".docx",
    ".html",
    ".htm",
    ".md",
    ".markdown",
    ".txt",
)

#: ``pending`` until a result arrives; ``interrupted`` when the run stopped before that (a copy
#: of another input file gets its original's status, with ``duplicate_of`` set).
Status = Literal["pending", "analysed", "rescored", "skipped", "failed", "interrupted"]

#: What a folder's files of other types are told, in one line.
READ_TYPES = "only PDF, Word, HTML, Markdown and text are read"


class AnalyzerLike(Protocol):
    """What a worker needs from the engine."""

    def analyze(
        self,
        source: str | Path | bytes,
        *,
        name: str | None = None,
        sector: str = "general",
        password: str | None = None,
        limits: Limits | None = None,
    ) -> Analysis: ...

    def rescore(self, analysis: Analysis, sector: str) -> Analysis: ...


# ---------------------------------------------------------------------------------------------
# Engine construction inside workers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineSpec:
    """How a worker builds its engine (``factory`` is ``"module:attribute.path"``) and reads
    every document (``password`` for encrypted PDFs, size and page ``limits``).

    The default builds the real engine with :meth:`analyzer.engine.Engine.from_defaults`. The
    spec travels to workers by value (it is a small frozen dataclass), so workers on other
    machines only need the package installed, and read with the limits of the machine that
    started the run.
    """

    factory: str = "analyzer.engine:Engine.from_defaults"
    rubric_path: str | None = None
    model_path: str | None = None
    use_model: bool = True
    password: str | None = field(default=None, repr=False)
    limits: Limits | None = None

    def build(self) -> AnalyzerLike:
        """Import the factory and call it."""
        module_name, _, attr = self.factory.partition(":")
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
        engine: AnalyzerLike = obj(
            rubric_path=self.rubric_path, model_path=self.model_path, use_model=self.use_model
        )
        return engine


@dataclass(frozen=True)
class Identity:
    """The rubric and model a worker's engine grades with (the resume key with the sha256)."""

    rubric_version: str
    rubric_hash: str
    model_version: str


_ENGINES: dict[EngineSpec, AnalyzerLike] = {}
_ENGINE_LOCK = threading.Lock()
#: Tiny text analysed once to learn the engine's identity when it does not expose it directly.
_PROBE = b"# Probe\n\nSuppliers shall not use forced labour.\n"


def _engine(spec: EngineSpec) -> AnalyzerLike:
    with _ENGINE_LOCK:
        engine = _ENGINES.get(spec)
        if engine is None:
            engine = _ENGINES[spec] = spec.build()
        return engine


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _thread_env_defaults() -> None:
    """One thread per numeric library unless the user set otherwise (read at their import)."""
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")


def _one_thread_per_worker() -> None:
    """Parallelism comes from worker processes: keep numeric libraries to one thread each."""
    _thread_env_defaults()
    try:
        tpc: Any = importlib.import_module("threadpoolctl")
    except ImportError:  # pragma: no cover - comes with scikit-learn
        return
    tpc.threadpool_limits(1)


def _exit_with_parent(parent_pid: int) -> None:
    """Stop this worker soon after the batch process dies (even by SIGKILL), not orphan it."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, name="coc-parent-watch", daemon=True).start()


def _init_worker(spec: EngineSpec, parent_pid: int | None = None) -> None:
    """ProcessPoolExecutor initializer: build the engine once per worker process."""
    if parent_pid is not None:
        _exit_with_parent(parent_pid)
        # Ctrl-C reaches the whole process group: the parent stops the run, workers stay quiet
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _thread_env_defaults()
    try:
        _engine(spec)
    except Exception:  # re-raised by the first task, which reports it properly
        return  # (an exception here would break the whole pool with no message)
    _one_thread_per_worker()


def engine_identity(engine: AnalyzerLike) -> Identity:
    """The rubric hash and model version an engine writes into its analyses.

    Read from ``engine.rubric`` and ``engine.model_info`` when the engine has them, else learned
    by analysing a tiny probe text.
    """
    rubric = getattr(engine, "rubric", None)
    model = getattr(engine, "model_info", None)
    if isinstance(model, ModelInfo) and rubric is not None:
        return Identity(str(rubric.version), str(rubric.hash), model_version_of(model))
    probe = engine.analyze(_PROBE, name="probe.md")
    return Identity(probe.rubric.version, probe.rubric.hash, model_version_of(probe.model))


def check_sector(engine: AnalyzerLike, sector: str) -> None:
    """Raise SectorError (naming the valid ids) if the engine's rubric lacks ``sector``."""
    rubric = getattr(engine, "rubric", None)
    if rubric is not None and hasattr(rubric, "sector"):
        rubric.sector(sector)


def _identity_task(spec: EngineSpec, sector: str = "general") -> Identity:
    engine = _engine(spec)
    check_sector(engine, sector)  # fail the whole run at once, not file by file
    return engine_identity(engine)


@dataclass(frozen=True)
class TaskResult:
    """What a worker sends back for one file."""

    index: int
    ok: bool
    analysis_json: str = ""
    error: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker: str = ""
    max_rss_kb: int = 0


def _max_rss_kb() -> int:
    """This process's peak resident memory in KB (0 where it cannot be measured)."""
    try:
        import resource
    except ImportError:  # Windows
        try:
            psutil: Any = importlib.import_module("psutil")
            info = psutil.Process().memory_info()
            return int(getattr(info, "peak_wset", info.rss)) // 1024
        except Exception:
            return 0
    peak = int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def _analyze_task(
    spec: EngineSpec, index: int, name: str, source: str | bytes, sector: str
) -> TaskResult:
    """Analyse one file in a worker; never raises for a bad document."""

    def work(engine: AnalyzerLike) -> Analysis:
        data = Path(source).read_bytes() if isinstance(source, str) else source
        return engine.analyze(
            data, name=name, sector=sector, password=spec.password, limits=spec.limits
        )

    return _run_task(spec, index, work)


def _rescore_task(spec: EngineSpec, index: int, analysis_json: str, sector: str) -> TaskResult:
    """Re-score a stored analysis for ``sector`` in a worker (no re-reading of the file)."""

    def work(engine: AnalyzerLike) -> Analysis:
        return engine.rescore(Analysis.model_validate_json(analysis_json), sector)

    return _run_task(spec, index, work)


def _run_task(spec: EngineSpec, index: int, work: Callable[[AnalyzerLike], Analysis]) -> TaskResult:
    """Run ``work`` with this worker's engine, timed; errors become a failed TaskResult."""
    started = time.perf_counter()
    cpu = time.process_time()
    worker = f"{platform.node()}:{os.getpid()}"
    try:
        if spec not in _ENGINES:  # a Dask worker's first task
            _thread_env_defaults()
        analysis = work(_engine(spec))
        return TaskResult(
            index,
            True,
            analysis_json=analysis.model_dump_json(),
            seconds=time.perf_counter() - started,
            cpu_seconds=time.process_time() - cpu,
            worker=worker,
            max_rss_kb=_max_rss_kb(),
        )
    except AnalyzerError as exc:
        error = exc.user_message
    except MemoryError:
        error = "Ran out of memory while analysing this file; try fewer workers."
    except Exception as exc:  # a bug or an unexpected input: keep the run going
        error = f"internal error: {type(exc).__name__}: {exc}"
    return TaskResult(
        index,
        False,
        error=" ".join(error.split()),
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
        worker=worker,
        max_rss_kb=_max_rss_kb(),
    )


# ---------------------------------------------------------------------------------------------
# Inputs and outputs
# ---------------------------------------------------------------------------------------------


def expand_inputs(inputs: Sequence[str | Path], ignored: Counter[str] | None = None) -> list[Path]:
    """Files from paths, folders (searched recursively for supported types) and globs.

    Order is stable (as given, folders and globs sorted); a file named twice appears once.
    A folder's files of other types are counted by ending in ``ignored`` (hidden files are not).
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def push(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in inputs:
        text = str(item)
        path = Path(text).expanduser()
        if path.is_dir():
            visible = [p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")]
            found = sorted(p for p in visible if p.suffix.lower() in SUPPORTED_SUFFIXES)
            if ignored is not None:
                ignored.update(
                    p.suffix.lower() or "no extension"
                    for p in visible
                    if p.suffix.lower() not in SUPPORTED_SUFFIXES
                )
            if not found:
                raise InputError(
                    f"The folder {path} holds no PDF, DOCX, HTML, Markdown or text files."
                )
            for p in found:
                push(p)
        elif path.is_file():
            push(path)
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(os.path.expanduser(text), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise InputError(f"No files match {text}; check the pattern and quote it.")
            for p in files:
                push(p)
        else:
            raise InputError(f"{text} does not exist; give a file, a folder or a glob pattern.")
    return out


def describe_ignored(ignored: Counter[str]) -> str:
    """One line such as '1 file ignored (.xlsx): only PDF, Word, HTML, Markdown and text are
    read' ('' when nothing was ignored)."""
    n = sum(ignored.values())
    if not n:
        return ""
    kinds = ", ".join(sorted(ignored))
    return f"{n} file{'s' if n > 1 else ''} ignored ({kinds}): {READ_TYPES}"


def check_out_path(out: str | Path) -> None:
    """Raise InputError now, before any work, if the table cannot be written to ``out``."""
    target = Path(out).expanduser()
    if target.is_dir():
        raise InputError(f"--out {out} is a folder; give a file name ending in .parquet or .csv.")
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(
            f"--out {out}: {parent} is a file, not a folder; choose another place for the table."
        )
    if not os.access(parent, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise InputError(f"--out {out}: you may not write there; choose a folder you can write to.")


@dataclass
class BatchRow:
    """One input file's outcome (one row of the output table)."""

    name: str
    path: str
    sha256: str
    status: Status = "pending"
    error: str = ""
    overall: float | None = None
    suitability: float | None = None
    #: None where the criterion does not apply to the sector scored for (not graded there)
    levels: dict[str, int | None] = field(default_factory=dict)
    #: the sector the scores are for
    scored_for: str = ""
    #: the path of the input file with the same content this row copies its outcome from
    duplicate_of: str = ""
    #: e.g. that another run stored this file while this one analysed it
    note: str = ""

    def fill(self, analysis: Analysis) -> None:
        """Copy the scores of ``analysis``."""
        self.overall = analysis.overall_score
        self.suitability = analysis.sector.suitability
        self.levels = {c.id: c.level if c.applicable else None for c in analysis.criteria}
        self.scored_for = analysis.sector.id

    def copy_outcome(self, original: BatchRow) -> None:
        """Take the status, error and scores of ``original`` (a file with the same bytes)."""
        self.duplicate_of = original.path
        self.status = original.status
        self.error = original.error
        self.overall = original.overall
        self.suitability = original.suitability
        self.levels = dict(original.levels)
        self.scored_for = original.scored_for
        self.note = original.note


@dataclass
class BatchSummary:
    """What a run did."""

    rows: list[BatchRow]
    identity: Identity | None
    seconds: float
    workers: int
    backend: str
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0
    #: the run was stopped (Ctrl-C) before every file was done
    interrupted: bool = False
    #: files of other types found in the folders, by ending
    ignored: Counter[str] = field(default_factory=Counter)
    #: the corpus database the results went to
    database: Path | None = None

    def count(self, status: Status) -> int:
        """Number of rows with ``status``."""
        return sum(1 for r in self.rows if r.status == status)

    @property
    def docs_per_minute(self) -> float:
        """Analysed documents per minute of wall time (copies of other files not counted)."""
        done = sum(1 for r in self.rows if r.status == "analysed" and not r.duplicate_of)
        return 60.0 * done / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        """One line for people."""
        rescored = self.count("rescored")
        text = (
            f"{self.count('analysed')} analysed, "
            + (
                f"{rescored} re-scored for the sector (stored for another one), "
                if rescored
                else ""
            )
            + f"{self.count('skipped')} skipped (already in the corpus), "
            f"{self.count('failed')} failed"
        )
        if self.interrupted:
            text += f", {self.count('interrupted')} not done"
        copies = sum(1 for r in self.rows if r.duplicate_of)
        if copies:
            text += f" ({copies} of these are copies of another file: see duplicate_of)"
        raced = sum(1 for r in self.rows if r.note)
        if raced:
            text += f"; {raced} already stored by another run meanwhile"
        text += f"; {self.seconds:.1f} s"
        if self.count("analysed"):
            peak = max(self.worker_peak_rss_mb.values(), default=0.0)
            text += (
                f", {self.docs_per_minute:.0f} documents/min on {self.workers} {self.backend} "
                f"worker(s); peak worker memory {peak:.0f} MB"
            )
        return text


_TEXT_COLUMNS = (
    "name",
    "path",
    "sha256",
    "status",
    "error",
    "scored_for",
    "duplicate_of",
    "note",
)


def write_table(rows: Sequence[BatchRow], out: str | Path) -> Path:
    """Write one row per file to Parquet (or CSV when ``out`` ends in .csv), atomically.

    Column types are fixed (text columns ``string``, scores ``float64``, levels nullable
    ``Int8``) whatever the rows hold, so tables of several runs can be appended; a level is
    null (NA) where the criterion does not apply to the sector, as in ``coc corpus export``.
    """
    import pandas as pd

    criteria = sorted({c for r in rows for c in r.levels})
    records = []
    for r in rows:
        rec: dict[str, Any] = {
            "name": r.name,
            "path": r.path,
            "sha256": r.sha256,
            "status": r.status,
            "error": r.error or None,
            "scored_for": r.scored_for or None,
            "duplicate_of": r.duplicate_of or None,
            "note": r.note or None,
            "overall": r.overall,
            "suitability": r.suitability,
        }
        for c in criteria:
            rec[f"level_{c}"] = r.levels.get(c)
        records.append(rec)
    frame = pd.DataFrame.from_records(
        records,
        columns=[*_TEXT_COLUMNS, "overall", "suitability"] + [f"level_{c}" for c in criteria],
    )
    for name in _TEXT_COLUMNS:
        frame[name] = frame[name].astype("string")
    for c in criteria:
        frame[f"level_{c}"] = frame[f"level_{c}"].astype("Int8")
    frame["overall"] = frame["overall"].astype("float64")
    frame["suitability"] = frame["suitability"].astype("float64")
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if target.suffix.lower() == ".csv":
        frame.to_csv(tmp, index=False)
    else:
        frame.to_parquet(tmp, index=False)
    os.replace(tmp, target)
    return target


# ---------------------------------------------------------------------------------------------
# Executors: local processes or Dask
# ---------------------------------------------------------------------------------------------


class _Backend(Protocol):
    name: str
    workers: int
    sends_bytes: bool

    def identity(self, sector: str) -> Identity: ...

    def submit(self, index: int, name: str, source: str | bytes, sector: str) -> Any: ...

    def submit_rescore(self, index: int, analysis_json: str, sector: str) -> Any: ...

    def wait_any(self, pending: set[Any]) -> tuple[list[Any], set[Any]]: ...

    def result(self, future: Any) -> TaskResult: ...

    def close(self, cancel: bool) -> None: ...


class _LocalBackend:
    """A ProcessPoolExecutor whose workers build the engine once in an initializer."""

    name = "local"
    sends_bytes = False

    def __init__(self, spec: EngineSpec, workers: int) -> None:
        import multiprocessing as mp

        self.spec = spec
        self.workers = workers
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self._ctx = mp.get_context(method)
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._ctx,
            initializer=_init_worker,
            initargs=(self.spec, os.getpid()),
        )

    def identity(self, sector: str) -> Identity:
        return self._pool.submit(_identity_task, self.spec, sector).result()

    def submit(self, index: int, name: str, source: str | bytes, sector: str) -> Future[TaskResult]:
        return self._submit(_analyze_task, self.spec, index, name, source, sector)

    def submit_rescore(self, index: int, analysis_json: str, sector: str) -> Future[TaskResult]:
        return self._submit(_rescore_task, self.spec, index, analysis_json, sector)

    def _submit(self, fn: Callable[..., TaskResult], *args: Any) -> Future[TaskResult]:
        try:
            return self._pool.submit(fn, *args)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(fn, *args)

    def wait_any(self, pending: set[Any]) -> tuple[list[Any], set[Any]]:
        done, rest = wait(pending, return_when=FIRST_COMPLETED)
        return list(done), set(rest)

    def result(self, future: Any) -> TaskResult:
        return future.result()  # type: ignore[no-any-return]

    def close(self, cancel: bool) -> None:
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)


def _quiet_dask_logs() -> None:
    """Only critical messages from Dask (no tracebacks, nanny warnings or 'Restarting worker'
    lines over the progress bar) unless COC_DEBUG is set; worker processes inherit it."""
    if os.environ.get("COC_DEBUG"):
        return
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "critical")
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] == "distributed"]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Processes started inside inherit an ignored SIGINT (no KeyboardInterrupt tracebacks from
    them on Ctrl-C); this process's own handler is restored on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _check_reachable(scheduler: str, timeout: float = 5.0) -> None:
    """Raise InputError at once when nothing listens at a tcp:// scheduler address."""
    if not scheduler.startswith("tcp://"):
        return
    host, _, port = scheduler[len("tcp://") :].rstrip("/").rpartition(":")
    try:
        with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout):
            return
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(
            f"Cannot reach the Dask scheduler at {scheduler} ({reason}); check that "
            "dask-scheduler is running and the address and port are right."
        ) from exc


class _DaskBackend:
    """Tasks on a Dask distributed cluster: an existing scheduler or a LocalCluster."""

    sends_bytes = True

    def __init__(
        self, spec: EngineSpec, *, scheduler: str | None = None, local_workers: int = 0
    ) -> None:
        try:
            # typed as Any: distributed is only partly annotated
            dist: Any = importlib.import_module("distributed")
        except ImportError as exc:  # pragma: no cover - the cluster extra is not installed
            raise InputError(
                "Dask is not installed; run: pip install 'coc-analyzer[cluster]' "
                "(or leave out --scheduler/--dask-local to use local processes)."
            ) from exc
        _quiet_dask_logs()
        self.spec = spec
        self._cluster: Any = None
        if scheduler:
            self.name = f"dask {scheduler}"
            _check_reachable(scheduler)
            try:
                self._client = dist.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InputError(
                    f"Cannot reach the Dask scheduler at {scheduler} ({exc}); check that "
                    "dask-scheduler is running and the address and port are right."
                ) from exc
        else:
            self.name = "dask-local"
            with _sigint_ignored():  # Ctrl-C stops the run here; the workers need not hear it
                self._cluster = dist.LocalCluster(
                    n_workers=local_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    host="127.0.0.1",
                )
            self._client = dist.Client(self._cluster)
            # workers a nanny restarts later are spawned outside the window above
            plugins = importlib.import_module("analyzer._dask_plugins")
            self._client.register_plugin(plugins.IgnoreSigint())
        info = self._client.scheduler_info()
        self.workers = max(1, len(info.get("workers", {})))
        if scheduler and not info.get("workers"):
            self._client.wait_for_workers(1, timeout=60)
            self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        self._completed: Any = dist.as_completed()

    def identity(self, sector: str) -> Identity:
        result: Identity = self._client.submit(
            _identity_task, self.spec, sector, pure=False
        ).result()
        return result

    def submit(self, index: int, name: str, source: str | bytes, sector: str) -> Any:
        return self._submit(_analyze_task, self.spec, index, name, source, sector)

    def submit_rescore(self, index: int, analysis_json: str, sector: str) -> Any:
        return self._submit(_rescore_task, self.spec, index, analysis_json, sector)

    def _submit(self, fn: Callable[..., TaskResult], *args: Any) -> Any:
        future = self._client.submit(fn, *args, pure=False, retries=1)
        self._completed.add(future)
        return future

    def wait_any(self, pending: set[Any]) -> tuple[list[Any], set[Any]]:
        first = next(self._completed)  # as_completed yields each added future exactly once
        return [first], pending - {first}

    def result(self, future: Any) -> TaskResult:
        res: TaskResult = future.result()
        return res

    def close(self, cancel: bool) -> None:
        try:
            if cancel:
                self._client.close(timeout=10)
            else:
                self._client.close()
        except Exception:  # interrupted: the cluster may already be going down
            if not cancel:
                raise
        finally:
            if self._cluster is not None:
                with contextlib.suppress(Exception):
                    self._cluster.close(timeout=10)


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


@dataclass
class _Job:
    index: int
    path: Path
    sha256: str
    #: the stored analysis (JSON) to re-score for the run's sector instead of reading the file
    stored: str | None = None


def _usable_cpus() -> int:
    """CPUs this process may run on (respects affinity and container CPU sets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _tqdm_progress(total: int) -> Any:
    from tqdm import tqdm

    # on a terminal: live; in a log file: a line every 10 s at most
    live = sys.stderr.isatty()
    return tqdm(
        total=total,
        file=sys.stderr,
        unit="doc",
        dynamic_ncols=True,
        smoothing=0.1,
        mininterval=0.1 if live else 10.0,
    )


def run_batch(
    inputs: Sequence[str | Path],
    *,
    store: CorpusStore | Callable[[], CorpusStore],
    spec: EngineSpec | None = None,
    workers: int | None = None,
    sector: str = "general",
    scheduler: str | None = None,
    dask_local: int = 0,
    out: str | Path | None = None,
    progress: bool = True,
    max_in_flight: int | None = None,
    on_result: Callable[[BatchRow], None] | None = None,
) -> BatchSummary:
    """Analyse every file in ``inputs`` and store the results; see the module docstring.

    ``workers`` local processes (default: CPU count) unless ``scheduler`` (a Dask scheduler
    address) or ``dask_local`` (number of LocalCluster workers) is given. ``store`` may be a
    function that opens it: it is then called only once the workers are up and the engine has
    loaded (an unreachable scheduler or a bad sector creates no database), and closed at the
    end. ``on_result`` is called with each row as its outcome is known.

    Ctrl-C (KeyboardInterrupt) stops the run: the summary comes back with ``interrupted`` set,
    the rows not done marked ``interrupted``, and the partial table written to ``out``.
    """
    spec = spec or EngineSpec()
    started = time.perf_counter()
    if out is not None:
        check_out_path(out)
    ignored: Counter[str] = Counter()
    files = expand_inputs(inputs, ignored)
    jobs: list[_Job] = []
    rows: list[BatchRow] = []
    for i, p in enumerate(files):
        try:
            digest = sha256_file(p)
        except OSError as exc:
            rows.append(
                BatchRow(
                    name=p.name,
                    path=str(p),
                    sha256="",
                    status="failed",
                    error=f"Cannot read the file ({exc.strerror}); check it exists and that "
                    "you may read it.",
                )
            )
            continue
        jobs.append(_Job(i, p, digest))
        rows.append(BatchRow(name=p.name, path=str(p), sha256=digest))

    backend: _Backend
    if scheduler or dask_local:
        backend = _DaskBackend(spec, scheduler=scheduler, local_workers=dask_local or 0)
    else:
        n = workers or _usable_cpus()
        backend = _LocalBackend(spec, max(1, min(n, max(1, len(jobs)))))
    summary = BatchSummary(rows, None, 0.0, backend.workers, backend.name, ignored=ignored)
    peak: dict[str, float] = {}
    copies: list[tuple[int, int]] = []  # (copy, original) row indexes

    def report(row: BatchRow) -> None:
        if on_result is not None:
            on_result(row)

    with contextlib.ExitStack() as stack:
        try:
            identity = backend.identity(sector)
            summary.identity = identity
            if not isinstance(store, CorpusStore):
                store = stack.enter_context(store())
            summary.database = store.path
            for row in rows:
                if row.status == "failed":  # could not be read
                    report(row)
            _run(backend, store, identity, sector, jobs, rows, copies, summary, peak, out,
                 progress, max_in_flight, report)  # fmt: skip
        except KeyboardInterrupt:
            summary.interrupted = True
            with contextlib.suppress(BaseException):
                backend.close(cancel=True)
        except BaseException:
            backend.close(cancel=True)
            raise
        else:
            backend.close(cancel=False)
    for row in rows:
        if row.status == "pending":
            row.status = "interrupted"
    for copy, original in copies:
        rows[copy].copy_outcome(rows[original])
        if not summary.interrupted:
            report(rows[copy])
    summary.seconds = time.perf_counter() - started
    summary.worker_peak_rss_mb = {k: round(v, 1) for k, v in sorted(peak.items())}
    if out is not None:
        write_table(rows, out)
    return summary


def _run(
    backend: _Backend,
    store: CorpusStore,
    identity: Identity,
    sector: str,
    jobs: list[_Job],
    rows: list[BatchRow],
    copies: list[tuple[int, int]],
    summary: BatchSummary,
    peak: dict[str, float],
    out: str | Path | None,
    progress: bool,
    max_in_flight: int | None,
    report: Callable[[BatchRow], None],
) -> None:
    """The body of :func:`run_batch` once the workers and the store are ready."""
    # the resume key: sha256 + rubric hash + model version, and the sector scored for
    done_before = store.analysed_sectors(identity.rubric_hash, identity.model_version)
    todo: list[_Job] = []
    first_of: dict[str, int] = {}
    for job in jobs:
        row = rows[job.index]
        if job.sha256 in first_of:  # same bytes as an earlier file: gets its outcome at the end
            copies.append((job.index, first_of[job.sha256]))
            continue
        first_of[job.sha256] = job.index
        stored_sector = done_before.get(job.sha256)
        if stored_sector == sector:
            row.status = "skipped"
            if out is not None:  # the table shows the stored scores of skipped files
                found = store.find_analysis(
                    job.sha256, identity.rubric_hash, identity.model_version
                )
                if found is not None:
                    row.fill(found)
        else:
            if stored_sector is not None:  # stored for another sector: re-score, not re-read
                job.stored = store.find_analysis_json(
                    job.sha256, identity.rubric_hash, identity.model_version
                )
            todo.append(job)
    bar = _tqdm_progress(len(todo)) if progress else None
    failed = 0
    limit = max_in_flight or max(2, backend.workers * 3)
    queue: Iterator[_Job] = iter(todo)
    pending: set[Any] = set()
    owner: dict[Any, _Job] = {}

    def submit_next() -> bool:
        job = next(queue, None)
        if job is None:
            return False
        if job.stored is not None:
            fut = backend.submit_rescore(job.index, job.stored, sector)
        else:
            source: str | bytes = (
                job.path.read_bytes() if backend.sends_bytes else str(job.path.resolve())
            )
            fut = backend.submit(job.index, job.path.name, source, sector)
        pending.add(fut)
        owner[fut] = job
        return True

    try:
        while len(pending) < limit and submit_next():
            pass
        while pending:
            done, pending = backend.wait_any(pending)
            for fut in done:
                job = owner.pop(fut)
                row = rows[job.index]
                try:
                    res = backend.result(fut)
                except BrokenProcessPool:
                    res = TaskResult(
                        job.index,
                        False,
                        error="The worker process died while analysing this file (out of "
                        "memory or a crash in a library); try it alone with coc analyze.",
                    )
                except Exception as exc:  # a cluster-side error (worker lost, ...)
                    res = TaskResult(job.index, False, error=f"{type(exc).__name__}: {exc}")
                summary.worker_seconds += res.seconds
                summary.worker_cpu_seconds += res.cpu_seconds
                if res.worker:
                    peak[res.worker] = max(peak.get(res.worker, 0.0), res.max_rss_kb / 1024)
                if res.ok:
                    analysis = Analysis.model_validate_json(res.analysis_json)
                    _store_result(store, analysis, job, row, sector, identity)
                    row.fill(analysis)
                else:
                    failed += 1
                    row.status = "failed"
                    row.error = res.error
                    store.record_failure(
                        sha256=job.sha256,
                        name=job.path.name,
                        path=str(job.path),
                        reason=res.error,
                        rubric_hash=identity.rubric_hash,
                        model_version=identity.model_version,
                    )
                report(row)
                if bar is not None:
                    bar.set_postfix(failed=failed, refresh=False)
                    bar.update(1)
                submit_next()
    finally:
        if bar is not None:
            bar.close()


def _store_result(
    store: CorpusStore, analysis: Analysis, job: _Job, row: BatchRow, sector: str, ident: Identity
) -> None:
    """Store one file's analysis and set the row's status to what really happened.

    The store keeps one analysis per (file, rubric, model). When another run stored this file
    while this one analysed it, the stored analysis gets this run's sector scores (as a re-score
    would do) unless it was scored for the same sector, and the row says so.
    """
    if job.stored is not None and store.replace_scoring(analysis):
        row.status = "rescored"
        return
    if store.add_analysis(analysis, sector=sector).created:
        row.status = "analysed"
        return
    row.note = "already stored by another run"
    stored = store.find_analysis(job.sha256, ident.rubric_hash, ident.model_version)
    if stored is not None and stored.sector.id == sector:
        row.status = "skipped"
    else:
        store.replace_scoring(analysis)
        row.status = "rescored"
        row.note += f"; its scores re-scored for {sector}"


__all__ = [
    "SUPPORTED_SUFFIXES",
    "AnalyzerLike",
    "BatchRow",
    "BatchSummary",
    "EngineSpec",
    "Identity",
    "check_out_path",
    "describe_ignored",
    "engine_identity",
    "expand_inputs",
    "run_batch",
    "sha256_file",
    "write_table",
]
