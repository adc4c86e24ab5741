"""What an agency's public page shows besides the agency itself: each feature registers a panel
(its drafts, its dialogue sessions, its commitments) from create_app, so the agencies package
never imports the features that build on it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Panel:
    name: str
    template: str                       # rendered with `agency` and `data`
    data: Callable[[object], dict]      # the agency → what the template shows
    order: int = 100


PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    PANELS[panel.name] = panel


def panels_for(agency) -> list[tuple[Panel, dict]]:
    return [(panel, panel.data(agency)) for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.name))]
