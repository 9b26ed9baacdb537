"""Charts: pure functions from the frames in `queries` to plotly figures, testable without a browser.

Colours come from Okabe and Ito's palette, which stays distinguishable with every common colour
vision deficiency; series also differ by line style, so no chart depends on colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

BLUE = "#0072B2"
ORANGE = "#E69F00"
BLUISH_GREEN = "#009E73"
GREY = "#6E6E6E"

SEGMENTS = {"branded": ("Branded", BLUE, "solid"), "non_branded": ("Non-branded", ORANGE, "dash")}
TIME_WINDOWS = {"trailing_28_days": "Last 28 days", "last_complete_quarter": "Last complete quarter"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif"


def _styled(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        font={"family": FONT, "size": 13, "color": "#1f2933"},
        margin={"l": 60, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.04, "xanchor": "left", "x": 0},
        hovermode="x unified",
    )
    return fig


def _empty(message: str, height: int = 320) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 15, "color": GREY},
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _styled(fig, height)


def _every_week(frame: pd.DataFrame, start, end) -> pd.DataFrame:
    # A week missing from the data becomes a gap in the line, not a straight line drawn across it.
    return frame.set_index("week_start").reindex(pd.date_range(start, end, freq="7D")).rename_axis("week_start")


def _week_axis(fig: go.Figure, weeks: pd.Series) -> None:
    # Plotly's automatic date ticks land mid-week on short ranges; weekly ticks on Mondays read better.
    if weeks.max() - weeks.min() <= pd.Timedelta(weeks=16):
        fig.update_xaxes(tick0=weeks.min(), dtick=7 * 24 * 3600 * 1000, tickformat="%-d %b %Y")


def branded_vs_non_branded(weekly: pd.DataFrame) -> go.Figure:
    """Weekly impressions (top) and clicks (bottom), branded beside non-branded."""
    if weekly.empty:
        return _empty("No complete weeks of Search Console data yet")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=("Impressions per week", "Clicks per week"))
    first, last = weekly["week_start"].min(), weekly["week_start"].max()
    for segment, (name, colour, dash) in SEGMENTS.items():
        weeks = _every_week(weekly[weekly["segment"] == segment], first, last)
        for row, measure in enumerate(("impressions", "clicks"), start=1):
            fig.add_trace(go.Scatter(
                x=weeks.index, y=weeks[measure], name=name, legendgroup=segment, showlegend=row == 1,
                mode="lines+markers", line={"color": colour, "dash": dash, "width": 2.5},
                hovertemplate=f"{name}: %{{y:,}} {measure}<extra></extra>",
            ), row=row, col=1)
    fig.update_xaxes(title_text="Week starting (Monday)", row=2, col=1)
    fig.update_yaxes(rangemode="tozero", tickformat=",")
    _week_axis(fig, weekly["week_start"])
    return _styled(fig, 520)


def this_year_vs_last_year(yoy: pd.DataFrame) -> go.Figure:
    """Branded impressions each week beside the same week 52 weeks earlier."""
    if yoy.empty:
        return _empty("No complete weeks of branded search yet")
    yoy = _every_week(yoy, yoy["week_start"].min(), yoy["week_start"].max()).reset_index()
    last_year_weeks = yoy["last_year_week_start"].dt.strftime("%Y-%m-%d")
    fig = go.Figure([
        go.Scatter(x=yoy["week_start"], y=yoy["impressions_this_year"], name="Last 52 weeks",
                   mode="lines+markers", line={"color": BLUE, "width": 2.5},
                   hovertemplate="This year: %{y:,}<extra></extra>"),
        go.Scatter(x=yoy["week_start"], y=yoy["impressions_last_year"], name="Same weeks a year earlier",
                   mode="lines+markers", line={"color": GREY, "dash": "dot", "width": 2},
                   marker={"symbol": "diamond"}, customdata=last_year_weeks,
                   hovertemplate="Year earlier (week of %{customdata}): %{y:,}<extra></extra>"),
    ])
    fig.update_xaxes(title_text="Week starting (Monday)")
    fig.update_yaxes(title_text="Branded impressions", rangemode="tozero", tickformat=",")
    _week_axis(fig, yoy["week_start"])
    return _styled(fig, 380)


def growth_windows(growth: pd.DataFrame, benchmark_low: float | None = None,
                   benchmark_high: float | None = None) -> go.Figure:
    """Growth vs a year earlier per time window, over the shaded healthy band when there is one."""
    if growth.empty:
        return _empty("No growth figures yet")
    measures = {"impressions_growth_pct": ("Impressions", BLUE, ""), "clicks_growth_pct": ("Clicks", ORANGE, "/")}
    # A missing bar is said in the axis label, so an empty slot never reads as zero growth.
    windows = [
        TIME_WINDOWS.get(row["time_window"], row["time_window"].replace("_", " ").capitalize())
        + "".join(f"<br><span style='font-size:12px'>{name.lower()}: no data a year earlier</span>"
                  for column, (name, _, _) in measures.items() if pd.isna(row[column]))
        for _, row in growth.iterrows()
    ]
    fig = go.Figure()
    for column, (name, colour, pattern) in measures.items():
        values = growth[column].astype("float64")
        fig.add_bar(x=windows, y=values, name=name, marker={"color": colour, "pattern": {"shape": pattern}},
                    text=[_signed_percent(v) for v in values], textposition="outside", cliponaxis=False,
                    hovertemplate=f"{name}: %{{y:+.1f}}%<extra></extra>")
    if not (pd.isna(benchmark_low) or pd.isna(benchmark_high)):
        fig.add_hrect(y0=benchmark_low, y1=benchmark_high, fillcolor=BLUISH_GREEN, opacity=0.15, line_width=0,
                      layer="below", annotation_text=f"Healthy: {benchmark_low:+.0f}% to {benchmark_high:+.0f}%",
                      annotation_position="top right", annotation_font_color="#00684A")
    fig.add_hline(y=0, line_color=GREY, line_width=1)
    fig.update_yaxes(title_text="Growth vs a year earlier", ticksuffix="%", zeroline=False)
    return _styled(fig, 380).update_layout(barmode="group", hovermode="closest")


def _signed_percent(value) -> str:
    return "" if pd.isna(value) else f"{value:+.1f}%"

