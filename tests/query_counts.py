"""Shared helpers for the query-count tests: a page must not run more queries for more rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def measure_get(http, url: str, markers, *, what: str) -> tuple[int, list[str]]:
    """Warm up (session, content types, caches), then count the queries of one GET of ``url``.

    Each text in ``markers`` must be on the page, so the rows really render.
    """
    assert http.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = http.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in markers:
        assert text in page, f"{text!r} is not on {what}"
    return len(queries), [query["sql"] for query in queries.captured_queries]


def assert_same_count(label: str, small: tuple[int, list[str]], large: tuple[int, list[str]], sizes) -> None:
    """Fail with the queries that only the larger page ran."""
    (small_count, small_sql), (large_count, large_sql) = small, large
    extra = "\n".join(sorted(set(large_sql) - set(small_sql)))
    assert small_count == large_count, (
        f"{label}: {small_count} queries for {sizes[0]} rows but {large_count} for {sizes[1]} rows. "
        f"New queries:\n{extra}"
    )
