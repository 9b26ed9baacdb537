"""Awareness: do more people in the ideal customer profile name the brand unprompted, year on year?

Every survey number here is a sample: each comes with its 95% interval, and a change is called real
only when its interval excludes no change. Nothing is added across brands or waves.
"""

import re
import unicodedata

import dash
import pandas as pd
from dash import html

from dashboard import downloads, figures, queries
from dashboard.components import (
    chart,
    current_warehouse,
    fieldwork_text,
    format_value,
    no_data_message,
    page_remembered,
    table,
)
from dashboard.wording import change_verdict, interval_text, wave_name

dash.register_page(__name__, path="/awareness", name="Awareness", title="Awareness · Demand-gen health", order=3)

METRIC = "unaided_awareness_yoy_change"
ICP = "respondents in your ideal customer profile"
MENTIONS_SHOWN = 25  # per table: past that, names are rare enough to wait for the next refresh


@page_remembered
def layout(**_query_string):
    warehouse = current_warehouse()
    try:
        scorecard = queries.scorecard(warehouse)
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    header = [
        html.H1("Awareness"),
        html.P(
            f"Unaided awareness is the share of {ICP} who name a brand when asked which come to mind, "
            "with no list to pick from. It grows when demand generation works. Surveys ask a sample, so "
            "every figure has a 95% interval: the range the true share most likely lies in.",
            className="lede",
        ),
    ]
    try:
        waves = queries.awareness_waves(warehouse)
        changes = queries.awareness_change(warehouse)
    except queries.NoDataYet:
        waves = None  # a warehouse refreshed before surveys were supported
    if waves is None or waves.empty:
        return html.Div([*header, no_survey_data()])
    benchmark = scorecard[scorecard["metric"] == METRIC]
    events = queries.optional(queries.events, warehouse)
    return html.Div(
        [
            *header,
            html.Section(
                id="awareness-changes",
                className="panel",
                children=[
                    html.H2("Change against a year earlier"),
                    html.P(
                        _healthy(benchmark) + "A change is real when its 95% interval excludes no change; when the "
                        "interval includes it, the difference could be who happened to answer.",
                        className="muted",
                    ),
                    html.Div([change_block(row) for _, row in changes.iterrows()], className="changes"),
                ],
            ),
            html.Section(
                id="awareness-unaided",
                className="panel",
                children=[
                    html.H2("Unaided awareness, per survey wave"),
                    html.P(f"Share of {ICP} naming each brand; the bars are 95% intervals.", className="muted"),
                    chart(figures.awareness_by_wave(waves, events=events), id="awareness-unaided-chart"),
                    downloads.download_line("awareness_waves", "awareness_change", id="awareness-downloads"),
                    *wave_tables(waves),
                ],
            ),
            aided_section(queries.optional(queries.aided_awareness_waves, warehouse), events),
            first_heard_section(queries.optional(queries.first_heard_channels, warehouse)),
            mentions_section(
                queries.optional(queries.awareness_mentions, warehouse, "unmatched"),
                queries.optional(queries.awareness_mentions, warehouse, "fuzzy"),
            ),
        ]
    )


def no_survey_data():
    return html.Div(
        className="no-data",
        id="awareness-none",
        children=[
            html.P("No survey data yet", className="no-data-title"),
            html.P(
                [
                    "Drop your brand survey's CSV export (Qualtrics, SurveyMonkey, Typeform or Google Forms) in the "
                    "inbox, point ",
                    html.Code("surveys.unaided_question"),
                    " in the config at the question that asks which brands come to mind, and run ",
                    html.Code("demandgen refresh"),
                    ".",
                ]
            ),
        ],
    )


def change_block(change):
    """One brand's latest wave against a year earlier, and whether the change is more than noise."""
    element_id = f"awareness-change-{slug(change['brand'])}"
    own = bool(change["is_own_brand"])
    title = [change["brand"], html.Span(" (your brand)", className="muted") if own else ""]
    verdict = change_verdict(change["is_comparable"], change["is_distinguishable"], change["reason"])
    if not change["is_comparable"]:
        body = [html.P(f"No change to judge: {verdict}", className="verdict", id=f"{element_id}-verdict")]
    else:
        interval = interval_text(change["change_ci_low_points"], change["change_ci_high_points"], "points")
        body = [
            html.P(
                className="headline",
                children=[
                    html.Strong(format_value(change["change_points"], "points")),
                    f" (95% interval {interval})",
                ],
            ),
            html.P(
                f"{_percent(change['awareness_pct'])} of {change['respondents']:,} in the "
                f"{wave_name(change['wave'])} wave, against {_percent(change['comparison_awareness_pct'])} of "
                f"{change['comparison_respondents']:,} in {wave_name(change['comparison_wave'])}.",
                className="muted",
            ),
            html.P(
                f"{verdict[0].upper()}{verdict[1:]}.",
                id=f"{element_id}-verdict",
                className=f"verdict {'noise-real' if change['is_distinguishable'] else 'noise-within'}",
            ),
        ]
    return html.Div(
        id=element_id,
        className="change own-brand" if own else "change",
        children=[
            html.H3(title),
            *body,
        ],
    )


def wave_tables(waves: pd.DataFrame) -> list:
    """A table per wave, newest first, own brand first in each."""
    newest_first = waves.sort_values(["wave_number", "is_own_brand", "brand"], ascending=[False, False, True])
    return [
        wave_table(wave, latest=n == 0) for n, (_, wave) in enumerate(newest_first.groupby("wave_number", sort=False))
    ]


def wave_table(wave: pd.DataFrame, latest: bool):
    """A wave's numbers, own brand first: the table behind its points on the chart. Earlier waves are
    folded away, so the latest one is read first."""
    first = wave.iloc[0]
    rows = [
        [
            row.brand + (" (your brand)" if row.is_own_brand else ""),
            f"{row.respondents:,}",
            f"{row.aware:,}",
            _percent(row.awareness_pct),
            interval_text(row.ci_low_pct, row.ci_high_pct, "percent"),
        ]
        for row in wave.itertuples(index=False)
    ]
    return html.Details(
        open=latest,
        className="wave",
        children=[
            html.Summary(f"{wave_name(first['wave'])} wave"),
            html.P(f"{fieldwork_text(first['fieldwork_start'], first['fieldwork_end'])}.", className="muted"),
            table(
                [
                    "Brand",
                    "Respondents in your ideal customer profile",
                    "Named the brand",
                    "Unaided awareness",
                    "95% interval",
                ],
                rows,
                row_classes=["own-brand" if own else "" for own in wave["is_own_brand"]],
                column_classes=["", "number", "number", "number", "number"],
                id=f"awareness-wave-{first['wave']}",
            ),
        ],
    )


def aided_section(aided, events):
    if aided is None or aided.empty:
        content = [
            html.P(
                [
                    "No aided question in the surveys yet. To chart it, set ",
                    html.Code("surveys.aided_question"),
                    ' in the config to the "which of these have you heard of?" question.',
                ],
                className="muted",
                id="awareness-aided-none",
            )
        ]
    else:
        content = [
            html.P(
                f"Share of {ICP} who recognise each brand from a list: how far the name has spread, where "
                "unaided awareness is who thinks of it first.",
                className="muted",
            ),
            chart(figures.awareness_by_wave(aided, "Aided awareness", events), id="awareness-aided-chart"),
        ]
    return html.Section(
        id="awareness-aided",
        className="panel",
        children=[
            html.H2("Aided awareness, per survey wave"),
            *content,
        ],
    )


def first_heard_section(channels):
    if channels is None or channels.empty:
        content = [
            html.P(
                [
                    "No first-heard question in the surveys yet. Set ",
                    html.Code("surveys.first_heard_question"),
                    ' in the config to the "how did you first hear about us?" question.',
                ],
                className="muted",
                id="awareness-first-heard-none",
            )
        ]
    else:
        first = channels.iloc[0]
        several = channels["respondents"].sum() > first["respondents_answering"]
        content = [
            html.P(
                f"{wave_name(first['wave'])} wave: {first['respondents_answering']:,} {ICP} answered."
                + (" Some gave more than one answer, so the shares add up to more than 100%." if several else ""),
                className="muted",
            ),
            chart(figures.first_heard_figure(channels), id="awareness-first-heard-chart"),
        ]
    return html.Section(
        id="awareness-first-heard",
        className="panel",
        children=[
            html.H2("Where people first heard of you"),
            *content,
        ],
    )


def mentions_section(unmatched, fuzzy):
    return html.Section(
        id="awareness-mentions",
        className="panel",
        children=[
            html.H2("Names respondents wrote"),
            html.P(
                "Respondents here are everyone who wrote the name, in your ideal customer profile or not.",
                className="muted",
            ),
            html.H3("Not matched to any brand"),
            html.P(
                [
                    "Answers that match no brand or competitor in the config, the most respondents first. If one is a "
                    "brand spelled another way, add it to that brand's ",
                    html.Code("misspellings"),
                    " in the config and refresh: its respondents then count as aware. If it is a competitor you do not "
                    "track yet, add it to ",
                    html.Code("competitors"),
                    ".",
                ],
                className="muted",
            ),
            mentions_table(
                unmatched,
                ["As a respondent wrote it", "Respondents", "Waves"],
                lambda row: [row.example, f"{row.respondents:,}", _waves(row)],
                "None: every answer matched a brand or competitor.",
                "awareness-unmatched",
            ),
            html.H3("Matched by spelling closeness"),
            html.P(
                [
                    "Answers close to a brand's name but not in the config, counted for that brand. Check them: add a "
                    "right one to the brand's ",
                    html.Code("misspellings"),
                    " to make it certain, a wrong one to its ",
                    html.Code("exclude"),
                    ".",
                ],
                className="muted",
            ),
            mentions_table(
                fuzzy,
                ["As a respondent wrote it", "Counted for", "Closest name in the config", "Respondents", "Waves"],
                lambda row: [row.example, row.brand, row.matched_term, f"{row.respondents:,}", _waves(row)],
                "None: every matched answer is a name or misspelling from the config.",
                "awareness-fuzzy",
            ),
        ],
    )


def mentions_table(mentions, headers, cells, when_none, element_id):
    if mentions is None or mentions.empty:
        return html.P(when_none, className="muted", id=element_id)
    rows = [cells(row) for row in mentions.head(MENTIONS_SHOWN).itertuples(index=False)]
    column_classes = [""] * (len(headers) - 2) + ["number", "nowrap"]
    more = len(mentions) - MENTIONS_SHOWN
    return html.Div(
        [
            table(headers, rows, column_classes=column_classes, id=element_id),
            html.P(f"And {more:,} more, each written by fewer respondents.", className="muted table-note")
            if more > 0
            else "",
        ]
    )


def slug(brand: str) -> str:
    """A brand name as an element id: "Zoë Analytics" -> "zoe-analytics"."""
    ascii_name = unicodedata.normalize("NFKD", brand).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _healthy(benchmark: pd.DataFrame) -> str:
    if benchmark.empty:
        return ""
    row = benchmark.iloc[0]
    return f"{row['benchmark_text']} for your brand. "


def _waves(row) -> str:
    """The waves a name was written in: "March 2026 to September 2026"."""
    first, last = (wave_name(wave) if isinstance(wave, str) else "" for wave in (row.first_wave, row.last_wave))
    return first if first == last or not last else f"{first} to {last}"


def _percent(value) -> str:
    return format_value(value, "percent")
