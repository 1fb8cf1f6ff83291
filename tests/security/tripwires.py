"""Tripwires that record any attempt to reach them: a local TCP listener and a FIFO.

Both are exact, not timed: a connection waits in the listener's queue until it is
counted, and a reader of the FIFO blocks in ``open`` until the watcher sees it.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
from pathlib import Path


class Listener:
    """A TCP server on a free port of 127.0.0.1 that counts the connections it gets."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept_one(self) -> bool:
        try:
            conn, _addr = self._sock.accept()
        except (TimeoutError, BlockingIOError):
            return False
        self.connections += 1
        conn.close()  # the client gets an immediate error instead of waiting
        return True

    def _serve(self) -> None:
        while not self._stop.is_set():
            self._accept_one()

    def close(self) -> int:
        """Stops, counts what is still queued, and returns the number of connections."""
        if self._stop.is_set():
            return self.connections
        self._stop.set()
        self._thread.join()
        self._sock.setblocking(False)
        while self._accept_one():
            pass
        self._sock.close()
        return self.connections


class FifoTripwire:
    """A named pipe that records whether anything opened it to read.

    A reader's ``open`` blocks until a writer comes; the watcher then opens the write end
    (which only succeeds while a reader waits), records it and closes it, so the reader
    sees an empty file and carries on.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _check(self) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader
                raise
            return
        self.opened = True
        os.close(fd)

    def _watch(self) -> None:
        while not self._stop.wait(0.01):
            self._check()

    def close(self) -> bool:
        """Stops watching; returns whether anything opened the pipe to read."""
        if self._stop.is_set():
            return self.opened
        self._stop.set()
        self._thread.join()
        self._check()
        return self.opened
