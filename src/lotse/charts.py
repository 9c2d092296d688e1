"""Charts, the same way on every page: a Vega-Lite specification built here from rows of plain
values, drawn in the browser by vega-embed (its files served by the app, with Vega's CSP-safe
expression interpreter: no CDN, no eval), and always shown with its table for screen readers,
printing and those who would rather read the numbers.

Labels arrive translated and formatted (a month as "Mär 2026"), so the chart needs no locale of
its own and reads the same in every language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Value = str | int | float
Row = Mapping[str, Value]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched
HEIGHT = 240
CONFIG = {
    "font": "system-ui, sans-serif",
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
    "view": {"stroke": None},
    "range": {
        # Colour-blind-safe (Okabe–Ito), readable on white.
        "category": [
            "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
            "#000000",
        ],
    },
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    field: str
    label: str


@dataclass(frozen=True)
class Chart:
    key: str  # unique on its page: the element ids derive from it
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Value]]
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _spec(
    description: str, rows: Sequence[Row], mark: dict[str, Any], encoding: dict[str, Any]
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": HEIGHT,
        "data": {"values": [dict(row) for row in rows]},
        "mark": {"tooltip": True, **mark},
        "encoding": encoding,
        "config": CONFIG,
    }


BAR_STEP = 26  # pixels a bar takes in a horizontal chart


def _nominal(name: str, title: str, order: Sequence[str] | None) -> dict[str, Any]:
    along: dict[str, Any] = {"field": name, "type": "nominal", "title": title}
    if order:  # every category shows, in this order, even those without a value
        along |= {"sort": list(order), "scale": {"domain": list(order)}}
    return along


def _count(name: str, title: str) -> dict[str, Any]:
    return {
        "field": name,
        "type": "quantitative",
        "title": title,
        "axis": {"format": "d", "tickMinStep": 1},
    }


def bars(
    *,
    key: str,
    title: str,
    description: str,
    rows: Sequence[Row],
    category: Column,
    value: Column,
    stack: Column | None = None,
    order: Sequence[str] | None = None,
    horizontal: bool = False,
) -> Chart:
    """Bars of ``value`` per ``category`` (in ``order``), stacked by ``stack`` when given."""
    along = _nominal(category.field, category.label, order)
    amount = _count(value.field, value.label)
    categories = len(order) if order else len({row[category.field] for row in rows})
    if horizontal:
        encoding: dict[str, Any] = {"y": along, "x": amount}
    else:
        angle = 0 if categories <= 6 else -45
        encoding = {"x": along | {"axis": {"labelAngle": angle}}, "y": amount}
    if stack is not None:
        encoding["color"] = {"field": stack.field, "type": "nominal", "title": stack.label}
    spec = _spec(description, rows, {"type": "bar"}, encoding)
    if horizontal:
        spec["height"] = {"step": BAR_STEP}
    return Chart(
        key=key,
        title=title,
        description=description,
        columns=[category, *([stack] if stack else []), value],
        rows=[dict(row) for row in rows],
        spec=spec,
    )


def grid(
    *,
    key: str,
    title: str,
    description: str,
    rows: Sequence[Row],
    across: Column,
    down: Column,
    value: Column,
) -> Chart:
    """A heat map: how often each pair of ``across`` and ``down`` occurs, the count written in."""
    spec = _spec(description, rows, {"type": "rect"}, {})
    del spec["mark"]  # the layers below carry the marks
    spec["height"] = {"step": BAR_STEP * 1.5}
    spec["encoding"] = {
        "x": {"field": across.field, "type": "nominal", "title": across.label,
              "axis": {"labelAngle": -30}},
        "y": {"field": down.field, "type": "nominal", "title": down.label},
    }  # fmt: skip
    spec["layer"] = [
        {
            "mark": {"type": "rect", "tooltip": True},
            "encoding": {
                "color": {"field": value.field, "type": "quantitative", "title": value.label,
                          "scale": {"scheme": "blues"}, "legend": {"format": "d"}},
            },
        },
        {
            "mark": {"type": "text", "fontSize": 12},
            "encoding": {"text": {"field": value.field, "type": "quantitative"}},
        },
    ]  # fmt: skip
    return Chart(
        key=key,
        title=title,
        description=description,
        columns=[down, across, value],
        rows=[dict(row) for row in rows],
        spec=spec,
    )
