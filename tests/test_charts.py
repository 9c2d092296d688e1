"""lotse.charts: the Vega-Lite specification carries the rows, keeps every category of the given
order (months without a value included) and comes with the table of the same rows."""

from lotse import charts
from lotse.charts import Column


def _bars(**extra):
    return charts.bars(
        key="k",
        title="Plätze",
        description="Plätze pro Monat",
        rows=[{"month": "Feb 2026", "places": 3}],
        category=Column("month", "Monat"),
        value=Column("places", "Plätze"),
        **extra,
    )


def test_bars_keep_the_order_and_every_category():
    chart = _bars(order=["Jan 2026", "Feb 2026", "Mär 2026"])
    x = chart.spec["encoding"]["x"]
    assert x["scale"]["domain"] == ["Jan 2026", "Feb 2026", "Mär 2026"] == x["sort"]
    assert chart.spec["data"]["values"] == [{"month": "Feb 2026", "places": 3}]
    assert chart.spec["encoding"]["y"]["axis"]["format"] == "d"  # counts, not 0.5 steps
    assert chart.spec["description"] == "Plätze pro Monat"  # read out by screen readers


def test_horizontal_bars_grow_with_their_categories_and_stacks_get_a_colour():
    chart = _bars(horizontal=True, stack=Column("kind", "Art"))
    assert chart.spec["height"] == {"step": charts.BAR_STEP}
    assert chart.spec["encoding"]["color"]["field"] == "kind"
    assert [c.field for c in chart.columns] == ["month", "kind", "places"]


def test_a_chart_without_rows_says_so():
    empty = charts.bars(
        key="e", title="t", description="d", rows=[],
        category=Column("a", "A"), value=Column("n", "N"),
    )  # fmt: skip
    assert empty.is_empty and not _bars().is_empty


def test_a_grid_writes_the_count_in_each_cell():
    chart = charts.grid(
        key="g", title="t", description="d", rows=[{"o": "Kosten", "s": "Förderung", "n": 2}],
        across=Column("s", "Unterstützung"), down=Column("o", "Hemmnis"), value=Column("n", "Zahl"),
    )  # fmt: skip
    marks = [layer["mark"]["type"] for layer in chart.spec["layer"]]
    assert marks == ["rect", "text"] and "mark" not in chart.spec
