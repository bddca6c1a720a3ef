"""The ``smtp_server`` fixture: Django's e-mail goes, through its own SMTP backend, to the real
SMTP server of ``tests/smtp.py`` (aiosmtpd on 127.0.0.1, one per test session and xdist worker),
and the test reads what arrived there. Registered in ``tests/conftest.py``."""

import email
import email.policy

import pytest

from tests.smtp import SmtpServer
from tests.smtp import smtp_server as running_smtp_server


class Mailbox:
    """What the server received for this test, oldest first."""

    def __init__(self, server: SmtpServer):
        self.server = server

    @property
    def messages(self) -> list:
        return self.server.messages

    def body(self, index: int = -1) -> str:
        """The plain-text body of a message (the last one unless told)."""
        message = email.message_from_bytes(self.messages[index].as_bytes(), policy=email.policy.default)
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture(scope="session")
def smtp_controller():
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def smtp_server(smtp_controller, settings) -> Mailbox:
    """Django's e-mail goes to the real SMTP server for this test; answers its (emptied) mailbox."""
    smtp_controller.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_controller.host
    settings.EMAIL_PORT = smtp_controller.port
    settings.EMAIL_USE_TLS = False
    return Mailbox(smtp_controller)
