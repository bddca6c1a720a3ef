"""A real SMTP server per test session for the account e-mails (aiosmtpd on 127.0.0.1): Django sends to it with its own SMTP
backend, and the tests read what arrived.

Use the ``smtp_server`` fixture (registered in ``tests/conftest.py``); each xdist worker listens on
a port of its own.
"""

import email
import email.policy
import os
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

BASE_PORT = int(os.environ.get("PARTNER_TEST_SMTP_PORT", "13025"))


@dataclass
class Mailbox:
    """What the server received, as parsed messages, oldest first."""

    messages: list = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 OK"

    def body(self, index: int = -1) -> str:
        return self.messages[index].get_body(preferencelist=("plain",)).get_content()


def _port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return BASE_PORT + int("".join(ch for ch in worker if ch.isdigit()) or 0)


@pytest.fixture(scope="session")
def smtp_controller():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_port())
    controller.start()
    try:
        yield controller, mailbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(smtp_controller, settings) -> Mailbox:
    """Django's e-mail goes to the real SMTP server for this test; answers its (emptied) mailbox."""
    controller, mailbox = smtp_controller
    mailbox.messages.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    return mailbox
