"""The web app started by the tests: `mhnotebook app` on a free 127.0.0.1 port, stopped afterwards.

It runs the real command line (the same one `make app` runs), in its own process group so that
stopping it also stops every kernel it started, with a throwaway data folder so that no test reads
or writes anyone's real cases.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
#: Generous: a cold start on a busy 2-core machine imports Voila, Jupyter Server and the templates.
START_TIMEOUT_S = 90


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class AppServer:
    """One `mhnotebook app` process: ``start()``, then pages under ``url(...)``, then ``stop()``."""

    def __init__(self, data_dir: Path, log_path: Path, token: str) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.token = token
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "mhnotebook.cli", "app", "--no-browser", "--host", HOST,
                "--port", str(self.port), "--token", self.token]  # fmt: skip

    def url(self, path: str = "voila/tree", *, with_token: bool = False) -> str:
        query = f"?token={self.token}" if with_token and self.token else ""
        return f"http://{HOST}:{self.port}/{path.lstrip('/')}{query}"

    def start(self) -> AppServer:
        self.port = free_port()
        env = {**os.environ, "MHNOTEBOOK_DATA_DIR": str(self.data_dir)}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(), env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mhnotebook app exited with {self.process.returncode}:\n{self.log()}")
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"mhnotebook app did not answer within {START_TIMEOUT_S} s:\n{self.log()}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url(with_token=True), timeout=5) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def log(self, last: int | None = 4000) -> str:
        """The end of the server's output (``last=None``: all of it, e.g. the start-up lines)."""
        text = self.log_path.read_text(errors="replace")
        return text if last is None else text[-last:]

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process's group (Voila shuts its kernels down), then SIGKILL whatever is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
