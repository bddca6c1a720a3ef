"""Live sessions under load: many clients join at once and add topics; what does the board's poll cost?

    DJANGO_DEBUG=1 .venv/bin/python bench/live_load.py [--clients 50] [--topics 5] [--seconds 10]
                                                      [--concurrency 8] [--profile]

Needs PostgreSQL (``--postgres``, default ``postgres://postgres@127.0.0.1:5432``). The script

1. creates a fresh database (``partner_bench_live``, dropped first if it exists), migrates it and
   opens, through the services, a live session in a new trajectory of a new organisation;
2. starts gunicorn on it (``partner.wsgi``, 4 workers × 4 threads, a free port on 127.0.0.1);
3. lets N clients (threads, default 50) start together: each joins with the code like a phone
   would (GET and POST ``/meedoen/``, GET and POST ``/meedoen/<code>/`` with a name, following each
   redirect) and sends M topics (default 5) by posting the last screen of the topic form;
4. checks every topic arrived: the topics sent (answered 302), the topics of the session in the
   database, and the titles on the board's live part, fetched as the facilitator after a real
   login through ``/inloggen/``;
5. measures requests per second, with the same number of client threads (default 8) and the same
   duration each, of (a) the board poll with ``If-None-Match`` (the 304 path), (b) the board poll
   without it (200, the whole board) and (c) the bare ``/gezond/`` view, and prints the ratios
   (a)/(c) and (b)/(c). The goal is (a)/(c) ≥ 0.5: a poll of an unchanged board should cost little
   more than any request at all. ``wrk`` is used when it is installed, otherwise Python threads
   (the script says which); on a small machine the load generator shares the CPUs with gunicorn,
   so the CPU seconds of both are printed too;
6. counts, in this process with Django's test client, the queries of each path and the time per
   request without network (``--profile`` also prints the SQL and a cProfile of the 304 path);
7. stops gunicorn and drops the database, also when something failed.

The exit status is 1 when a request failed or answered something unexpected, when a topic is
missing from the database or the board, or when the clients took longer than ``--max-seconds``
(default 60). A ratio below ``--min-ratio`` fails too, but that check is off by default (0).

gunicorn runs with DJANGO_DEBUG=1: with debug off the static files come from whitenoise's
manifest, which needs ``collectstatic`` into the project's ``staticfiles/`` first. Debug costs
little here (the template loader caches in both modes; debug keeps the last queries in memory).

The HTTP side (``Browser``, ``join_and_submit``, ``run_clients``, ``measure_rps``,
``start_gunicorn``) uses only the standard library; ``tests/trajectories/test_live_load.py`` uses
it for the small CI version.
"""

import argparse
import contextlib
import html
import http.client
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The values of trajectories.models.Theme (kept here so the HTTP side needs no Django).
THEMES = ("safety", "treatment", "social", "food", "at_home", "heard", "inclusion", "other")


# --- a browser without a browser ----------------------------------------------------------------


class UnexpectedResponse(Exception):
    """A request answered with another status (or redirect) than a real client would get."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: str

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class _KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Hand back 3xx/4xx/5xx like 200: the caller checks the status and follows redirects itself."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class Browser:
    """One client: its own cookies (session, CSRF), redirects checked and followed by hand."""

    def __init__(
        self, base_url: str, *, timeout: float = 30.0, cookies: dict[str, str] | None = None,
        gate: contextlib.AbstractContextManager | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.gate = gate  # held during each request, when requests must not overlap
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _KeepEveryResponse)
        for name, value in (cookies or {}).items():
            self.set_cookie(name, value)

    def set_cookie(self, name: str, value: str) -> None:
        host = urllib.parse.urlsplit(self.base_url).hostname or "127.0.0.1"
        if "." not in host:
            host += ".local"  # how the cookie jar names a dotless host such as "localhost"
        self.jar.set_cookie(http.cookiejar.Cookie(
            0, name, value, None, False, host, False, False, "/", True, False, None, False, None, None, {}
        ))

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers or {})
        with self.gate or contextlib.nullcontext(), self.opener.open(request, timeout=self.timeout) as answer:
            content = answer.read().decode("utf-8", "replace")
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, content)

    def get(self, path: str, *, expect: int = 200, headers: dict | None = None) -> Response:
        response = self.request("GET", path, headers=headers)
        _check(response, "GET", path, expect)
        return response

    def post(self, path: str, data: dict, *, expect: int = 302) -> Response:
        """A form post with the CSRF token from the cookie, as the page's hidden field would send it."""
        response = self.request("POST", path, {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")})
        _check(response, "POST", path, expect)
        return response

    def post_and_follow(self, path: str, data: dict, *, to: str) -> Response:
        """Post a form that redirects to a path matching the pattern ``to``; open that page like a browser."""
        location = urllib.parse.urlsplit(self.post(path, data).header("Location")).path
        if not re.fullmatch(to, location):
            raise UnexpectedResponse(f"POST {path}: redirected to {location!r}, expected {to!r}")
        self.get(location)
        return Response(302, {"location": location}, "")


def _check(response: Response, method: str, path: str, expect: int) -> None:
    if response.status != expect:
        where = f" to {response.header('Location')}" if 300 <= response.status < 400 else ""
        raise UnexpectedResponse(f"{method} {path}: {response.status}{where}, expected {expect}")


# --- the clients ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicToSend:
    theme: str
    title: str
    story: str = ""


def topics_for(client: int, count: int) -> list[TopicToSend]:
    """``count`` topics of client number ``client``, every title unique (and needing HTML escaping)."""
    return [
        TopicToSend(
            theme=THEMES[(client + number) % len(THEMES)],
            title=f"Cliënt {client:03d} & onderwerp {number + 1}",
            story="Wat ik graag anders zou zien." if number % 2 else "",
        )
        for number in range(count)
    ]


@dataclass
class ClientResult:
    name: str
    session_pk: int | None = None
    sent: list[TopicToSend] = field(default_factory=list)  # answered with the redirect back to the session
    errors: list[str] = field(default_factory=list)


def join(browser: Browser, code: str, name: str) -> int:
    """Type the code, then a name: the client is in. Returns the session's primary key."""
    browser.get("/meedoen/")  # the form, and with it the CSRF cookie
    code_url = browser.post_and_follow("/meedoen/", {"code": code}, to=rf"/meedoen/{re.escape(code)}/")
    location = browser.post_and_follow(code_url.header("Location"), {"name": name}, to=r"/sessie/\d+/")
    return int(location.header("Location").strip("/").split("/")[-1])


def submit_topic(browser: Browser, session_pk: int, topic: TopicToSend) -> None:
    """Send the last screen of the one-question-per-screen form with every answer (no photo)."""
    browser.post_and_follow(
        f"/sessie/{session_pk}/onderwerp/",
        {"step": "photo", "theme": topic.theme, "title": topic.title, "story": topic.story},
        to=rf"/sessie/{session_pk}/",
    )


def join_and_submit(
    base_url: str, code: str, name: str, topics: list[TopicToSend], *,
    gate: contextlib.AbstractContextManager | None = None,
) -> ClientResult:
    """One client from start to end. Never raises: what went wrong is in ``errors``."""
    result = ClientResult(name=name)
    browser = Browser(base_url, gate=gate)
    try:
        result.session_pk = join(browser, code, name)
    except Exception as error:  # noqa: BLE001 - every failure is a result here
        result.errors.append(f"{name} joining: {error!r}")
        return result
    for topic in topics:
        try:
            submit_topic(browser, result.session_pk, topic)
        except Exception as error:  # noqa: BLE001
            result.errors.append(f"{name} topic {topic.title!r}: {error!r}")
        else:
            result.sent.append(topic)
    return result


@dataclass
class LoadResult:
    clients: list[ClientResult]
    seconds: float

    @property
    def sent(self) -> list[TopicToSend]:
        return [topic for client in self.clients for topic in client.sent]

    @property
    def errors(self) -> list[str]:
        return [error for client in self.clients for error in client.errors]


def run_clients(
    base_url: str, code: str, *, clients: int, topics: int, one_request_at_a_time: bool = False
) -> LoadResult:
    """``clients`` threads start at the same moment; the wall time runs until the last one is done.

    ``one_request_at_a_time``: the clients still take turns in any order, but their requests do
    not overlap. For a server that cannot take concurrent requests, such as Django's live server
    on an in-memory SQLite database (its threads share one database connection).
    """
    results: list[ClientResult | None] = [None] * clients
    start = threading.Barrier(clients + 1)
    gate = threading.Lock() if one_request_at_a_time else None

    def client(number: int) -> None:
        start.wait()
        results[number] = join_and_submit(
            base_url, code, f"Klant {number + 1}", topics_for(number + 1, topics), gate=gate
        )

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    return LoadResult(
        clients=[r if r is not None else ClientResult(name="?", errors=["thread died"]) for r in results],
        seconds=seconds,
    )


# --- the facilitator's board ----------------------------------------------------------------------


def facilitator_login(base_url: str, username: str, password: str) -> Browser:
    """Log in through the login form, like the facilitator does before putting the board up."""
    browser = Browser(base_url)
    browser.get("/inloggen/")
    browser.post("/inloggen/", {"username": username, "password": password})
    if not browser.cookie("sessionid"):
        raise UnexpectedResponse("logging in gave no session cookie")
    return browser


def board_path(trajectory_pk: int, session_pk: int) -> str:
    return f"/trajecten/{trajectory_pk}/live/{session_pk}/scherm/bord/"


def titles_missing(board_html: str, titles: list[str]) -> list[str]:
    """The titles that do not appear, HTML-escaped as the template writes them, on the board."""
    return [title for title in titles if html.escape(title) not in board_html]


def board_count(board_html: str) -> int | None:
    """The number the board itself shows ("250 onderwerpen" / "250 topics")."""
    found = re.search(r"(\d+) (?:onderwerpen|onderwerp|topics|topic)\b", board_html)
    return int(found.group(1)) if found else None


# --- requests per second ------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    label: str
    requests: int
    errors: int
    seconds: float
    tool: str
    first_error: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def measure_rps(
    base_url: str,
    path: str,
    *,
    label: str,
    expect: int,
    headers: dict[str, str] | None = None,
    seconds: float = 10.0,
    concurrency: int = 8,
    warmup: float = 1.0,
) -> Throughput:
    """Requests per second of one GET with ``concurrency`` client threads, each a connection kept alive."""
    if warmup:
        measure_rps(base_url, path, label=label, expect=expect, headers=headers, seconds=warmup,
                    concurrency=concurrency, warmup=0)
    parts = urllib.parse.urlsplit(base_url)
    counts = [0] * concurrency
    failures = [0] * concurrency
    first_error: list[str] = []
    ready = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        ready.wait()
        while time.perf_counter() < deadline[0]:
            try:
                connection.request("GET", path, headers=headers or {})
                answer = connection.getresponse()
                answer.read()
                ok = answer.status == expect
                if answer.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                ok = False
                status = repr(error)
            else:
                status = str(answer.status)
            if ok:
                counts[index] += 1
            else:
                failures[index] += 1
                if not first_error:
                    first_error.append(f"GET {path}: {status}, expected {expect}")
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    return Throughput(label, sum(counts), sum(failures), time.perf_counter() - began, "python threads",
                      first_error[0] if first_error else "")


def measure_rps_wrk(base_url: str, path: str, *, label: str, headers=None, seconds=10.0, concurrency=8) -> Throughput:
    """The same with wrk (when installed); it counts non-2xx/3xx answers as errors."""
    command = [shutil.which("wrk"), f"-t{min(concurrency, os.cpu_count() or 1)}", f"-c{concurrency}",
               f"-d{max(int(seconds), 1)}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, base_url + path], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    taken = re.search(r"requests in ([\d.]+)(m?s)", output)
    duration = float(taken.group(1)) / (1000 if taken.group(2) == "ms" else 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    return Throughput(label, requests - errors, errors, duration, "wrk")


# --- gunicorn -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command() -> list[str]:
    beside_python = Path(sys.executable).with_name("gunicorn")
    return [str(beside_python)] if beside_python.exists() else [sys.executable, "-m", "gunicorn"]


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextlib.contextmanager
def start_gunicorn(
    database_url: str, *, workers: int = 4, threads: int = 4, env: dict[str, str] | None = None,
    ready_timeout: float = 60.0, wsgi: str = "partner.wsgi",
) -> Iterator[Server]:
    """gunicorn serving ``wsgi`` on a free port, against ``database_url``; always stopped after.

    ``wsgi`` is ``partner.wsgi``; another module (on ``PYTHONPATH`` in ``env``) can try a change
    out without touching the application."""
    port = free_port()
    environment = {**os.environ, "DJANGO_DEBUG": "1", **(env or {}), "DATABASE_URL": database_url}
    with tempfile.NamedTemporaryFile("w+b", prefix="gunicorn-", suffix=".log", delete=False) as log_file:
        log = Path(log_file.name)
        process = subprocess.Popen(
            [*gunicorn_command(), wsgi, "--workers", str(workers), "--threads", str(threads),
             "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", "--log-level", "warning"],
            cwd=ROOT, env=environment, stdout=log_file, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_ready(server, ready_timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def _wait_until_ready(server: Server, timeout: float) -> None:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {server.process.returncode}):\n{server.log_tail()}")
        try:
            answer = Browser(server.base_url, timeout=2).request("GET", "/gezond/")
        except OSError:  # not listening yet
            time.sleep(0.2)
            continue
        if answer.status == 200 and answer.body == "ok":
            return
        raise RuntimeError(f"gunicorn answers /gezond/ with {answer.status}:\n{server.log_tail()}")
    raise RuntimeError(f"gunicorn did not answer within {timeout:g} s:\n{server.log_tail()}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (gunicorn's workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


# --- the database and the data --------------------------------------------------------------------


def postgres_url(server: str, database: str) -> str:
    return f"{server.rstrip('/')}/{database}"


def recreate_database(server: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(postgres_url(server, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if not drop_only:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partner.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def open_session(password: str):
    """An organisation, its facilitator and a trajectory with an open live session, through the services."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from trajectories.core import services
    from trajectories.live import services as live_services
    from trajectories.models import CareContext, Organisation, OrganisationMember, OrganisationRole

    organisation = Organisation.objects.create(name="Zorggroep Belasting")
    facilitator = get_user_model().objects.create_user("fac", password=password, first_name="Fien")
    OrganisationMember.objects.create(user=facilitator, organisation=organisation, role=OrganisationRole.FACILITATOR)
    trajectory = services.trajectory_create(
        organisation=organisation, by=facilitator, title="Je thuis voelen", subject="Wonen",
        care_context=CareContext.ELDERLY, start_date=timezone.localdate(),
    )
    session = live_services.live_session_open(trajectory=trajectory, by=facilitator, title="Bijeenkomst in de zaal")
    return facilitator, trajectory, session


def topics_in_database(session) -> int:
    from trajectories.models import Topic

    return Topic.objects.filter(live_session=session).count()


def poll_token(body: str) -> str:
    """The signed poll token the board page hands to its own poll (``data-poll-token``)."""
    match = re.search(r'data-poll-token="([^"]+)"', body)
    if not match:
        raise UnexpectedResponse("the board has no poll token")
    return match.group(1)


def profile_paths(facilitator, trajectory, session, *, repeat: int = 200, show_sql: bool = False) -> dict:
    """Queries and in-process time per request (no network) of the three paths, with Django's test client."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(facilitator)
    path = board_path(trajectory.pk, session.pk)
    first = client.get(path)
    etag, token = first["ETag"], poll_token(first.content.decode())
    cases = {
        "poll 304": (path, {"HTTP_IF_NONE_MATCH": etag, "HTTP_X_BOARD_POLL": token}, 304),
        "poll 200": (path, {}, 200),
        "bare": ("/gezond/", {}, 200),
    }
    report = {}
    for label, (url, extra, expect) in cases.items():
        reset_queries()  # the log is capped (9000): after migrate it is full and would count nothing
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url, **extra).status_code
        if status != expect:
            raise UnexpectedResponse(f"in-process GET {url}: {status}, expected {expect}")
        began = time.perf_counter()
        for _ in range(repeat):
            client.get(url, **extra)
        report[label] = ((time.perf_counter() - began) / repeat, [q["sql"] for q in queries.captured_queries])
    print("\nIn this process, Django's test client (no network, no gunicorn), "
          f"mean of {repeat} requests:")
    for label, (mean, sql) in report.items():
        print(f"  {label:9s} {mean * 1000:6.2f} ms per request, {len(sql)} queries")
        if show_sql:
            for statement in sql:
                print(f"      {statement[:150]}{'…' if len(statement) > 150 else ''}")
    if show_sql:
        import cProfile
        import pstats

        path_304, extra_304, _expect = cases["poll 304"]
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(path_304, **extra_304) for _ in range(100)])
        print("\ncProfile of 100 board polls answered 304 (cumulative):")
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(r"trajectories|guardian|contrib/(auth|sessions)", 20)
    return report


# --- the run ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50, help="clients joining together (default 50)")
    parser.add_argument("--topics", type=int, default=5, help="topics each client sends (default 5)")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each rps measurement (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads of the rps measurement (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time limit of the clients (default 60)")
    parser.add_argument("--min-ratio", type=float, default=0.0,
                        help="fail when poll(304)/bare is below this (default 0: report only; the goal is 0.5)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="the PostgreSQL server")
    parser.add_argument("--database", default="partner_bench_live", help="name of the throw-away database")
    parser.add_argument("--profile", action="store_true", help="also print the SQL of each path")
    args = parser.parse_args()
    if not os.environ.get("DJANGO_DEBUG") and not os.environ.get("DJANGO_SECRET_KEY"):
        sys.exit("Set DJANGO_DEBUG=1 (or DJANGO_SECRET_KEY) to run the benchmark.")

    database_url = postgres_url(args.postgres, args.database)
    recreate_database(args.postgres, args.database)
    try:
        return run(args, database_url)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        recreate_database(args.postgres, args.database, drop_only=True)
        print(f"Stopped gunicorn and dropped the database {args.database}.")


def run(args, database_url: str) -> int:
    setup_django(database_url)
    password = "bench-" + os.urandom(6).hex()
    facilitator, trajectory, session = open_session(password)
    from django.db import connections

    connections.close_all()  # gunicorn's workers do the work now
    failures = []
    wanted = args.clients * args.topics
    print(f"Database {args.database} migrated; session {session.pk} open with code {session.join_code}.")
    with start_gunicorn(database_url, workers=args.workers, threads=args.threads) as server:
        print(f"gunicorn: {args.workers} workers × {args.threads} threads at {server.base_url} "
              f"(DJANGO_DEBUG=1), {os.cpu_count()} CPUs")

        load = run_clients(server.base_url, session.join_code, clients=args.clients, topics=args.topics)
        sent = load.sent
        in_db = topics_in_database(session)
        connections.close_all()
        board = facilitator_login(server.base_url, facilitator.username, password)
        board_response = board.get(board_path(trajectory.pk, session.pk))
        missing = titles_missing(board_response.body, [t.title for c in range(args.clients)
                                                       for t in topics_for(c + 1, args.topics)])
        on_board = wanted - len(missing)
        print(f"\n{args.clients} clients × {args.topics} topics, started together: {load.seconds:.1f} s "
              f"(limit {args.max_seconds:g} s)")
        print(f"  topics sent (302): {len(sent)} of {wanted}; in the database: {in_db}; titles on the board: "
              f"{on_board} (the board says {board_count(board_response.body)})")
        print(f"  errors: {len(load.errors)}")
        for error in load.errors[:10]:
            print(f"    {error}")
        if load.errors:
            failures.append(f"{len(load.errors)} client requests failed")
        if in_db != wanted or on_board != wanted or len(sent) != wanted:
            failures.append(f"lost topics: sent {len(sent)}, database {in_db}, board {on_board}, of {wanted}")
        if load.seconds > args.max_seconds:
            failures.append(f"the clients took {load.seconds:.1f} s, more than {args.max_seconds:g} s")

        etag = board_response.header("ETag")
        cookie = {"Cookie": f"sessionid={board.cookie('sessionid')}"}
        cases = [
            ("(a) board poll, 304", board_path(trajectory.pk, session.pk),
             {**cookie, "If-None-Match": etag, "X-Board-Poll": poll_token(board_response.body)}, 304),
            ("(b) board poll, 200", board_path(trajectory.pk, session.pk), cookie, 200),
            ("(c) bare /gezond/", "/gezond/", {}, 200),
        ]
        use_wrk = shutil.which("wrk") is not None
        print(f"\nRequests per second, {args.concurrency} connections kept alive, {args.seconds:g} s each, "
              f"with {'wrk' if use_wrk else 'Python threads (wrk is not installed)'}:")
        results = []
        for label, path, headers, expect in cases:
            server_cpu, own_cpu = cpu_seconds(server.process.pid), time.process_time()
            if use_wrk:
                result = measure_rps_wrk(server.base_url, path, label=label, headers=headers,
                                         seconds=args.seconds, concurrency=args.concurrency)
            else:
                result = measure_rps(server.base_url, path, label=label, expect=expect, headers=headers,
                                     seconds=args.seconds, concurrency=args.concurrency)
            server_cpu, own_cpu = cpu_seconds(server.process.pid) - server_cpu, time.process_time() - own_cpu
            results.append(result)
            print(f"  {label:20s} {result.rps:8.0f} req/s  ({result.requests} in {result.seconds:.1f} s, "
                  f"{result.errors} errors; CPU: gunicorn {server_cpu:.1f} s, load generator {own_cpu:.1f} s)")
            if result.errors:
                failures.append(f"{label}: {result.errors} unexpected answers ({result.first_error})")
        poll_304, poll_200, bare = results
        ratio_304 = poll_304.rps / bare.rps if bare.rps else 0.0
        ratio_200 = poll_200.rps / bare.rps if bare.rps else 0.0
        print(f"  ratio poll(304)/bare: {ratio_304:.2f} (goal ≥ 0.5: {'met' if ratio_304 >= 0.5 else 'NOT met'})")
        print(f"  ratio poll(200)/bare: {ratio_200:.2f}")
        if ratio_304 < args.min_ratio:
            failures.append(f"poll(304)/bare is {ratio_304:.2f}, below {args.min_ratio:g}")

    profile_paths(facilitator, trajectory, session, show_sql=args.profile)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
