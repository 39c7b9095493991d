"""A real `chroma run` on 127.0.0.1 for the tests that need a server: started, waited for, stopped by PID."""

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
from dataclasses import dataclass
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


@dataclass
class ChromaServer:
    port: int
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s; a server already stopped is left as it is."""
        if self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()


@contextmanager
def running_chroma(path: Path) -> Iterator[ChromaServer]:
    """A server keeping its data under `path`, ready to answer; stopped on the way out."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command is not installed (it comes with chromadb)")
    port = free_port()
    log = (path / "server.log").open("w")
    server = ChromaServer(
        port,
        subprocess.Popen(
            [chroma, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        ),
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.process.poll() is not None:
                pytest.fail(f"chroma run exited: {(path / 'server.log').read_text()}")
            time.sleep(0.25)
        else:
            pytest.fail("chroma run did not start within 60 s")
        yield server
    finally:
        server.stop()
        log.close()
