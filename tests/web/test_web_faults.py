"""A certificate fetch that hangs: every request gets a 400 within the fetch timeout,
and the service goes on answering."""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor

from web_support import envelope

from skill.web.verify import Verifier, fetch_chain


def test_a_hanging_certificate_fetch_is_a_400_and_frees_the_worker(pki, clock, fake_skill, make_client) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    held: list[socket.socket] = []

    def accept_and_say_nothing() -> None:
        while True:
            try:
                held.append(silent.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_and_say_nothing, daemon=True).start()

    def fetch(url: str) -> bytes:  # the real fetcher, pointed at a server that never answers
        return fetch_chain(f"http://127.0.0.1:{port}/echo.api/echo-api-cert.pem", timeout=0.3)

    client = make_client(VERIFIER=Verifier(roots=[pki.root], fetch=fetch, now=clock))
    try:
        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(client.post, envelope()) for _ in range(4)]
            responses = [f.result(timeout=20) for f in futures]  # a guard against a hang, not a speed target
        for response in responses:
            assert response.status_code == 400
            assert "could not be fetched" in response.get_json()["error"]
        assert fake_skill.events == []
        assert client.http.get("/health").status_code == 200
    finally:
        silent.close()
        for sock in held:
            sock.close()
