"""Extension points: where one app shows what another adds, without importing it.

Dependencies between the apps go one way: ``matrix`` uses ``trajectories``, never the reverse.
Where a trajectory's page or its action-plan document shows something of the participation
matrix, ``trajectories`` asks an extension point and shows the HTML it gets; ``matrix`` registers
its providers when Django starts it (``MatrixConfig.ready``). Without the matrix app installed,
those places simply show nothing more.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString


class ExtensionPoint:
    """A named place that collects what the registered providers give (None means: nothing)."""

    def __init__(self, name: str, contract: str):
        self.name = name
        self.contract = contract
        self._providers: list[Callable] = []

    def register(self, provider: Callable) -> Callable:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def collect(self, **kwargs) -> list:
        results = (provider(**kwargs) for provider in self._providers)
        return [result for result in results if result is not None]


trajectory_page_sections = ExtensionPoint(
    "trajectory_page_sections",
    "provider(*, request, access) -> SafeString | None: a section of the trajectory's overview page",
)
plan_document_sections = ExtensionPoint(
    "plan_document_sections",
    "provider(*, trajectory) -> SafeString | None: a section of the action plan (page, print and PDF)",
)
demo_data = ExtensionPoint(
    "demo_data",
    "provider(*, organisation, location, trajectory, users) -> None: more demo data for `seed_demo`",
)

__all__ = ["ExtensionPoint", "SafeString", "demo_data", "plan_document_sections", "trajectory_page_sections"]
