"""The query-count scenarios: a page runs as many queries for a few rows as for many (no N+1), and
never more than its ceiling.

A ``Scenario`` names a page, who opens it, a builder that makes ``n`` rows through the services and
factories, and the page's address. ``assert_query_counts`` builds the rows at two sizes, each in a
transaction that is rolled back, fetches the page once to warm up (the session, content types,
guardian's caches), then counts the queries of one GET: both counts must be equal, and the larger
at most the scenario's ceiling (set a little above what the page runs today, so a few queries more
are a decision, not an accident).

A builder returns the texts that show only when the last row really renders (a text or a list of
texts), or ``(target, texts)`` when the page is about an object it made (``target`` goes to ``url``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


def measure_get(http, url: str, markers, *, what: str, query=None, check=None) -> tuple[int, list[str]]:
    """Warm up (session, content types, caches), then count the queries of one GET of ``url``.

    Each text in ``markers`` must be on the page, so the rows really render; ``check(response)``
    can look further.
    """
    assert http.get(url, query).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = http.get(url, query)
    assert response.status_code == 200
    page = response.content.decode()
    for text in markers:
        assert text in page, f"{text!r} is not on {what}"
    if check is not None:
        check(response)
    return len(queries), [query["sql"] for query in queries.captured_queries]


def assert_same_count(label: str, small: tuple[int, list[str]], large: tuple[int, list[str]], sizes) -> None:
    """Fail with the queries that only the larger page ran."""
    (small_count, small_sql), (large_count, large_sql) = small, large
    extra = "\n".join(sorted(set(large_sql) - set(small_sql)))
    assert small_count == large_count, (
        f"{label}: {small_count} queries for {sizes[0]} rows but {large_count} for {sizes[1]} rows. "
        f"New queries:\n{extra}"
    )


def _no_markers(n):
    return []


@dataclass(frozen=True)
class Scenario:
    """One page as one person sees it, filled by ``build``, with the most queries it may run."""

    name: str
    role: str
    build: Callable  # (world, n) -> texts, or (target, texts)
    url: Callable  # (world, target) -> the page's address
    ceiling: int  # the most queries one GET of the page may run
    extra_markers: Callable = _no_markers  # n -> more texts that must be on the page
    markers: Callable | None = None  # n -> the texts to look for instead of the builder's
    query: dict | None = None  # GET parameters (a filter)
    check: Callable | None = None  # (response, n) -> None: looks at the page further

    @property
    def id(self) -> str:
        return self.name


def _target_and_markers(built) -> tuple[object, list[str]]:
    target, markers = built if isinstance(built, tuple) else (None, built)
    return target, [markers] if isinstance(markers, str) else list(markers or [])


def count_queries(scenario: Scenario, world, client_for, n: int) -> tuple[int, list[str]]:
    """Build ``n`` rows, warm up, then count the queries of one GET. Everything is rolled back."""
    with transaction.atomic():
        target, markers = _target_and_markers(scenario.build(world, n))
        if scenario.markers is not None:
            markers = scenario.markers(n)
        http = client_for(world.user(scenario.role))
        url = scenario.url(world, target)
        check = (lambda response: scenario.check(response, n)) if scenario.check else None
        counted = measure_get(
            http, url, [*markers, *scenario.extra_markers(n)], query=scenario.query, check=check,
            what=f"{url} for {scenario.role} ({n} rows)",
        )
        transaction.set_rollback(True)
    world.trajectory.refresh_from_db()
    return counted


def assert_query_counts(scenario: Scenario, world, client_for, sizes=(2, 20)) -> None:
    """The page runs as many queries at both sizes, and at most ``scenario.ceiling``."""
    small = count_queries(scenario, world, client_for, sizes[0])
    large = count_queries(scenario, world, client_for, sizes[1])
    assert_same_count(scenario.name, small, large, sizes)
    count, sql = large
    assert count <= scenario.ceiling, (
        f"{scenario.name}: {count} queries, more than its ceiling of {scenario.ceiling}:\n" + "\n".join(sql)
    )
