"""{% chart some_chart %} draws a lotse.charts.Chart with its table; {% chart_scripts %} in a
page's extra_head loads the chart library (only pages with charts pay for it)."""

from __future__ import annotations

from typing import Any

from django import template

from lotse.charts import Chart

register = template.Library()


@register.inclusion_tag("lotse/chart.html")
def chart(chart: Chart) -> dict[str, Any]:
    return {
        "chart": chart,
        "spec_id": f"chart-{chart.key}-spec",
        "table": [[row.get(column.field, "") for column in chart.columns] for row in chart.rows],
    }


@register.inclusion_tag("lotse/chart_scripts.html")
def chart_scripts() -> dict[str, Any]:
    return {}
