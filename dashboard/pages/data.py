"""Data: every export the pipeline has seen, why any was turned away, channels that disagree, which
survey question was read as what, and the warehouse's tables as CSV downloads."""

import dash
import pandas as pd
from dash import html

from dashboard import downloads, queries
from dashboard.components import current_warehouse, day, no_data_message, table

dash.register_page(__name__, path="/data", name="Data", title="Data · Demand-gen health", order=5)

STATUS = {"loaded": "✔ Loaded", "duplicate": "= Duplicate, skipped", "rejected": "✖ Rejected"}
# What each survey question was used for, and the config setting that names it.
ROLES = {
    "unaided": ("Unaided awareness", "surveys.unaided_question"),
    "aided": ("Aided awareness", "surveys.aided_question"),
    "first_heard": ("Where they first heard", "surveys.first_heard_question"),
    "icp": ("Ideal customer profile", "surveys.icp"),
}
SURVEY_TOOLS = {
    "qualtrics": "Qualtrics",
    "surveymonkey": "SurveyMonkey",
    "typeform": "Typeform",
    "google_forms": "Google Forms",
}
# A nightly GA4 download alone is 365 files a year: past this many, the table lists the newest files and every
# rejected one, and the CSV has them all (a table of thousands of rows takes seconds to send and to read).
FILES_SHOWN = 100


def layout(**_query_string):
    warehouse = current_warehouse()
    try:
        files = queries.ingested_files(warehouse)
    except queries.NoDataYet as missing:
        return no_data_message(missing)
    try:
        disagreements = queries.channel_disagreements(warehouse)
    except queries.NoDataYet:
        disagreements = None  # a warehouse from before channels were checked
    try:
        questions = queries.survey_questions(warehouse)
    except queries.NoDataYet:
        questions = None  # a warehouse from before surveys were supported
    capped = queries.optional(queries.capped_search_days, warehouse)
    counts = queries.ingest_summary(files)
    return html.Div(
        [
            html.H1("Data"),
            html.P(
                "Every export dropped in the inbox, newest first. A rejected file changes nothing in the "
                "warehouse: fix it as its reason says and drop it again.",
                className="lede",
            ),
            html.Div(
                id="data-summary",
                className="summary",
                children=[
                    html.Div(
                        [html.Strong(f"{counts[status]:,}"), f" {label if counts[status] == 1 else plural}"],
                        className=f"summary-item status-{status}",
                    )
                    for status, label, plural in (
                        ("loaded", "file loaded", "files loaded"),
                        ("duplicate", "duplicate skipped", "duplicates skipped"),
                        ("rejected", "rejected", "rejected"),
                    )
                ],
            ),
            files_table(files) if len(files) else html.P("No files ingested yet.", className="muted"),
            *capped_days_section(capped),
            html.Section(
                id="data-channel-disagreements",
                className="section-gap",
                children=[
                    html.H2("Channel disagreements"),
                    html.P(
                        "Rows of GA4 exports whose channel differs from the one Google's default channel rules give "
                        "their source / medium. The traffic page counts the file's channel; fix the tagging or the "
                        "channel settings in GA4 if the rules' channel is the right one.",
                        className="muted",
                    ),
                    disagreements_table(disagreements),
                ],
            ),
            html.Section(
                id="data-survey-questions",
                className="section-gap",
                children=[
                    html.H2("Survey questions"),
                    html.P(
                        "Which question of each survey export was read as what. A question the config does not name is "
                        "guessed from its wording: check the guesses, and name the question in the config to be sure.",
                        className="muted",
                    ),
                    survey_questions_table(questions),
                ],
            ),
            downloads_section(),
        ]
    )


def downloads_section():
    return html.Section(
        id="data-downloads",
        className="section-gap",
        children=[
            html.H2("Download the data"),
            html.P(
                "Each table as the warehouse holds it now, as CSV for a spreadsheet. Text that a spreadsheet would "
                "take for a formula (starting with =, +, - or @) begins with an apostrophe, so it shows as text.",
                className="muted",
            ),
            html.Ul(
                className="downloads",
                children=[
                    html.Li([downloads.link(name), html.Span(f" {about}", className="muted")])
                    for name, (about, _) in downloads.DOWNLOADS.items()
                ],
            ),
        ],
    )


def capped_days_section(capped) -> list:
    """Days whose Search Console queries Google cut at its daily row cap (only when there are any)."""
    if capped is None or capped.empty:
        return []
    rows = [
        [site, f"{len(days):,}", ", ".join(day(d) for d in days["date"])]
        for site, days in capped.groupby("property", sort=True)
    ]
    return [
        html.Section(
            id="data-capped-days",
            className="section-gap",
            children=[
                html.H2("Search Console days at Google's row cap"),
                html.P(
                    "On these days the Search Console API gave as many query rows as it gives for a day, so Google "
                    "left the rarest queries out: their clicks and impressions count as anonymized, and the branded "
                    "and non-branded numbers of these days are a little low.",
                    className="muted",
                ),
                table(
                    ["Property", "Days", "Dates"],
                    rows,
                    column_classes=["nowrap", "number", "wide"],
                    id="data-capped-days-table",
                ),
            ],
        )
    ]


def disagreements_table(disagreements):
    if disagreements is None:
        return html.P(
            "Not computed yet: the next refresh checks every GA4 channel export against the rules.",
            className="muted",
            id="data-disagreements-table",
        )
    if disagreements.empty:
        return html.P(
            "None: every GA4 row's channel agrees with the default rules for its source / medium.",
            className="muted",
            id="data-disagreements-table",
        )
    rows = [
        [
            row.source_medium,
            _channel(row.channel_label, row.file_channel_group),
            row.rules_channel_group,
            "" if pd.isna(row.sessions) else f"{row.sessions:,}",
            _dates(row.period_start, row.period_end),
            [html.Div(row.source_file), html.Div(_text(row.property), className="muted")],
        ]
        for row in disagreements.itertuples(index=False)
    ]
    return table(
        ["Source / medium", "The file's channel", "GA4 rules' channel", "Sessions", "Dates", "File"],
        rows,
        column_classes=["nowrap", "nowrap", "nowrap", "number", "nowrap", "file"],
        id="data-disagreements-table",
    )


def survey_questions_table(questions):
    if questions is None or questions.empty:
        return html.P("No survey exports loaded yet.", className="muted", id="data-survey-questions-table")
    rows, row_classes = [], []
    for file_name, of_file in questions.groupby("file_name", sort=False):
        # The file is named on its first row only, so each file reads as one block.
        file_cell = [html.Div(file_name), html.Div(_survey_about(of_file), className="muted")]
        used = of_file[of_file["role"].notna()]
        if "unaided" not in set(used["role"]):
            what, setting = ROLES["unaided"]
            rows.append(
                [
                    file_cell,
                    what,
                    "None found: no awareness is counted from this file",
                    html.Span(["Set ", html.Code(setting), " in the config"], className="reason"),
                ]
            )
            row_classes.append("row-missing")
            file_cell = ""
        for question in used.itertuples(index=False):
            what, setting = ROLES.get(question.role, (question.role, "surveys"))
            rows.append(
                [
                    file_cell,
                    what,
                    [html.Div(question.question_text), html.Div(_text(question.question_id), className="muted")],
                    _chosen(question.chosen_by, setting),
                ]
            )
            row_classes.append("" if question.chosen_by == "config" else "row-guess")
            file_cell = ""
    return table(
        ["File", "Read as", "Question", "Chosen by"],
        rows,
        row_classes=row_classes,
        column_classes=["file", "nowrap", "wide", ""],
        id="data-survey-questions-table",
    )


def _survey_about(of_file) -> str:
    """The tool and survey a file came from: "Qualtrics · Brand tracker · 1 question not used"."""
    first = of_file.iloc[0]
    unused = int(of_file["role"].isna().sum())
    parts = [
        SURVEY_TOOLS.get(first["source_tool"], _text(first["source_tool"])),
        _text(first["survey"]),
        f"{unused} question{'' if unused == 1 else 's'} not used" if unused else "",
    ]
    return " · ".join(part for part in parts if part)


def _chosen(chosen_by, setting):
    if chosen_by == "config":
        return "✔ The config"
    # A guess reads differently from a choice: a word, a sign and the row's colour.
    return html.Span(["? A guess: set ", html.Code(setting), " in the config to choose it"], className="reason")


def _channel(label, group) -> str:
    """The file's own label, with the GA4 channel it was read as when the words differ."""
    label = _text(label)
    return group if not label or label == group else f"{label} (read as {group})"


def files_table(files):
    shown = files[(pd.RangeIndex(len(files)) < FILES_SHOWN) | (files["status"] == "rejected").to_numpy()]
    rows = [
        [
            f"{file.ingested_at:%Y-%m-%d %H:%M}",
            [html.Div(file.file_name), html.Div(_about(file), className="muted")],
            STATUS.get(file.status, file.status),
            "" if pd.isna(file.rows) else f"{file.rows:,}",
            _dates(getattr(file, "data_start", None), getattr(file, "data_end", None)),
            _reason(file),
        ]
        for file in shown.itertuples(index=False)
    ]
    listed = table(
        ["Received", "File", "Status", "Rows", "Dates covered", "Reason"],
        rows,
        row_classes=[f"row-{status}" for status in shown["status"]],
        column_classes=["nowrap", "file", "nowrap", "number", "nowrap", "wide"],
        id="data-files-table",
    )
    if len(shown) == len(files):
        return listed
    return html.Div(
        [
            listed,
            html.P(
                [
                    f"The newest {FILES_SHOWN:,} of {len(files):,} files, and every rejected one; ",
                    downloads.link("ingested_files"),
                    " lists them all.",
                ],
                className="muted table-note",
                id="data-files-more",
            ),
        ]
    )


def _reason(file):
    """The reason's line, and for a rejected file with more to say (a file not recognised: the exports the
    product reads, one a line), that detail folded under it."""
    reason = html.Span(_text(file.reason), className="reason")
    detail = _text(getattr(file, "detail", None))  # a warehouse from before the column has none
    if file.status != "rejected" or not detail:
        return reason
    return [
        reason,
        html.Details(
            [html.Summary("The exports this product reads"), html.Ul([html.Li(line) for line in detail.splitlines()])],
            className="reason-detail",
        ),
    ]


def _about(file) -> str:
    """What the file was recognised as, and for which site: "Search console ui export · sc-domain:..."."""
    kind = _text(file.detected_format).replace("_", " ").capitalize()
    return " · ".join(part for part in (kind, _text(getattr(file, "property", None))) if part)


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def _dates(start, end) -> str:
    return "" if pd.isna(start) or pd.isna(end) else f"{day(start)} → {day(end)}"
