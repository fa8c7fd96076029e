"""Charts of the simulator screens (flet-charts): price as line or candles with volume and fill
markers, and the equity curve against buy-and-hold. Only bars already played are ever passed in.

Long ranges are thinned to at most ``MAX_POINTS`` points (each keeps its bucket's last close, the
bucket's high/low for candles and its summed volume) so a redraw stays quick on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import math

import flet as ft

from edu_app.ui.screens.sim_format import money

MAX_POINTS = 120
MAX_CANDLES = 70
RANGES = {"1m": 21, "3m": 63, "1y": 252, "all": None}


def _charts():  # type: ignore[no-untyped-def]
    # Imported on first use: the chart library takes a noticeable share of start-up.
    import flet_charts as fch

    return fch


def window(bars: Sequence, first_played: int, range_key: str) -> list:  # type: ignore[type-arg]
    """The bars a range shows: the last N, or everything played since the start ("all"), with at
    least a month of the history before the start so that day one is not an empty chart.
    ``bars`` end at the current day: nothing here can reach a future bar."""
    size = RANGES.get(range_key)
    if size is None:
        return list(bars[max(0, min(first_played, len(bars) - RANGES["1m"])):])
    return list(bars[-size:])


def _buckets(count: int, limit: int) -> list[tuple[int, int]]:
    if count <= limit:
        return [(i, i + 1) for i in range(count)]
    step = count / limit
    edges = [round(i * step) for i in range(limit + 1)]
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


def _axis_labels(dates: list[date]) -> list:  # type: ignore[type-arg]
    fch = _charts()
    if not dates:
        return []
    picks = sorted({0, len(dates) // 2, len(dates) - 1})
    return [
        fch.ChartAxisLabel(value=i, label=ft.Text(dates[i].isoformat(), size=10, color=ft.Colors.ON_SURFACE_VARIANT))
        for i in picks
    ]


def _right_edge(count: int) -> float:
    """The x where the chart ends: a little room after the last point so its date label fits."""
    return max(1.0, (count - 1) * 1.12)


def _frame(min_y: float, max_y: float) -> tuple[float, float, float]:
    """Bounds on a round step (about four labels) and the step, so labels land on round values."""
    span = max(max_y - min_y, abs(max_y) * 0.02, 0.01)
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    low = math.floor(min_y / step) * step
    high = math.ceil(max_y / step) * step
    if high - low < step:
        high = low + step
    return low, high, step


def _value_axis(low: float, high: float, step: float, size: float) -> object:
    """A left axis labelled at every ``step`` (custom labels show only on the axis interval)."""
    fch = _charts()
    count = int(round((high - low) / step))
    values = [low + i * step for i in range(count + 1)]
    return fch.ChartAxis(
        label_size=size, label_spacing=step,
        labels=[fch.ChartAxisLabel(value=v, label=ft.Text(_short(v), size=10, color=ft.Colors.ON_SURFACE_VARIANT))
                for v in values],
    )


def _short(value: float) -> str:
    """1,250,000 -> 1.25M; 12,500 -> 12.5K; 98.5 -> 98.5 (axis labels stay narrow)."""
    for limit, suffix in ((1e6, "M"), (1e4, "K")):
        if abs(value) >= limit:
            return f"{value / (limit if suffix == 'M' else 1e3):g}{suffix}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def price_chart(
    bars: list, style: str, fills: Sequence[tuple[date, str, float, float]], tip_dates: Sequence[date],  # type: ignore[type-arg]
    label: str, height: float = 200, max_points: int = MAX_POINTS,
) -> ft.Control:
    """Price (line with fill and tip markers, or candles) and a volume strip below it."""
    fch = _charts()
    candles = style == "candles" and len(bars) <= MAX_CANDLES
    buckets = _buckets(len(bars), MAX_CANDLES if candles else max_points)
    points = []
    for a, b in buckets:
        chunk = bars[a:b]
        points.append((chunk[-1].date, chunk[0].open, max(x.high for x in chunk), min(x.low for x in chunk),
                       chunk[-1].close, sum(x.volume for x in chunk), chunk[0].date))
    dates = [p[0] for p in points]
    low = min(p[3] if candles else p[4] for p in points)
    high = max(p[2] if candles else p[4] for p in points)
    min_y, max_y, step = _frame(low, high)
    grid = fch.ChartGridLines(color=ft.Colors.with_opacity(0.35, ft.Colors.OUTLINE_VARIANT), width=1, interval=step)
    left = _value_axis(min_y, max_y, step, 52)
    bottom = fch.ChartAxis(label_size=22, labels=_axis_labels(dates), label_spacing=1)
    if candles:
        chart: ft.Control = fch.CandlestickChart(
            spots=[
                fch.CandlestickChartSpot(x=i, open=p[1], high=p[2], low=p[3], close=p[4],
                                         tooltip=f"{p[0].isoformat()}  {money(p[4])}")
                for i, p in enumerate(points)
            ],
            min_y=min_y, max_y=max_y, min_x=-0.5, max_x=_right_edge(len(points)) + 0.5,
            left_axis=left, bottom_axis=bottom, horizontal_grid_lines=grid, interactive=True,
            height=height, animation=0,
        )
    else:
        series = [
            fch.LineChartData(
                points=[fch.LineChartDataPoint(x=i, y=p[4], tooltip=f"{p[0].isoformat()}  {money(p[4])}")
                        for i, p in enumerate(points)],
                color=ft.Colors.PRIMARY, stroke_width=2, point=False,
            )
        ]
        series += _markers(points, fills, tip_dates)
        chart = fch.LineChart(
            data_series=series, min_y=min_y, max_y=max_y, min_x=0, max_x=_right_edge(len(points)),
            left_axis=left, bottom_axis=bottom, horizontal_grid_lines=grid, interactive=True,
            height=height, animation=0,
        )
    volume = _volume_chart([p[5] for p in points])
    return ft.Semantics(label=label, content=ft.Column([chart, volume], spacing=2))


def _markers(points: list, fills: Sequence[tuple[date, str, float, float]], tip_dates: Sequence[date]) -> list:  # type: ignore[type-arg]
    """Dots where the learner bought (tertiary) or sold (error colour), squares where tips arrived."""
    fch = _charts()
    if not points:
        return []
    first_day = points[0][6]

    def index_of(day: date) -> int | None:
        if day < first_day or day > points[-1][0]:
            return None
        for i, p in enumerate(points):
            if day <= p[0]:
                return i
        return None

    out = []
    for side, color in (("buy", ft.Colors.TERTIARY), ("sell", ft.Colors.ERROR)):
        spots = []
        for day, fill_side, _qty, price in fills:
            i = index_of(day)
            if fill_side == side and i is not None:
                spots.append(fch.LineChartDataPoint(x=i, y=price, tooltip=f"{side} {money(price)}"))
        if spots:
            out.append(fch.LineChartData(
                points=spots, color=ft.Colors.with_opacity(0, color), stroke_width=0,
                point=fch.ChartCirclePoint(radius=5, color=color, stroke_width=0),
            ))
    tips = []
    for day in tip_dates:
        i = index_of(day)
        if i is not None:
            tips.append(fch.LineChartDataPoint(x=i, y=points[i][4], tooltip=day.isoformat()))
    if tips:
        out.append(fch.LineChartData(
            points=tips, color=ft.Colors.with_opacity(0, ft.Colors.SECONDARY), stroke_width=0,
            point=fch.ChartSquarePoint(size=9, color=ft.Colors.SECONDARY, stroke_width=0),
        ))
    return out


def _volume_chart(volumes: list[float]) -> ft.Control:
    fch = _charts()
    top = max(volumes) if volumes and max(volumes) > 0 else 1.0
    return fch.BarChart(
        groups=[
            fch.BarChartGroup(x=i, rods=[fch.BarChartRod(from_y=0, to_y=v / top, width=2,
                                                         color=ft.Colors.with_opacity(0.5, ft.Colors.OUTLINE))])
            for i, v in enumerate(volumes)
        ],
        min_y=0, max_y=1, height=36, interactive=False, animation=0, group_spacing=1,
        left_axis=fch.ChartAxis(label_size=52, show_labels=False),
        bottom_axis=fch.ChartAxis(show_labels=False, label_size=0),
    )


def equity_chart(
    equity: Sequence[tuple[date, float]], benchmark: Sequence[tuple[date, float]], label: str, height: float = 200,
) -> ft.Control:
    """The learner's equity (primary) against buy-and-hold (tertiary, dashed)."""
    fch = _charts()
    buckets = _buckets(len(equity), MAX_POINTS)
    mine = [equity[b - 1] for _a, b in buckets]
    theirs = [benchmark[b - 1] for _a, b in buckets]
    values = [v for _d, v in mine] + [v for _d, v in theirs]
    min_y, max_y, step = _frame(min(values), max(values))
    grid = fch.ChartGridLines(color=ft.Colors.with_opacity(0.35, ft.Colors.OUTLINE_VARIANT), width=1, interval=step)
    chart = fch.LineChart(
        data_series=[
            fch.LineChartData(points=[fch.LineChartDataPoint(x=i, y=v, tooltip=money(v)) for i, (_d, v) in enumerate(theirs)],
                              color=ft.Colors.TERTIARY, stroke_width=2, dash_pattern=[6, 4], point=False),
            fch.LineChartData(points=[fch.LineChartDataPoint(x=i, y=v, tooltip=money(v)) for i, (_d, v) in enumerate(mine)],
                              color=ft.Colors.PRIMARY, stroke_width=2.5, point=False),
        ],
        min_y=min_y, max_y=max_y, min_x=0, max_x=_right_edge(len(mine)),
        left_axis=_value_axis(min_y, max_y, step, 52),
        bottom_axis=fch.ChartAxis(label_size=22, labels=_axis_labels([d for d, _v in mine]), label_spacing=1),
        horizontal_grid_lines=grid, height=height, animation=0,
    )
    return ft.Semantics(label=label, content=chart)


def legend(items: list[tuple[str, str]]) -> ft.Row:
    """Colour keys under a chart: (colour, text)."""
    return ft.Row(
        [
            ft.Row([ft.Container(width=14, height=4, bgcolor=color, border_radius=2),
                    ft.Text(text, size=12, color=ft.Colors.ON_SURFACE_VARIANT)], spacing=6, tight=True)
            for color, text in items
        ],
        wrap=True, spacing=14,
    )
