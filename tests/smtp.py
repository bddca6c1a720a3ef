"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, on a free port, keeping what it got.

    with smtp_server() as server:          # or the ``smtp`` fixture of a test module
        ...                                # point DJANGO_EMAIL_HOST/PORT at server.host/server.port
        server.wait_for(1)                 # the messages, parsed (email.message.Message)

``server.fail_next(n)`` makes it refuse the next ``n`` messages with a temporary error (451), as a
mail server that is down for a moment does.
"""

import contextlib
import email
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.refused = 0
        self._fail = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self._lock:
            if self._fail > 0:
                self._fail -= 1
                self.refused += 1
                return "451 Requested action aborted: try again later"
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, controller: Controller, handler: RecordingHandler):
        self.controller, self.handler = controller, handler
        self.host, self.port = controller.hostname, controller.port

    @property
    def messages(self):
        return list(self.handler.messages)

    def fail_next(self, count: int) -> None:
        with self.handler._lock:
            self.handler._fail = count

    def wait_for(self, count: int, timeout: float = 30) -> list:
        """The messages once there are at least ``count`` (fails after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.handler.messages) >= count:
                return self.messages
            time.sleep(0.05)
        raise AssertionError(f"expected {count} e-mails within {timeout} s, got {len(self.handler.messages)}")

    def clear(self) -> None:
        with self.handler._lock:
            self.handler.messages.clear()
            self.handler.refused = 0


@contextlib.contextmanager
def smtp_server():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(controller, handler)
    finally:
        controller.stop()
