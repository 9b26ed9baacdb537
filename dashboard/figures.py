"""Charts: pure functions from the frames in `queries` to plotly figures, testable without a browser.

Colours come from Okabe and Ito's palette, which stays distinguishable with every common colour
vision deficiency; series also differ by line style, so no chart depends on colour alone.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from .wording import quarter_name, wave_name

BLUE = "#0072B2"
ORANGE = "#E69F00"
BLUISH_GREEN = "#009E73"
VERMILLION = "#D55E00"
SKY_BLUE = "#56B4E9"
YELLOW = "#F0E442"
REDDISH_PURPLE = "#CC79A7"
GREY = "#6E6E6E"

SEGMENTS = {"branded": ("Branded", BLUE, "solid"), "non_branded": ("Non-branded", ORANGE, "dash")}
TIME_WINDOWS = {"trailing_28_days": "Last 28 days", "last_complete_quarter": "Last complete quarter"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif"
# Every figure's theme, as plotly's default: a new figure takes the default without validating it again,
# where `update_layout(template=...)` validates the whole template, about 20 ms per chart on every page load.
pio.templates.default = "plotly_white"


STYLE = {
    "font": {"family": FONT, "size": 13, "color": "#1f2933"},
    "margin": {"l": 60, "r": 20, "t": 40, "b": 40},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.04, "xanchor": "left", "x": 0},
    "hovermode": "x unified",
}


def _styled(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, **STYLE)
    return fig


def _empty(message: str, height: int = 320) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, font={"size": 15, "color": GREY}, xref="paper", yref="paper", x=0.5, y=0.5
    )
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


def branded_vs_non_branded(weekly: pd.DataFrame, events: pd.DataFrame | None = None) -> go.Figure:
    """Weekly impressions (top) and clicks (bottom), branded beside non-branded, with `events` marked."""
    if weekly.empty:
        return _empty("No complete weeks of Search Console data yet")
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=("Impressions per week", "Clicks per week"),
    )
    first, last = weekly["week_start"].min(), weekly["week_start"].max()
    for segment, (name, colour, dash) in SEGMENTS.items():
        weeks = _every_week(weekly[weekly["segment"] == segment], first, last)
        for row, measure in enumerate(("impressions", "clicks"), start=1):
            fig.add_trace(
                go.Scatter(
                    x=weeks.index,
                    y=weeks[measure],
                    name=name,
                    legendgroup=segment,
                    showlegend=row == 1,
                    mode="lines+markers",
                    line={"color": colour, "dash": dash, "width": 2.5},
                    hovertemplate=f"{name}: %{{y:,}} {measure}<extra></extra>",
                ),
                row=row,
                col=1,
            )
    fig.update_xaxes(title_text="Week starting (Monday)", row=2, col=1)
    fig.update_yaxes(rangemode="tozero", tickformat=",")
    _week_axis(fig, weekly["week_start"])
    mark_events_on_dates(fig, events, first, last + pd.Timedelta(days=6))
    return _styled(fig, 520)


def this_year_vs_last_year(yoy: pd.DataFrame, events: pd.DataFrame | None = None) -> go.Figure:
    """Branded impressions each week beside the same week 52 weeks earlier, with this year's `events`."""
    if yoy.empty:
        return _empty("No complete weeks of branded search yet")
    yoy = _every_week(yoy, yoy["week_start"].min(), yoy["week_start"].max()).reset_index()
    last_year_weeks = yoy["last_year_week_start"].dt.strftime("%Y-%m-%d")
    fig = go.Figure(
        [
            go.Scatter(
                x=yoy["week_start"],
                y=yoy["impressions_this_year"],
                name="Last 52 weeks",
                mode="lines+markers",
                line={"color": BLUE, "width": 2.5},
                hovertemplate="This year: %{y:,}<extra></extra>",
            ),
            go.Scatter(
                x=yoy["week_start"],
                y=yoy["impressions_last_year"],
                name="Same weeks a year earlier",
                mode="lines+markers",
                line={"color": GREY, "dash": "dot", "width": 2},
                marker={"symbol": "diamond"},
                customdata=last_year_weeks,
                hovertemplate="Year earlier (week of %{customdata}): %{y:,}<extra></extra>",
            ),
        ]
    )
    fig.update_xaxes(title_text="Week starting (Monday)")
    fig.update_yaxes(title_text="Branded impressions", rangemode="tozero", tickformat=",")
    _week_axis(fig, yoy["week_start"])
    mark_events_on_dates(fig, events, yoy["week_start"].min(), yoy["week_start"].max() + pd.Timedelta(days=6))
    return _styled(fig, 380)


def growth_windows(growth: pd.DataFrame, light: pd.Series | None = None) -> go.Figure:
    """Growth vs a year earlier per time window, over the shaded healthy band of `light` (the metric's row
    of the scorecard) when it has one."""
    if growth.empty:
        return _empty("No growth figures yet")
    measures = {"impressions_growth_pct": ("Impressions", BLUE, ""), "clicks_growth_pct": ("Clicks", ORANGE, "/")}
    # A missing bar is said in the axis label, so an empty slot never reads as zero growth.
    windows = [
        TIME_WINDOWS.get(row["time_window"], row["time_window"].replace("_", " ").capitalize())
        + "".join(
            f"<br><span style='font-size:12px'>{name.lower()}: no data a year earlier</span>"
            for column, (name, _, _) in measures.items()
            if pd.isna(row[column])
        )
        for _, row in growth.iterrows()
    ]
    fig = go.Figure()
    for column, (name, colour, pattern) in measures.items():
        values = growth[column].astype("float64")
        fig.add_bar(
            x=windows,
            y=values,
            name=name,
            marker={"color": colour, "pattern": {"shape": pattern}},
            text=[_signed_percent(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"{name}: %{{y:+.1f}}%<extra></extra>",
        )
    if light is not None and not (pd.isna(light["benchmark_low"]) or pd.isna(light["benchmark_high"])):
        _healthy_band(fig, light["benchmark_low"], light["benchmark_high"], light["benchmark_text"])
    fig.add_hline(y=0, line_color=GREY, line_width=1)
    fig.update_yaxes(title_text="Growth vs a year earlier", ticksuffix="%", zeroline=False)
    return _styled(fig, 380).update_layout(barmode="group", hovermode="closest")


def _healthy_band(fig: go.Figure, low: float, high: float, text: str) -> None:
    """The healthy range, shaded behind the data and named in its top right corner."""
    fig.add_hrect(
        y0=low,
        y1=high,
        fillcolor=BLUISH_GREEN,
        opacity=0.15,
        line_width=0,
        layer="below",
        annotation_text=text,
        annotation_position="top right",
        annotation_font_color="#00684A",
    )


def _signed_percent(value) -> str:
    return "" if pd.isna(value) else f"{value:+.1f}%"


# --- events (the config's launches and campaigns) on time charts -----------------------------------------

EVENT_COLOUR = "#5B4B8A"


# Figures are built with their shapes and annotations as lists, added in one update: plotly validates each
# add_shape/add_annotation call on its own, and a page of small charts spent most of its time there.


def _event_label(x, label: str, nth: int, longest: int = 28) -> dict:
    """An event's label at the top of the chart, every other one a line lower so neighbours do not overlap;
    a long label is cut short on the chart and shown whole on hover."""
    short = label if len(label) <= longest else label[: longest - 1].rstrip() + "…"
    return {
        "x": x,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": "left",
        "yshift": -14 * (nth % 2),
        "text": short,
        "hovertext": label,
        "showarrow": False,
        "font": {"size": 11, "color": EVENT_COLOUR},
        "bgcolor": "rgba(255,255,255,0.85)",
    }


def _event_shape(x0, x1, label: str) -> dict:
    """A one-day event (x0 == x1) as a dotted line, a run of days as a shaded band."""
    common = {"x0": x0, "x1": x1, "y0": 0, "y1": 1, "xref": "x", "yref": "paper", "name": f"event: {label}"}
    if x0 == x1:
        return {"type": "line", "line": {"color": EVENT_COLOUR, "width": 1.5, "dash": "dot"}, **common}
    return {
        "type": "rect",
        "fillcolor": EVENT_COLOUR,
        "opacity": 0.08,
        "line": {"width": 0},
        "layer": "below",
        **common,
    }


def _add_marks(fig: go.Figure, shapes: list[dict], annotations: list[dict]) -> None:
    if shapes or annotations:
        fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *annotations])


def mark_events_on_dates(fig: go.Figure, events: pd.DataFrame | None, first, last, label_length: int = 28) -> None:
    """Each event that falls between `first` and `last` on a date axis: a one-day event as a dotted line, a
    run of days as a shaded band, each with its label at the top."""
    _add_marks(fig, *event_marks_on_dates(events, first, last, label_length))


def event_marks_on_dates(events: pd.DataFrame | None, first, last, label_length: int = 28) -> tuple[list, list]:
    """The shapes and labels mark_events_on_dates adds, for a figure built in one go."""
    shapes, labels = [], []
    if events is None or events.empty or pd.isna(first) or pd.isna(last):
        return shapes, labels
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    for event in events.itertuples(index=False):
        start, end = pd.Timestamp(event.event_date), pd.Timestamp(event.end_date)
        if end < first or start > last:
            continue
        if start == end:
            shapes.append(_event_shape(start, start, event.label))
        else:
            shapes.append(_event_shape(max(start, first), min(end, last) + pd.Timedelta(days=1), event.label))
        labels.append(_event_label(max(start, first), event.label, len(labels), label_length))
    return shapes, labels


def mark_events_on_categories(fig: go.Figure, events: pd.DataFrame | None, starts, ends) -> None:
    """The same on an axis of periods as categories (months, quarters, survey waves), where category i runs
    from starts[i] to ends[i]: an event inside a period sits on it, one between two periods between them."""
    if events is None or events.empty or len(starts) == 0:
        return
    starts, ends = pd.DatetimeIndex(starts), pd.DatetimeIndex(ends)

    def position(day) -> float | None:
        day = pd.Timestamp(day)
        if day < starts[0] or day > ends[-1]:
            return None
        for i, (start, end) in enumerate(zip(starts, ends)):
            if start <= day <= end:
                return float(i)
            if day < start:
                return i - 0.5
        return None

    shapes, labels = [], []
    for event in events.itertuples(index=False):
        x0, x1 = position(event.event_date), position(event.end_date)
        if x0 is None and x1 is None:
            continue
        x0 = 0.0 if x0 is None else x0
        x1 = float(len(starts) - 1) if x1 is None else x1
        shapes.append(
            _event_shape(x0, x0, event.label) if x0 == x1 else _event_shape(x0 - 0.45, x1 + 0.45, event.label)
        )
        labels.append(_event_label(x0, event.label, len(labels)))
    _add_marks(fig, shapes, labels)


def light_history_figure(history: pd.DataFrame, light: pd.Series, events: pd.DataFrame | None = None) -> go.Figure:
    """A light over time, small enough for its scorecard card: its value at the end of each past period
    (marts.scorecard_history for one metric), each point shaped and coloured by its status then, over the
    shaded healthy band, with the events of the period marked."""
    values = history[history["value"].notna()]
    if values.empty:
        return _empty("No history yet", height=150)
    x = pd.to_datetime(values["period_end"])
    statuses = values["status"]
    low, high = light["benchmark_low"], light["benchmark_high"]
    shapes, labels = event_marks_on_dates(events, x.min(), x.max(), label_length=16)
    if not pd.isna(low):
        top = high if not pd.isna(high) else max(values["value"].max(), low) * 1.1 + 1
        healthy = {"type": "rect", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1, "y0": low, "y1": top}
        shapes.insert(
            0, {**healthy, "fillcolor": BLUISH_GREEN, "opacity": 0.12, "line": {"width": 0}, "layer": "below"}
        )
    # Built in one go (see _add_marks): a scorecard page draws one of these per light.
    return go.Figure(
        data=[
            go.Scatter(
                x=x,
                y=values["value"].astype("float64"),
                mode="lines+markers",
                line={"color": GREY, "width": 1.5},
                marker=_status_markers(statuses, size=7, outline=0.5),
                customdata=values[["value_text", "status_word"]].to_numpy(),
                hovertemplate="%{x|%-d %b %Y}: %{customdata[0]} (%{customdata[1]})<extra></extra>",
            )
        ],
        layout={
            **STYLE,
            "height": 160,
            "font": {**STYLE["font"], "size": 11},
            "margin": {"l": 40, "r": 10, "t": 34, "b": 24},
            "showlegend": False,
            "hovermode": "closest",
            "shapes": shapes,
            "annotations": labels,
            "xaxis": {"showgrid": False, "tickformat": "%b %Y", "nticks": 4},
            "yaxis": {"showgrid": False, "nticks": 3, "zeroline": True, "zerolinecolor": "#d0d5da"},
        },
    )


# --- web traffic -----------------------------------------------------------------------------------

# The two channels people arrive by when they already want the brand sit at the bottom of every stack,
# in strong colours; the rest, bought or captured traffic, stack above in pale tints with a hatch, so
# the demand share reads as the height of the solid block. GA4's default channel group names.
DEMAND_CHANNELS = {"Direct": BLUE, "Organic Search": BLUISH_GREEN}
OTHER_CHANNELS = {
    "Organic Social": SKY_BLUE,
    "Organic Video": SKY_BLUE,
    "Organic Shopping": SKY_BLUE,
    "Referral": YELLOW,
    "Email": REDDISH_PURPLE,
    "Affiliates": REDDISH_PURPLE,
    "Paid Search": VERMILLION,
    "Paid Social": VERMILLION,
    "Paid Video": VERMILLION,
    "Paid Shopping": VERMILLION,
    "Paid Other": VERMILLION,
    "Display": ORANGE,
    "Cross-network": ORANGE,
    "Audio": GREY,
    "SMS": GREY,
    "Mobile Push Notifications": GREY,
    "Unassigned": GREY,
}
# Channels sharing a hue differ by hatch, so neighbours in a stack never look alike.
PATTERNS = ["/", "\\", "x", ".", "-", "|", "+"]
# A point's shape says its light, as well as its colour (the words come from the warehouse).
STATUS_SHAPES = {"green": "circle", "amber": "triangle-up", "red": "x", "insufficient_data": "circle-open"}
STATUS_COLOURS = {"green": BLUISH_GREEN, "amber": ORANGE, "red": VERMILLION, "insufficient_data": GREY}


def _status_markers(statuses, size: int, outline: float) -> dict:
    """Each point shaped and coloured by its light."""
    return {
        "size": size,
        "symbol": [STATUS_SHAPES[s] for s in statuses],
        "color": [STATUS_COLOURS[s] for s in statuses],
        "line": {"color": "#1f2933", "width": outline},
    }


def _pale(colour: str, amount: float = 0.55) -> str:
    """The colour mixed with white: the same hue, quieter."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in (red, green, blue))


def channel_order(channels) -> list[str]:
    """Direct and Organic Search first (the bottom of the stack), then the rest in a fixed order."""
    known = [*DEMAND_CHANNELS, *OTHER_CHANNELS]
    present = set(channels)
    return [c for c in known if c in present] + sorted(present - set(known))


def _every_month(frame: pd.DataFrame) -> pd.DatetimeIndex:
    # A month missing from the data stays an empty slot (or a gap in a line), not a squeezed axis.
    return pd.date_range(frame["month_start"].min(), frame["month_start"].max(), freq="MS")


def _month_labels(months: pd.DatetimeIndex) -> list[str]:
    # Months as categories ("Oct 2026"): a bar and its label sit on the same spot, and the share and the
    # channel charts of a site line up month for month.
    return list(months.strftime("%b %Y"))


def _month_axis(fig: go.Figure, months: pd.DatetimeIndex) -> None:
    # Two years of months fit level only if the year is written once, on the first month and each January.
    ticks = [
        f"{month:%b}<br>{month:%Y}" if n == 0 or month.month == 1 else f"{month:%b}" for n, month in enumerate(months)
    ]
    # At least six month-wide slots, centred: one or two months do not stretch into slabs.
    padding = max(0, 6 - len(months)) / 2
    fig.update_xaxes(
        type="category",
        tickmode="array",
        tickvals=_month_labels(months),
        ticktext=ticks,
        tickangle=0,
        range=[-0.5 - padding, len(months) - 0.5 + padding],
    )


def channel_mix_figure(
    by_channel: pd.DataFrame, traffic_unit: str = "sessions", organic_channels=("Organic Search",), events=None
) -> go.Figure:
    """One site's traffic per month, stacked by channel, the demand channels at the bottom.

    `by_channel` is `queries.traffic_monthly_by_channel` for one site. Channels counted as organic by
    the share (`organic_channels`) are drawn with the demand channels.
    """
    if by_channel.empty:
        return _empty("No complete month of traffic yet")
    unit = traffic_unit
    # A channel with no row in a month had no traffic that month (0); a month with no rows at all is not
    # measured and stays an empty slot. Plotly also mis-stacks bars around a missing value.
    table = by_channel.pivot_table(
        index="month_start", columns="channel_group", values="traffic", aggfunc="sum", fill_value=0
    ).reindex(_every_month(by_channel))
    demand = ["Direct", *organic_channels]
    channels = channel_order(table.columns)
    channels = [c for c in channels if c in demand] + [c for c in channels if c not in demand]
    fig = go.Figure()
    others = 0
    for channel in channels:
        is_demand = channel in demand
        if is_demand:
            colour = DEMAND_CHANNELS.get(channel, BLUISH_GREEN)
            marker = {"color": colour, "line": {"color": "#ffffff", "width": 0.5}}
            if channel not in DEMAND_CHANNELS:  # Organic Social or Video counted as organic
                marker["pattern"] = {"shape": ".", "fgcolor": "#ffffff", "solidity": 0.2}
        else:
            colour = OTHER_CHANNELS.get(channel, GREY)
            marker = {
                "color": _pale(colour),
                "line": {"color": "#ffffff", "width": 0.5},
                "pattern": {"shape": PATTERNS[others % len(PATTERNS)], "fgcolor": colour, "solidity": 0.25},
            }
            others += 1
        group = "demand" if is_demand else "other"
        fig.add_bar(
            x=_month_labels(table.index),
            y=table[channel],
            name=channel,
            marker=marker,
            legendgroup=group,
            legendgrouptitle_text="Demand:" if is_demand else "Bought or captured:",
            hovertemplate=f"{channel}: %{{y:,}} {unit}<extra></extra>",
        )
    fig.update_yaxes(title_text=f"{unit.capitalize()} per month", tickformat=",", rangemode="tozero")
    _month_axis(fig, table.index)
    # The legend in the right margin, as wide as the share chart's, so a site's two charts line up month
    # for month.
    mark_events_on_categories(fig, events, table.index, table.index + pd.offsets.MonthEnd(0))
    return _styled(fig, 420).update_layout(
        barmode="stack",
        bargap=0.25,
        margin={"r": 170, "t": 20},
        legend={
            "orientation": "v",
            "traceorder": "grouped",
            "x": 1.02,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "tracegroupgap": 14,
        },
    )


def direct_organic_share_figure(
    monthly: pd.DataFrame, benchmark: pd.Series, organic_words: str = "Organic Search", events=None
) -> go.Figure:
    """One site's (Direct + organic) share per month against the healthy and unhealthy lines.

    `monthly` is `queries.direct_organic_monthly` for one site, with each month's status as the scorecard's
    rule gives it; `benchmark` is the metric's row of `queries.benchmarks`. Each point's shape says its
    status (circle healthy, triangle watch, cross unhealthy), besides its colour. `events` are marked.
    """
    if monthly.empty:
        return _empty("No complete month of traffic yet")
    months = monthly.set_index("month_start").reindex(_every_month(monthly))
    share = months["share_pct"].astype("float64")
    statuses = months["status"].fillna("insufficient_data")
    fig = go.Figure(
        go.Scatter(
            x=_month_labels(months.index),
            y=share,
            name=f"Direct + {organic_words}",
            mode="lines+markers+text",
            line={"color": BLUE, "width": 2.5},
            marker=_status_markers(statuses, size=12, outline=1),
            text=_point_labels(share),
            textposition="top center",
            cliponaxis=False,
            customdata=months["status_word"].fillna(""),
            hovertemplate="%{y:.1f}% %{customdata}<extra></extra>",
        )
    )
    # The lines are named in the right margin, where no point or its label can sit on the words.
    for bound, text, colour, dash in (
        ("healthy_low", "benchmark_text", "#00684A", "dash"),
        ("amber_low", "unhealthy_text", "#8A3500", "dot"),
    ):
        if not pd.isna(benchmark[bound]):
            fig.add_hline(
                y=benchmark[bound],
                line_color=colour,
                line_dash=dash,
                line_width=2,
                annotation_text=benchmark[text],
                annotation_position="right",
                annotation_font_color=colour,
            )
    fig.update_yaxes(title_text="Share of all traffic", range=[0, 105], ticksuffix="%", dtick=20)
    _month_axis(fig, months.index)
    mark_events_on_categories(fig, events, months.index, months.index + pd.offsets.MonthEnd(0))
    return _styled(fig, 340).update_layout(showlegend=False, hovermode="closest", margin={"r": 170, "t": 30})


def _point_labels(share: pd.Series, every_point_up_to: int = 8) -> list[str]:
    """Each month's share written by its point, or only the latest when more would run into each other."""
    labels = ["" if pd.isna(value) else f"{value:.1f}%" for value in share]
    if len(labels) > every_point_up_to:
        latest = max((n for n, label in enumerate(labels) if label), default=None)
        labels = [label if n == latest else "" for n, label in enumerate(labels)]
    return labels


# --- brand surveys ---------------------------------------------------------------------------------

# The own brand is blue, large and round; each competitor has its own colour and marker shape, so no
# two brands are told apart by colour alone.
COMPETITOR_MARKERS = [
    (ORANGE, "diamond"),
    (BLUISH_GREEN, "square"),
    (VERMILLION, "triangle-up"),
    (REDDISH_PURPLE, "x"),
    (SKY_BLUE, "star"),
    (GREY, "cross"),
]
# Lines differ by dash too: the own brand's is solid.
COMPETITOR_DASHES = ["dash", "dot", "dashdot", "longdash", "longdashdot", "5px,2px"]


class BrandStyle(NamedTuple):
    brand: str
    own: bool
    name: str  # in the legend: the own brand says it is yours
    colour: str
    symbol: str
    dash: str


def by_brand(frame: pd.DataFrame) -> list[tuple[BrandStyle, pd.DataFrame]]:
    """Each brand's rows of a frame with `brand` and `is_own_brand`, with how to draw it: the own brand
    first, then the competitors by name, each in its own colour, marker and dash."""
    brands = frame.sort_values(["is_own_brand", "brand"], ascending=[False, True])["brand"].unique()
    drawn, competitors = [], 0
    for brand in brands:
        rows = frame[frame["brand"] == brand]
        if rows["is_own_brand"].any():
            style = BrandStyle(brand, True, f"{brand} (your brand)", BLUE, "circle", "solid")
        else:
            colour, symbol = COMPETITOR_MARKERS[competitors % len(COMPETITOR_MARKERS)]
            style = BrandStyle(
                brand, False, brand, colour, symbol, COMPETITOR_DASHES[competitors % len(COMPETITOR_DASHES)]
            )
            competitors += 1
        drawn.append((style, rows))
    return drawn


def awareness_by_wave(
    waves: pd.DataFrame, measure: str = "Unaided awareness", events: pd.DataFrame | None = None
) -> go.Figure:
    """Each brand's awareness per survey wave: a point with its 95% interval as an error bar.

    `waves` is `queries.awareness_waves` (or the aided one). Brands sit side by side within a wave, the
    own brand first, so their intervals never hide each other.
    """
    if waves.empty:
        return _empty("No survey waves yet")
    names = [wave_name(wave) for wave in waves.sort_values("wave_number")["wave"].unique()]
    fig = go.Figure()
    for (brand, own, name, colour, symbol, _), rows in by_brand(waves):
        rows = rows.sort_values("wave_number")
        pct = rows["awareness_pct"].astype("float64")
        fig.add_scatter(
            x=[wave_name(wave) for wave in rows["wave"]],
            y=pct,
            name=name,
            mode="markers",
            marker={
                "color": colour,
                "symbol": symbol,
                "size": 14 if own else 10,
                "line": {"color": "#1f2933", "width": 1},
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": rows["ci_high_pct"] - pct,
                "arrayminus": pct - rows["ci_low_pct"],
                "color": colour,
                "thickness": 3 if own else 1.5,
                "width": 7,
            },
            customdata=rows[["ci_low_pct", "ci_high_pct", "aware", "respondents"]].to_numpy(),
            hovertemplate=(
                f"{brand}: %{{y:.1f}}% (95% interval %{{customdata[0]:.1f}}% to %{{customdata[1]:.1f}}%)"
                ", %{customdata[2]:,} of %{customdata[3]:,} respondents<extra></extra>"
            ),
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=names)
    fig.update_yaxes(title_text=f"{measure}, % of respondents", ticksuffix="%", rangemode="tozero")
    # The legend under the chart: a row of five or six brands above it would run under the toolbar.
    fieldwork = waves.groupby("wave_number")[["fieldwork_start", "fieldwork_end"]].agg(
        {"fieldwork_start": "min", "fieldwork_end": "max"}
    )
    mark_events_on_categories(fig, events, fieldwork["fieldwork_start"], fieldwork["fieldwork_end"])
    return _styled(fig, 420).update_layout(
        scattermode="group",
        scattergap=0.5,
        hovermode="closest",
        legend={"y": -0.12, "yanchor": "top"},
        margin={"t": 30, "b": 60},
    )


def first_heard_figure(channels: pd.DataFrame) -> go.Figure:
    """Where respondents first heard of the brand, one bar per answer, the most common on top.

    `channels` is `queries.first_heard_channels` (one wave).
    """
    if channels.empty:
        return _empty("No answers to the first-heard question yet", height=240)
    rows = channels.sort_values(["respondents", "answer"], ascending=[True, False])  # plotly draws bottom up
    fig = go.Figure(
        go.Bar(
            x=rows["share_pct"],
            y=rows["answer"],
            orientation="h",
            marker={"color": BLUE},
            text=[f"{share:.0f}%" for share in rows["share_pct"]],
            textposition="outside",
            cliponaxis=False,
            customdata=rows[["respondents", "respondents_answering"]].to_numpy(),
            hovertemplate="%{y}: %{customdata[0]:,} of %{customdata[1]:,} (%{x:.1f}%)<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="Share of respondents who answered", ticksuffix="%", rangemode="tozero")
    return _styled(fig, 120 + 36 * len(rows)).update_layout(showlegend=False, hovermode="closest", margin={"l": 160})


# --- share of voice and share of search -------------------------------------------------------------
#
# Quarters are categories ("Q3 2026"), so a bar and its label sit on the same spot. The quarter still
# under way is marked "so far": its points are hollow and its bar pale and hatched, as its count can
# only grow.

SHARES_OF_VOICE = {  # the share, the brand's count and the quarter's total behind it, in words
    "share_of_voice_pct": ("mentions", "all_mentions", "mentions"),
    "target_share_of_voice_pct": ("target_media_mentions", "all_target_media_mentions", "target-media mentions"),
}


def _every_quarter(quarters: pd.DataFrame) -> pd.DataFrame:
    """One row per quarter from the first to the last, whether each is complete, and its axis label. A
    quarter missing from the data stays an empty slot, not a squeezed axis."""
    known = quarters.groupby("quarter_start")["is_complete"].all()
    every = known.reindex(pd.date_range(known.index.min(), known.index.max(), freq="QS"), fill_value=True)
    return pd.DataFrame(
        {
            "is_complete": every.astype(bool),
            "label": [quarter_name(start) + ("" if complete else " (so far)") for start, complete in every.items()],
        },
        index=every.index.rename("quarter_start"),
    )


def share_of_voice_figure(
    quarters: pd.DataFrame, measure: str = "share_of_voice_pct", events: pd.DataFrame | None = None
) -> go.Figure:
    """Each brand's share of the mentions of all tracked brands per quarter, the own brand in a thick
    blue line. `quarters` is `queries.mentions_per_quarter`; `measure` is the share of all mentions or
    of target-media mentions (`target_share_of_voice_pct`)."""
    if quarters.empty:
        return _empty("No media mentions yet")
    count, total, words = SHARES_OF_VOICE[measure]
    axis = _every_quarter(quarters)
    fig = go.Figure()
    for (brand, own, name, colour, symbol, dash), rows in by_brand(quarters):
        rows = rows.set_index("quarter_start").reindex(axis.index)
        fig.add_scatter(
            x=axis["label"],
            y=rows[measure].astype("float64"),
            name=name,
            mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 4 if own else 2},
            marker={
                "color": colour,
                "size": 12 if own else 9,
                "line": {"color": colour, "width": 2},
                "symbol": [symbol if complete else f"{symbol}-open" for complete in axis["is_complete"]],
            },
            customdata=rows[[count, total]].to_numpy(),
            hovertemplate=f"{brand}: %{{y:.1f}}% (%{{customdata[0]:,}} of %{{customdata[1]:,}} {words})<extra></extra>",
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(axis["label"]))
    fig.update_yaxes(title_text=f"Share of {words}", ticksuffix="%", rangemode="tozero")
    mark_events_on_categories(fig, events, axis.index, axis.index + pd.offsets.QuarterEnd(0))
    return _styled(fig, 380).update_layout(legend={"y": -0.15, "yanchor": "top"}, margin={"t": 30, "b": 60})


def target_media_figure(quarters: pd.DataFrame, benchmark: pd.Series, events=None) -> go.Figure:
    """The own brand's target-media mentions per quarter as bars over the shaded healthy band.

    `quarters` is `queries.mentions_per_quarter`; a quarter where other brands were mentioned and the
    own brand was not is a 0, a quarter with no mentions at all an empty slot. `benchmark` is the metric's
    row of `queries.benchmarks`; `events` are marked.
    """
    healthy_low, healthy_high = benchmark["healthy_low"], benchmark["healthy_high"]
    own = quarters[quarters["is_own_brand"]]
    if own.empty:
        return _empty("No mentions of your brand yet")
    axis = _every_quarter(quarters)
    counts = own.set_index("quarter_start").reindex(axis.index)["target_media_mentions"].astype("float64")
    complete = axis["is_complete"]
    fig = go.Figure(
        go.Bar(
            x=axis["label"],
            y=counts,
            name="Target-media mentions",
            marker={
                "color": [BLUE if done else _pale(BLUE) for done in complete],
                "line": {"color": BLUE, "width": 1},
                "pattern": {"shape": ["" if done else "/" for done in complete], "fgcolor": BLUE},
            },
            text=["" if pd.isna(n) else f"{n:,.0f}" + ("" if done else " so far") for n, done in zip(counts, complete)],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:,} target-media mentions<extra></extra>",
        )
    )
    band = benchmark["benchmark_text"]
    if not pd.isna(healthy_high):
        _healthy_band(fig, 0 if pd.isna(healthy_low) else healthy_low, healthy_high, band)
    elif not pd.isna(healthy_low):
        fig.add_hline(
            y=healthy_low,
            line_color="#00684A",
            line_dash="dash",
            line_width=2,
            annotation_text=band,
            annotation_position="top right",
            annotation_font_color="#00684A",
        )
    # Room for the band and the labels above the tallest bar.
    top = max(
        counts.max(skipna=True) if counts.notna().any() else 0,
        *(bound for bound in (healthy_low, healthy_high) if not pd.isna(bound)),
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(axis["label"]))
    fig.update_yaxes(title_text="Target-media mentions", range=[0, max(top * 1.25, 1)], tickformat=",d")
    mark_events_on_categories(fig, events, axis.index, axis.index + pd.offsets.QuarterEnd(0))
    return _styled(fig, 340).update_layout(showlegend=False, hovermode="closest", bargap=0.35)


HOVER_DATES = {"day": "%-d %b %Y", "week": "week of %-d %b %Y", "month": "%B %Y"}


def share_of_search_figure(
    series: pd.DataFrame, granularity: str = "week", events: pd.DataFrame | None = None
) -> go.Figure:
    """Each brand's share of the search interest in all tracked brands, per period of one Trends series,
    the own brand in a thick blue line. `series` is `queries.share_of_search`."""
    if series.empty:
        return _empty("No Google Trends data yet")
    periods = series["period_start"].nunique()
    fig = go.Figure()
    for (brand, own, name, colour, symbol, dash), rows in by_brand(series):
        fig.add_scatter(
            x=rows["period_start"],
            y=rows["share_pct"].astype("float64"),
            name=name,
            mode="lines+markers" if periods <= 30 else "lines",
            line={"color": colour, "dash": dash, "width": 4 if own else 2},
            marker={"color": colour, "symbol": symbol, "size": 9 if own else 7},
            hovertemplate=f"{brand}: %{{y:.1f}}%<extra></extra>",
        )
    fig.update_xaxes(hoverformat=HOVER_DATES.get(granularity, "%-d %b %Y"))
    if granularity == "month" and periods <= 24:  # plotly would tick weeks across a few months
        fig.update_xaxes(dtick="M1", tickformat="%b<br>%Y")
    fig.update_yaxes(title_text="Share of search", ticksuffix="%", rangemode="tozero")
    mark_events_on_dates(fig, events, series["period_start"].min(), series["period_end"].max())
    return _styled(fig, 380).update_layout(legend={"y": -0.15, "yanchor": "top"}, margin={"t": 30, "b": 60})
