"""TCP_NODELAY on every connection, whoever made the listening socket (``serve/http_protocol.py``)."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import uvicorn

from migsearch.search.serve.http_protocol import NoDelayH11Protocol


async def hello(scope, receive, send):
    """A whole ASGI app: answers every request with a short text."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"hello"})


def nodelay_of_served_connection(http_protocol) -> int:
    """TCP_NODELAY on the server's end of a live connection, the listening socket made as
    uvicorn makes it for several worker processes (``proto=0``)."""
    sock = socket.socket(socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    assert sock.proto == 0
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(hello, http=http_protocol, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.01)
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            client.request("GET", "/")
            response = client.getresponse()
            assert (response.status, response.read()) == (200, b"hello")
            (connection,) = server.server_state.connections
            served = connection.transport.get_extra_info("socket")
            return served.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        finally:
            client.close()
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_connections_have_nodelay_on_a_socket_made_without_proto():
    assert nodelay_of_served_connection(NoDelayH11Protocol) != 0


def test_plain_h11_leaves_nagle_on_there():
    """The reason for the protocol: plain h11 on such a socket keeps Nagle's algorithm."""
    assert nodelay_of_served_connection("h11") == 0
