"""The guard every test runs under: loopback works, anything else is refused and recorded."""

from __future__ import annotations

import socket

import pytest


def test_connections_and_lookups_outside_loopback_are_refused(no_network: list[str]) -> None:
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.1", 80))
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)
    assert len(no_network) == 2
    no_network.clear()  # recorded as it should be: the guard's own check at teardown passes


def test_loopback_is_allowed() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        socket.create_connection(server.getsockname(), timeout=1).close()
