"""Checks that a page is valid HTML: doctype, proper nesting, unique ids, one <main>."""

import re
from collections import Counter

import html5lib


def html_problems(content: str) -> list[str]:
    problems = []
    if not re.match(r"\s*<!DOCTYPE html>", content, re.IGNORECASE):
        problems.append("the page does not start with <!DOCTYPE html>")
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    document = parser.parse(content)
    for position, code, data in parser.errors:
        problems.append(f"parse error {code} {data or ''} at line {position[0]}, column {position[1]}")
    ids = Counter(element.get("id") for element in document.iter() if element.get("id"))
    problems.extend(f'duplicate id "{value}" ({count} times)' for value, count in ids.items() if count > 1)
    if len(document.findall(".//main")) != 1:
        problems.append("the page needs exactly one <main>")
    labels_for = {element.get("for") for element in document.iter("label")}
    fields = [element for element in document.iter() if element.tag in {"input", "select", "textarea"}]
    for element in fields:
        if element.get("type") in {"hidden", "submit", "button"}:
            continue
        if element.get("id") not in labels_for and not element.get("aria-label") and not element.get("aria-labelledby"):
            problems.append(f"form field {element.get('name')!r} has no label")
    return problems


def assert_valid_html(response) -> None:
    content = response.content.decode(response.charset or "utf-8")
    problems = html_problems(content)
    assert not problems, f"{response.request['PATH_INFO']}: invalid HTML:\n" + "\n".join(problems)
