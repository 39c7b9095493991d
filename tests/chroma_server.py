"""A real `chroma run` on 127.0.0.1 for tests and benchmarks: started on a path and port, stopped by PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from retrieval.config import RetrievalSettings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_settings(port: int) -> RetrievalSettings:
    """Settings that point the store at a server on 127.0.0.1:`port`, with nothing from `.env`."""
    return RetrievalSettings(chroma_host="127.0.0.1", chroma_port=port, _env_file=None)  # type: ignore[call-arg]


class ChromaServer:
    """`chroma run --path DIR --host 127.0.0.1 --port PORT`; `stop()` and `start()` again keep both."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log = path / "server.log"

    def start(self, timeout: float = 60.0) -> ChromaServer:
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
        if chroma is None:
            raise RuntimeError("the `chroma` command is not installed (it comes with chromadb)")
        self.path.mkdir(parents=True, exist_ok=True)
        with self._log.open("a") as log:
            self.process = subprocess.Popen(
                [chroma, "run", "--path", str(self.path / "db"), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            )
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited: {self._log.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"chroma run did not start within {timeout:.0f} s")
            time.sleep(0.25)
        return self

    def answers(self) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        """SIGTERM to its PID, then wait; SIGKILL if it has not gone in 15 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()

    @property
    def env(self) -> dict[str, str]:
        """The settings that point the bot and `python -m retrieval` at this server."""
        return {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(self.port)}


@contextmanager
def running_chroma(path: Path) -> Iterator[ChromaServer]:
    """A server keeping its data under `path`, ready to answer; stopped on the way out."""
    server = ChromaServer(path)
    try:
        server.start()
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield server
    finally:
        server.stop()
