"""Voice: how much of the press coverage and of the search interest in the brands you track is yours.

Share of voice counts stories naming each brand (merged across copies and tools), per calendar quarter;
share of search is the same for Google searches, from Trends downloads. Both are shares among the
brands in the config only: a brand you do not track is in neither total.
"""

import dash
import pandas as pd
from dash import html

from dashboard import downloads, figures, queries
from dashboard.components import (
    chart,
    current_warehouse,
    day,
    format_value,
    no_data_message,
    page_remembered,
    quarter_name,
    table,
)

dash.register_page(__name__, path="/voice", name="Voice", title="Voice · Demand-gen health", order=4)

TARGET_MEDIA = "target_media_mentions_per_quarter"
MENTIONS_SHOWN = 50
GRANULARITY_WORDS = {
    "day": ("daily", "day", "days"),
    "week": ("weekly", "week", "weeks"),
    "month": ("monthly", "month", "months"),
}
SOURCE_TOOLS = {"meltwater": "Meltwater", "google_alerts": "Google Alerts", "mentions_csv": "CSV export"}


@page_remembered
def layout(**_query_string):
    warehouse = current_warehouse()
    try:
        benchmarks = queries.benchmarks(warehouse)
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    quarters = queries.optional(queries.mentions_per_quarter, warehouse)
    mentions = queries.optional(queries.own_brand_mentions, warehouse, MENTIONS_SHOWN)
    series = queries.optional(queries.share_of_search_series, warehouse)
    events = queries.optional(queries.events, warehouse)
    if quarters is None or quarters.empty or mentions is None:
        voice = [no_mentions()]  # a warehouse refreshed before mentions were supported, or none loaded yet
    else:
        voice = [
            share_of_voice_section(quarters, events),
            target_media_section(quarters, benchmarks[benchmarks["metric"] == TARGET_MEDIA].iloc[0], events),
            mentions_section(mentions, queries.last_quarter(quarters)),
        ]
    return html.Div(
        [
            html.H1("Voice"),
            html.P(
                "How much of the coverage and of the search interest in the brands you track is yours. A brand "
                "whose share of voice runs ahead of its market share tends to grow; share of search tends to lead "
                "market share.",
                className="lede",
            ),
            *voice,
            share_of_search_section(warehouse, series, events),
        ]
    )


def no_mentions():
    return html.Div(
        className="no-data",
        id="voice-mentions-none",
        children=[
            html.P("No media mentions yet", className="no-data-title"),
            html.P(
                [
                    "Drop a Meltwater export, a Google Alerts feed (saved as .xml) or any tool's CSV of mentions "
                    "in the "
                    "inbox (for a CSV, map its columns under ",
                    html.Code("mentions_csv"),
                    " in the config), list the outlets that matter under ",
                    html.Code("target_media"),
                    ", and run ",
                    html.Code("demandgen refresh"),
                    ".",
                ]
            ),
        ],
    )


def share_of_voice_section(quarters, events):
    return html.Section(
        id="voice-share-of-voice",
        className="panel",
        children=[
            html.H2("Share of voice, per quarter"),
            html.P(
                "Each brand's share of the stories naming any tracked brand. A story naming two brands counts for "
                "both; copies of one story count once." + _so_far(quarters),
                className="muted",
            ),
            chart(figures.share_of_voice_figure(quarters, events=events), id="voice-share-of-voice-chart"),
            html.H3("In target media"),
            html.P(
                "The same, counting only stories in the outlets the config lists as target media.", className="muted"
            ),
            chart(
                figures.share_of_voice_figure(quarters, "target_share_of_voice_pct", events),
                id="voice-target-share-of-voice-chart",
            ),
        ],
    )


def target_media_section(quarters, benchmark, events):
    return html.Section(
        id="voice-target-media",
        className="panel",
        children=[
            html.H2("Your brand in target media, per quarter"),
            html.P(
                f"Stories naming your brand in the outlets your buyers read. "
                f"{benchmark['benchmark_text']}: the shaded band." + _so_far(quarters),
                className="muted",
            ),
            chart(figures.target_media_figure(quarters, benchmark, events), id="voice-target-media-chart"),
        ],
    )


def mentions_section(mentions, last_quarter):
    return html.Section(
        id="voice-mentions",
        className="panel",
        children=[
            html.H2("Stories naming your brand"),
            downloads.download_line("media_mentions", "mentions_per_quarter", id="voice-downloads"),
            mentions_table(mentions),
            html.H3("Every tracked brand's mentions last quarter"),
            competitors_table(last_quarter),
        ],
    )


def mentions_table(mentions):
    if mentions.empty:
        return html.P(
            "No story has named your brand yet; the competitors' have.", className="muted", id="voice-mentions-table"
        )
    rows = [
        [
            html.Span(day(row.published_at), className="nowrap"),
            outlet_cell(row.outlet, row.domain),
            [story_link(row.title, row.url), html.Div(_tools(row.source_tool), className="muted")],
            target_badge(row.is_target_media, row.media_tier),
            _text(row.sentiment).capitalize() or "—",
            f"{row.copies:,}",
        ]
        for row in mentions.itertuples(index=False)
    ]
    more = int(mentions["own_mentions"].iloc[0]) - len(mentions)
    return html.Div(
        [
            html.P(
                "Newest first. Copies: how many times the story was found (syndicated copies, or the same story from "
                "two tools), merged into one row.",
                className="muted",
            ),
            table(
                ["Published", "Outlet", "Story", "Target media", "Sentiment", "Copies"],
                rows,
                row_classes=["target-media" if target else "" for target in mentions["is_target_media"]],
                column_classes=["nowrap", "", "wide", "nowrap", "nowrap", "number"],
                id="voice-mentions-table",
            ),
            html.P(f"And {more:,} more, older.", className="muted table-note", id="voice-mentions-more")
            if more > 0
            else "",
        ]
    )


def outlet_cell(outlet, domain):
    """The outlet's name with its web address under it; the address alone when the name is missing or is
    the address."""
    outlet, domain = _text(outlet), _text(domain)
    if not outlet or outlet.lower() == domain.lower():
        return outlet or domain
    return [html.Div(outlet), html.Div(domain, className="muted")]


def story_link(title, url):
    """The story's title, linking to it in a new tab. Only web addresses become links: an export's odd
    value (a 'javascript:' address) stays text."""
    words = _text(title) or _text(url)
    url = _text(url)
    if not url.lower().startswith(("https://", "http://")):
        return html.Span(words)
    return html.A(words, href=url, target="_blank", rel="noopener", className="story-link")


def target_badge(is_target, tier):
    if not is_target:
        return ""
    # A word and a shape, not colour alone.
    words = "Target media" if pd.isna(tier) else f"Target · tier {int(tier)}"
    return html.Span(
        [html.Span("◆", className="status-icon", **{"aria-hidden": "true"}), words], className="target-badge"
    )


def competitors_table(last_quarter):
    first = last_quarter.iloc[0]
    when = quarter_name(first["quarter_start"])
    about = (
        f"{when}, the last complete quarter." if first["is_complete"] else f"{when} so far: no quarter is complete yet."
    )
    rows = [
        [
            row.brand + (" (your brand)" if row.is_own_brand else ""),
            f"{row.mentions:,}",
            f"{row.target_media_mentions:,}",
            _percent(row.share_of_voice_pct),
            _percent(row.target_share_of_voice_pct),
        ]
        for row in last_quarter.itertuples(index=False)
    ]
    return html.Div(
        [
            html.P(about, className="muted"),
            table(
                ["Brand", "Mentions", "In target media", "Share of voice", "Share in target media"],
                rows,
                row_classes=["own-brand" if own else "" for own in last_quarter["is_own_brand"]],
                column_classes=["", "number", "number", "number", "number"],
                id="voice-competitors-table",
            ),
        ]
    )


def share_of_search_section(warehouse, series, events):
    content = [
        html.P(
            "Each brand's share of the Google search interest in all the brands you track, from Google "
            "Trends downloads.",
            className="muted",
        )
    ]
    if series is None or series.empty:
        content = [
            html.Div(
                className="no-data",
                id="voice-share-of-search-none",
                children=[
                    html.P("No Google Trends data yet", className="no-data-title"),
                    html.P(
                        [
                            "Compare your brand's search term with your competitors' on Google Trends, "
                            "download the chart "
                            "(multiTimeline.csv), drop it in the inbox and run ",
                            html.Code("demandgen refresh"),
                            ".",
                        ]
                    ),
                ],
            )
        ]
    else:
        shown = series.iloc[0]
        adjective, period, periods = GRANULARITY_WORDS.get(
            shown["granularity"], (shown["granularity"], "period", "periods")
        )
        shares = queries.share_of_search(warehouse, shown["geo"], shown["granularity"])
        content += [
            html.P(
                f"{shown['geo']}, {adjective}, {day(shown['first_period_start'])} to {day(shown['last_period_end'])}.",
                className="muted",
                id="voice-share-of-search-about",
            ),
            chart(
                figures.share_of_search_figure(shares, shown["granularity"], events), id="voice-share-of-search-chart"
            ),
        ]
        if shown["below_one_periods"]:
            count = int(shown["below_one_periods"])
            content.append(
                html.P(
                    f"In {count} {period if count == 1 else periods} of the {shown['periods']:,}, a brand's interest "
                    'was below 1 on Trends\' scale ("<1"): it is counted as 0.5, so small shares there are rough.',
                    className="muted",
                    id="voice-share-of-search-below-one",
                )
            )
        if len(series) > 1:
            others = ", ".join(
                f"{row.geo} ({GRANULARITY_WORDS.get(row.granularity, (row.granularity,))[0]})"
                for row in series.iloc[1:].itertuples(index=False)
            )
            content.append(html.P(f"Also loaded, not charted: {others}.", className="muted"))
    return html.Section(
        id="voice-share-of-search",
        className="panel",
        children=[
            html.H2("Share of search"),
            *content,
        ],
    )


def _so_far(quarters) -> str:
    incomplete = quarters.loc[~quarters["is_complete"], "quarter_start"]
    if incomplete.empty:
        return ""
    return f' {quarter_name(incomplete.max())} is still under way: its figures are marked "so far".'


def _tools(source_tool) -> str:
    """Where a story was found: "Google Alerts, Meltwater" (a story merged from two tools names both)."""
    tools = (tool.strip() for tool in _text(source_tool).split(","))
    return ", ".join(SOURCE_TOOLS.get(tool, tool) for tool in tools if tool)


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def _percent(value) -> str:
    return format_value(value, "percent")
