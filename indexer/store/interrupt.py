"""SIGTERM and Ctrl-C during a writing run: stop cleanly, never half-way through a commit.

``timeout``, systemd and ``kill`` send SIGTERM, whose default action ends
the process on the spot: no cleanup, workers and partial files left behind.
While a run is writing, both signals instead raise :class:`RunStopped` in the
main thread, so the run cancels its writer, kills its workers, removes its
partial files and releases the lock on the way out. Inside a commit or a
rebuild's publication (:meth:`StopSignals.critical`) a signal is only noted:
the commit completes, as a stop there could only waste finished work.

``RunStopped`` derives from BaseException, like KeyboardInterrupt, so that no
``except Exception`` on the way (a parser's guard) mistakes it for a bad file.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

__all__ = ["RunStopped", "StopSignals"]

_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class RunStopped(BaseException):
    """A writing run was asked to stop by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """Turns SIGTERM and SIGINT into :class:`RunStopped` while active.

    Only the main thread can receive signals; elsewhere this does nothing.
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self._depth = 0
        self._saved: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.received is None
        if first:
            self.received = signum
        if first and self._depth == 0:
            raise RunStopped(signum)

    @contextmanager
    def critical(self) -> Iterator[None]:
        """A section a signal must not cut short."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for s in _SIGNALS:
                self._saved[s] = signal.signal(s, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for s, handler in self._saved.items():
            signal.signal(s, handler)
        self._saved.clear()
