"""Dask worker plugins of the batch runner's local cluster (imported only with ``distributed``).

Kept apart from :mod:`analyzer.batch` so that module never imports ``distributed`` at import.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

__all__ = ["IgnoreSigint"]


class IgnoreSigint(WorkerPlugin):
    """Make every worker process of a local cluster ignore SIGINT, including the ones a nanny
    starts again after a worker died mid-run (those are spawned after the cluster's start-up,
    outside the ignored-SIGINT window): Ctrl-C stops the run in the main process, and workers
    that also heard it printed KeyboardInterrupt tracebacks over the progress bar."""

    name = "coc-ignore-sigint"

    def setup(self, worker: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
