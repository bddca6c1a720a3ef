"""The kind of assessment in a URL, as a Dutch word."""

from matrix.models import AssessmentKind

SLUGS = {
    "afspraak": AssessmentKind.AGREEMENT,
    "tussentijds": AssessmentKind.INTERIM,
    "evaluatie": AssessmentKind.EVALUATION,
}
KIND_SLUGS = {kind: slug for slug, kind in SLUGS.items()}


class AssessmentKindConverter:
    regex = "afspraak|tussentijds|evaluatie"

    def to_python(self, value: str) -> str:
        return SLUGS[value]

    def to_url(self, value: str) -> str:
        return KIND_SLUGS[value]
