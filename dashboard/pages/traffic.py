"""Traffic: how much of each site's traffic comes from people who already want it (Direct + organic).

One section per site, the one the scorecard's light is for first: a page without callbacks cannot
have a site picker, and a site's numbers must never be added to another's.
"""

import dash
import pandas as pd
from dash import html

from dashboard import figures, queries
from dashboard.components import chart, current_warehouse, day, format_value, month_text, no_data_message, table

dash.register_page(__name__, path="/traffic", name="Traffic", title="Traffic · Demand-gen health", order=2)

METRIC = "direct_organic_share"
MONTHS_IN_TABLE = 12
TOOLS = {"ga4": "GA4", "plausible": "Plausible", "matomo": "Matomo"}
BASIS = {"daily": "Every day", "period": "Month export"}
WINDOWS = {"last_complete_month": "Last complete month", "trailing_28_days": "Last 28 days"}


def layout(**_query_string):
    warehouse = current_warehouse()
    try:
        sites = queries.traffic_properties(warehouse)
        by_channel = queries.traffic_monthly_by_channel(warehouse)
        monthly = queries.direct_organic_monthly(warehouse)
        windows = queries.direct_organic_windows(warehouse)
        benchmarks = queries.benchmarks(warehouse)
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    caveats = queries.optional(queries.traffic_caveats, warehouse)  # a warehouse from before caveats were kept
    events = queries.optional(queries.events, warehouse)
    benchmark = benchmarks[benchmarks["metric"] == METRIC].iloc[0]
    # The channels the share counts as organic, as the last refresh read the config.
    organic = tuple(monthly["organic_channels"].iloc[0].split(", ")) if len(monthly) else ("Organic Search",)
    organic_words = organic[0] if len(organic) == 1 else "Organic Search, Social and Video"
    target = "" if pd.isna(benchmark["healthy_low"]) else f" {benchmark['benchmark_text'].lower()} of"
    header = [
        html.H1("Traffic"),
        html.P(
            "People who type the address or find the site through organic search came because they already "
            f"wanted it. In healthy demand generation, Direct + {organic_words} bring{target} a site's traffic; "
            f"paid, email, {'' if len(organic) > 1 else 'social '}and referral traffic is bought or captured.",
            className="lede",
        ),
    ]
    if sites.empty:
        return html.Div(
            [
                *header,
                html.P(
                    "No web analytics exports loaded yet: drop GA4, Plausible or Matomo channel exports in the inbox "
                    "and refresh.",
                    className="no-data",
                    id="traffic-none",
                ),
            ]
        )
    several_units = sites["property"].duplicated(keep=False)
    return html.Div(
        [
            *header,
            *[
                site_section(
                    number,
                    site,
                    several_unit,
                    _of(by_channel, site),
                    _of(monthly, site),
                    _windows_of(windows, site),
                    benchmark,
                    organic,
                    events,
                    None if caveats is None else caveats[caveats["property"] == site.property],
                )
                for number, (site, several_unit) in enumerate(
                    zip(sites.itertuples(index=False), several_units), start=1
                )
            ],
        ]
    )


def site_section(number, site, several_units, by_channel, monthly, windows, benchmark, organic, events, caveats):
    prefix = f"traffic-site-{number}"
    unit = site.traffic_unit
    organic_words = organic[0] if len(organic) == 1 else "organic"
    title = site.property + (f" ({unit})" if several_units else "")
    return html.Section(
        id=prefix,
        className="panel site",
        **{"data-property": site.property},
        children=[
            html.H2(title),
            html.P(_about(site), className="muted", id=f"{prefix}-about"),
            *caveats_note(caveats, f"{prefix}-caveats"),
            headline(windows, unit, organic_words, prefix),
            html.Div(
                [
                    html.Div(
                        [
                            html.H3(f"Share from Direct + {organic_words}, per month"),
                            chart(
                                figures.direct_organic_share_figure(monthly, benchmark, organic_words, events),
                                id=f"{prefix}-share-chart",
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            html.H3(f"{unit.capitalize()} per month, by channel"),
                            chart(
                                figures.channel_mix_figure(by_channel, unit, organic, events), id=f"{prefix}-mix-chart"
                            ),
                        ]
                    ),
                ]
            ),
            html.H3("The numbers behind it"),
            windows_table(windows, unit, organic_words, f"{prefix}-windows"),
            months_table(monthly, unit, organic_words, f"{prefix}-months"),
        ],
    )


def caveats_note(caveats, element_id) -> list:
    """What GA4 said about the reports behind these numbers (only when it said anything)."""
    if caveats is None or caveats.empty:
        return []
    items = []
    for row in caveats.itertuples(index=False):
        days = f"{row.days:,} day{'' if row.days == 1 else 's'}"
        span = day(row.first_day) if row.days == 1 else f"{day(row.first_day)} to {day(row.last_day)}"
        sampled = (
            f" (as little as {row.lowest_sampled_pct:g}% of the events read)"
            if row.caveat == "sampling" and not pd.isna(row.lowest_sampled_pct)
            else ""
        )
        items.append(html.Li(f"{row.explanation}{sampled}: {days}, {span}.", **{"data-caveat": row.caveat}))
    return [
        html.Div(
            [html.Strong("GA4 says about these numbers:"), html.Ul(items)],
            className="caveats",
            id=element_id,
        )
    ]


def headline(windows, unit, organic_words, element_id):
    month = windows[windows["time_window"] == "last_complete_month"]
    if month.empty or not month.iloc[0]["is_measurable"]:
        when = f" for {month_text(month.iloc[0]['period_start'])}" if len(month) else ""
        return html.P(
            f"No share{when}: not every day of the month has data, and no export covers exactly that month.",
            className="headline",
            id=f"{element_id}-headline",
        )
    row = month.iloc[0]
    return html.P(
        className="headline",
        id=f"{element_id}-headline",
        children=[
            html.Strong(format_value(row["share_pct"], "percent")),
            f" of {row['total']:,} {unit} in {month_text(row['period_start'])} came by Direct or {organic_words}.",
        ],
    )


def windows_table(windows, unit, organic_words, element_id):
    rows = []
    for window in ("last_complete_month", "trailing_28_days"):
        found = windows[windows["time_window"] == window]
        if found.empty:
            rows.append([WINDOWS[window], "No daily data for this site", "", "", "", "—", ""])
            continue
        row = found.iloc[0]
        period = (
            month_text(row["period_start"])
            if window == "last_complete_month"
            else f"{day(row['period_start'])} to {day(row['period_end'])}"
        )
        if not row["is_measurable"]:
            rows.append([WINDOWS[window], f"{period}: not every day has data", "", "", "", "—", ""])
            continue
        rows.append(
            [
                WINDOWS[window],
                period,
                _count(row["direct"]),
                _count(row["organic"]),
                _count(row["total"]),
                format_value(row["share_pct"], "percent"),
                _status(row),
            ]
        )
    return table(
        ["Window", "Period", "Direct", organic_words, f"All {unit}", "Share", "Against the benchmark"],
        rows,
        column_classes=["nowrap", "nowrap", "number", "number", "number", "number", "nowrap"],
        id=element_id,
    )


def months_table(monthly, unit, organic_words, element_id):
    if monthly.empty:
        return html.P(
            "No complete month yet: a month is measured when every day of it has data, or when an "
            "export covers exactly that month.",
            className="muted",
            id=element_id,
        )
    recent = monthly.sort_values("month_start", ascending=False).head(MONTHS_IN_TABLE)
    rows = [
        [
            month_text(row.month_start),
            _count(row.direct),
            _count(row.organic),
            _count(row.other),
            _count(row.total),
            format_value(row.share_pct, "percent"),
            _status(row._asdict()),
            BASIS.get(row.basis, row.basis),
        ]
        for row in recent.itertuples(index=False)
    ]
    return html.Div(
        [
            html.P(
                f"The last {MONTHS_IN_TABLE} complete months, newest first, in {unit}.", className="muted table-note"
            ),
            table(
                [
                    "Month",
                    "Direct",
                    organic_words,
                    "Other channels",
                    f"All {unit}",
                    "Share",
                    "Against the benchmark",
                    "Counted from",
                ],
                rows,
                column_classes=["nowrap", "number", "number", "number", "number", "number", "nowrap", "nowrap"],
                id=element_id,
            ),
        ]
    )


def _about(site) -> str:
    tools = ", ".join(TOOLS.get(tool, tool) for tool in site.source_tools.split(", "))
    if site.traffic_unit == "visitors":
        measured = (
            f"Measured in visitors, not sessions: {tools} counts no sessions per channel, so this site's "
            "share is of visitors and is not added to any other site's"
        )
    else:
        measured = f"Measured in sessions, from {tools}"
    return f"{measured}. Data through {day(site.data_through)}."


def _status(row) -> str:
    """A month's or window's light as the warehouse gives it: "✔ Healthy"; empty when there is no share."""
    if pd.isna(row["share_pct"]):
        return ""
    return f"{row['status_symbol']} {row['status_word']}"


def _of(frame: pd.DataFrame, site) -> pd.DataFrame:
    return frame[(frame["property"] == site.property) & (frame["traffic_unit"] == site.traffic_unit)]


def _windows_of(windows: pd.DataFrame, site) -> pd.DataFrame:
    # A window with no data at all has no unit; it still belongs to the site.
    return windows[
        (windows["property"] == site.property)
        & ((windows["traffic_unit"] == site.traffic_unit) | windows["traffic_unit"].isna())
    ]


def _count(value) -> str:
    return "—" if pd.isna(value) else f"{int(value):,}"
