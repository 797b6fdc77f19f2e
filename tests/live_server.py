"""A real HTTP server for an app: uvicorn on a free local port in a thread of the test process."""
from __future__ import annotations

import contextlib
import socket
import threading
import time


@contextlib.contextmanager
def serve(app, lifespan: str = "off"):
    """Serve `app` on 127.0.0.1; yields its base URL (without a trailing slash). `lifespan="on"`
    runs the app's startup and shutdown (the MCP endpoint's session manager needs it)."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
