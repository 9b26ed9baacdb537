"""Survey exports: responses and answers from Qualtrics, SurveyMonkey, Typeform and Google Forms.

Every tool lands in three raw tables, long rather than wide, because every survey asks other
questions: who responded (`survey_responses`, with the tool's own id, dates, whether they
finished and whether they are a respondent at all), which questions the export has
(`survey_questions`, with what the tool says about each), and every non-empty answer
(`survey_answers`). Which question is the unaided one, who is in the ideal customer profile and
what the answers mention is decided in dbt from the config, so a config change relabels history.
Each parser raises RejectedFile with a reason a marketer can act on, naming the row and column.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..config import Config
from .detect import Signature, columns
from .inbox import Export, RejectedFile
from .parsed import Parsed, arrow_table
from .reading import cell, csv_records, decode_text, guess_delimiter, one_member
from .values import quoted, read_timestamps

FAMILY = "surveys"
RESPONSES, QUESTIONS, ANSWERS = "survey_responses", "survey_questions", "survey_answers"

RAW_TABLES: dict[str, list[tuple[str, str]]] = {
    RESPONSES: [
        ("survey", "VARCHAR"),  # the survey's name, from the file name (the CSVs do not say)
        ("source_tool", "VARCHAR"),  # 'qualtrics' | 'surveymonkey' | 'typeform' | 'google_forms'
        ("respondent_id", "VARCHAR"),  # the tool's response id; Google Forms has none (see below)
        ("started_at", "TIMESTAMP"),
        ("submitted_at", "TIMESTAMP"),
        ("finished", "BOOLEAN"),
        ("response_type", "VARCHAR"),  # 'respondent', or 'preview' / 'test' / 'spam' (not people)
        ("source_row", "BIGINT"),
    ],
    QUESTIONS: [
        ("question_id", "VARCHAR"),  # Qualtrics' export tag (Q4); elsewhere the column (C12), and
        # C12_other for the "Other (please specify)" text beside it
        ("question_text", "VARCHAR"),
        ("choice", "VARCHAR"),  # the option a one-column-per-choice column stands for
        ("kind", "VARCHAR"),  # what the tool says: 'open_text', 'choice', 'choice_option',
        # 'other_text', or 'unknown' (Typeform, Google Forms)
        ("position", "BIGINT"),
    ],  # 1-based column number in the file
    ANSWERS: [
        ("respondent_id", "VARCHAR"),
        ("question_id", "VARCHAR"),
        ("choice", "VARCHAR"),
        ("answer", "VARCHAR"),
        ("source_row", "BIGINT"),
    ],
}

QUALTRICS = "Qualtrics response export (CSV with three header rows)"
SURVEYMONKEY = "SurveyMonkey response export (CSV, all responses data)"
TYPEFORM = "Typeform responses download (CSV)"
GOOGLE_FORMS = "Google Forms responses (CSV downloaded from the responses sheet)"
# Google Sheets names the first column in the spreadsheet's language.
GOOGLE_TIMESTAMPS = (
    "Timestamp",
    "Marca temporal",
    "Zeitstempel",
    "Horodateur",
    "Horodatage",
    "Carimbo de data/hora",
    "Informazioni cronologiche",
    "Tijdstempel",
    "Sygnatura czasowa",
)
SIGNATURES = [
    Signature(
        "qualtrics_csv", FAMILY, frozenset({"csv"}), (columns("StartDate", "EndDate", "Status", "Finished"),), QUALTRICS
    ),
    Signature(
        "surveymonkey_csv",
        FAMILY,
        frozenset({"csv"}),
        (columns("Respondent ID", "Collector ID", "Start Date", "End Date"),),
        SURVEYMONKEY,
    ),
    Signature("typeform_csv", FAMILY, frozenset({"csv"}), (columns("#", "Submit Date (UTC)"),), TYPEFORM),
    *(
        Signature("google_forms_csv", FAMILY, frozenset({"csv"}), (columns(name),), GOOGLE_FORMS)
        for name in GOOGLE_TIMESTAMPS
    ),
]

# Qualtrics' Status, as text or as the numeric code "Use numeric values" exports write.
QUALTRICS_STATUS = {
    "ip address": "respondent",
    "0": "respondent",
    "imported": "respondent",
    "4": "respondent",
    "offline": "respondent",
    "16": "respondent",
    "survey preview": "preview",
    "1": "preview",
    "offline survey preview": "preview",
    "17": "preview",
    "survey test": "test",
    "2": "test",
    "spam": "spam",
    "8": "spam",
    "survey preview spam": "spam",
    "9": "spam",
    "imported spam": "spam",
    "12": "spam",
}
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}
# Metadata columns, not questions. Qualtrics' are recognised by their ImportId instead.
SURVEYMONKEY_META = {
    "respondent id",
    "collector id",
    "start date",
    "end date",
    "ip address",
    "email address",
    "first name",
    "last name",
    "custom data 1",
    "custom data",
}
TYPEFORM_META = {
    "#",
    "start date (utc)",
    "submit date (utc)",
    "network id",
    "tags",
    "response type",
    "stage",
    "ending",
    "score",
}
GOOGLE_META = {"email address", "score", "adresse e-mail", "e-mail-adresse", "dirección de correo electrónico"}
# What file names add around a survey's name: Qualtrics' "_October 7, 2025_14.03", Google Sheets'
# " (Responses) - Form Responses 1", a browser's " (1)".
NAME_SUFFIXES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r" \(\d+\)$",
        r"_[A-Z][a-z]+ \d{1,2}, \d{4}_\d{1,2}\.\d{2}$",
        r" \(responses\)( - form responses \d+)?$",
        r" - form responses \d+$",
    )
]


@dataclass
class _Column:
    position: int  # 0-based index in the row
    question_id: str
    question_text: str
    choice: str | None
    kind: str


# --- reading the file ---------------------------------------------------------------------------


def _rows(export: Export, member: str) -> list[list[str]]:
    text = decode_text(export.read(member), member)
    first = text.split("\n", 1)[0]
    return [cells for _, cells in csv_records(text, member, guess_delimiter(first))]


def survey_name(export: Export, member: str) -> str:
    stem = PurePosixPath(member if export.kind != "file" else export.name).stem
    changed = True
    while changed:
        before = stem
        for suffix in NAME_SUFFIXES:
            stem = suffix.sub("", stem)
        changed = stem != before
    return stem.strip() or PurePosixPath(export.name).stem


def _blank_column(rows: list[list[str]], i: int) -> bool:
    """A column with no header and no answer: one a spreadsheet added when the file was re-saved."""
    return not any(cell(row, i) for row in rows)


def _flag(value: str, member: str, row: int, column: str) -> bool:
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise RejectedFile(f"{member} row {row}: {column} {quoted(value)} is neither True nor False")


# --- one parser per tool: each returns the columns that are questions and one dict per response --


def _qualtrics(rows: list[list[str]], member: str) -> tuple[list[_Column], list[dict], list[str]]:
    tags = [h.strip() for h in rows[0]]
    if len(rows) < 3 or not cell(rows[2], 0).startswith("{"):
        raise RejectedFile(
            f"{member}: a Qualtrics export has three header rows (tags, question texts, "
            "ImportId); export it again as CSV without removing rows"
        )
    texts = rows[1]
    columns_: list[_Column] = []
    for i, tag in enumerate(tags):
        try:
            import_id = json.loads(cell(rows[2], i) or "{}").get("ImportId", "")
        except ValueError:
            raise RejectedFile(f'{member} row 3: column {tag} is not an ImportId like {{"ImportId":"QID1"}}') from None
        if not import_id.startswith("QID"):
            continue  # dates, status, location and embedded data: not questions
        text = cell(texts, i)
        kind = (
            "other_text"
            if re.fullmatch(r"QID\d+_\d+_TEXT", import_id)
            else "open_text"
            if import_id.endswith("_TEXT")
            else "choice"
        )
        text = re.sub(r" - Selected Choice$", "", text)
        columns_.append(_Column(i, tag, text, None, kind))
    index = {t.lower(): i for i, t in enumerate(tags)}  # older exports write ResponseID
    missing = [n for n in ("ResponseId", "StartDate", "EndDate", "Status", "Finished") if n.lower() not in index]
    if missing:
        raise RejectedFile(f"{member}: no {', '.join(sorted(missing))} column in the first header row")
    data = list(enumerate(rows[3:], start=4))
    started, note_a = read_timestamps([(r, cell(c, index["startdate"])) for r, c in data], member, "StartDate")
    ended, note_b = read_timestamps([(r, cell(c, index["enddate"])) for r, c in data], member, "EndDate")
    responses, unknown = [], Counter()
    for (row, cells), start, end in zip(data, started, ended):
        status = cell(cells, index["status"])
        kind = QUALTRICS_STATUS.get(status.lower())
        if kind is None:
            unknown[status] += 1
            kind = "unknown"
        responses.append(
            {
                "respondent_id": cell(cells, index["responseid"]),
                "started_at": start,
                "submitted_at": end,
                "response_type": kind,
                "source_row": row,
                "cells": cells,
                "finished": _flag(cell(cells, index["finished"]), member, row, "Finished"),
            }
        )
    notes = [n for n in (note_a, note_b) if n]
    if unknown:
        notes.append(
            "not counted, Status unknown to this product: "
            + ", ".join(f"{quoted(v)} ({n})" for v, n in sorted(unknown.items()))
        )
    return columns_, responses, notes


def _surveymonkey(rows: list[list[str]], member: str) -> tuple[list[_Column], list[dict], list[str]]:
    top = rows[0]
    sub = rows[1] if len(rows) > 1 else []
    if cell(sub, 0):
        raise RejectedFile(
            f"{member}: a SurveyMonkey export has two header rows (questions, then Response "
            "or option labels); row 2 starts with a value instead"
        )
    cols, question, qid = [], "", ""
    for i in range(len(top)):
        head, label = cell(top, i), cell(sub, i)
        if head.lower() in SURVEYMONKEY_META and not label or _blank_column(rows, i):
            continue
        if head:
            question, qid = head, f"C{i + 1}"
        if not question:
            continue
        if label in ("Response", ""):
            cols.append(_Column(i, qid, question, None, "choice" if label else "unknown"))
        elif label == "Open-Ended Response":
            cols.append(_Column(i, qid, question, None, "open_text"))
        elif label.startswith("Other (please specify)"):
            cols.append(_Column(i, f"{qid}_other", question, None, "other_text"))
        else:
            cols.append(_Column(i, qid, question, label, "choice_option"))
    index = {h.lower(): i for i, h in enumerate(cell(top, i) for i in range(len(top)))}
    data = list(enumerate(rows[2:], start=3))
    started, note_a = read_timestamps([(r, cell(c, index["start date"])) for r, c in data], member, "Start Date")
    ended, note_b = read_timestamps([(r, cell(c, index["end date"])) for r, c in data], member, "End Date")
    # SurveyMonkey exports completed responses unless asked for partial ones, and does not mark them.
    responses = [
        {
            "respondent_id": cell(cells, index["respondent id"]),
            "started_at": start,
            "submitted_at": end,
            "response_type": "respondent",
            "finished": True,
            "source_row": row,
            "cells": cells,
        }
        for (row, cells), start, end in zip(data, started, ended)
    ]
    return cols, responses, [n for n in (note_a, note_b) if n]


def _typeform(rows: list[list[str]], member: str) -> tuple[list[_Column], list[dict], list[str]]:
    header = [h.strip() for h in rows[0]]
    data = list(enumerate(rows[1:], start=2))
    cols: list[_Column] = []
    group: _Column | None = None
    for i, head in enumerate(header):
        if head.lower() in TYPEFORM_META or _blank_column(rows, i):
            group = None
            continue
        filled = {cell(cells, i) for _, cells in data} - {""}
        # A multiple-choice question is exported one column per choice, headed by the choice, each
        # cell holding it when chosen: the question's own title is not in the file.
        is_option = bool(filled) and filled == {head}
        if is_option:
            if group is None:
                group = _Column(i, f"C{i + 1}", "", None, "choice_option")
            cols.append(_Column(i, group.question_id, "", head, "choice_option"))
        elif group is not None and head.lower() == "other":
            cols.append(_Column(i, f"{group.question_id}_other", "", None, "other_text"))
            group = None
        else:
            group = None
            cols.append(_Column(i, f"C{i + 1}", head, None, "unknown"))
    # A group's title is its choices, which is how a user will recognise it.
    for qid in {c.question_id for c in cols if c.kind == "choice_option"}:
        title = "Choices: " + " / ".join(c.choice for c in cols if c.question_id == qid and c.choice)
        for c in cols:
            if c.question_id in (qid, f"{qid}_other"):
                c.question_text = title if c.kind == "choice_option" else f"{title} - Other"
    index = {h.lower(): i for i, h in enumerate(header)}
    submitted, note = read_timestamps(
        [(r, cell(c, index["submit date (utc)"])) for r, c in data], member, "Submit Date (UTC)"
    )
    started = (
        [None] * len(data)
        if "start date (utc)" not in index
        else read_timestamps([(r, cell(c, index["start date (utc)"])) for r, c in data], member, "Start Date (UTC)")[0]
    )
    responses = []
    for (row, cells), start, end in zip(data, started, submitted):
        partial = "response type" in index and cell(cells, index["response type"]).lower() == "partial"
        responses.append(
            {
                "respondent_id": cell(cells, index["#"]),
                "started_at": start,
                "submitted_at": end,
                "response_type": "respondent",
                "finished": end is not None and not partial,
                "source_row": row,
                "cells": cells,
            }
        )
    return cols, responses, [note] if note else []


def _google_forms(rows: list[list[str]], member: str) -> tuple[list[_Column], list[dict], list[str]]:
    header = [h.strip() for h in rows[0]]
    if header[0].lower() not in {t.lower() for t in GOOGLE_TIMESTAMPS}:
        raise RejectedFile(
            f"{member}: a Google Forms download starts with the Timestamp column; this one "
            f"starts with {quoted(header[0])}"
        )
    cols = [
        _Column(i, f"C{i + 1}", head, None, "unknown")
        for i, head in enumerate(header)
        if i and head.lower() not in GOOGLE_META and not _blank_column(rows, i)
    ]
    data = list(enumerate(rows[1:], start=2))
    stamps, note = read_timestamps([(r, cell(c, 0)) for r, c in data], member, header[0])
    # Forms keeps no response id: the timestamp (to the second) is the response's identity, so the
    # same form downloaded again later lands the same respondents under the same ids.
    seen: Counter = Counter()
    responses = []
    for (row, cells), stamp in zip(data, stamps):
        if stamp is None:
            raise RejectedFile(f"{member} row {row}: {header[0]} is empty")
        key = stamp.isoformat(sep=" ")
        seen[key] += 1
        responses.append(
            {
                "respondent_id": key if seen[key] == 1 else f"{key} #{seen[key]}",
                "started_at": None,
                "submitted_at": stamp,
                "response_type": "respondent",
                "finished": True,
                "source_row": row,
                "cells": cells,
            }
        )
    return cols, responses, [note] if note else []


PARSERS = {
    "qualtrics_csv": ("qualtrics", _qualtrics),
    "surveymonkey_csv": ("surveymonkey", _surveymonkey),
    "typeform_csv": ("typeform", _typeform),
    "google_forms_csv": ("google_forms", _google_forms),
}


def parse(export: Export, signature: Signature, config: Config) -> Parsed:
    member = one_member(export, signature.description)
    rows = _rows(export, member)
    tool, read = PARSERS[signature.format]
    question_columns, responses, notes = read(rows, member)
    if not responses:
        raise RejectedFile(f"{member} has no responses, only its header")
    if not question_columns:
        raise RejectedFile(f"{member} has no question columns, only the tool's own columns")
    width = len(rows[0])
    first_row: dict[str, int] = {}
    for r in responses:
        if not r["respondent_id"]:
            raise RejectedFile(f"{member} row {r['source_row']}: the response has no id")
        if r["respondent_id"] in first_row:
            raise RejectedFile(
                f"{member} row {r['source_row']}: response id {quoted(r['respondent_id'])} was "
                f"already at row {first_row[r['respondent_id']]}"
            )
        first_row[r["respondent_id"]] = r["source_row"]
        if len(r["cells"]) > width and any(c.strip() for c in r["cells"][width:]):
            raise RejectedFile(
                f"{member} row {r['source_row']}: {len(r['cells'])} cells under a header of "
                f"{width} columns; the file is damaged (a quote left open?)"
            )
        if r["submitted_at"] is None and r["started_at"] is None:
            raise RejectedFile(f"{member} row {r['source_row']}: the response has no date")

    survey = survey_name(export, member)
    questions = [
        {
            "question_id": c.question_id,
            "question_text": c.question_text,
            "choice": c.choice,
            "kind": c.kind,
            "position": c.position + 1,
        }
        for c in question_columns
    ]
    answers = [
        {
            "respondent_id": r["respondent_id"],
            "question_id": c.question_id,
            "choice": c.choice,
            "answer": r["cells"][c.position].strip(),
            "source_row": r["source_row"],
        }
        for r in responses
        for c in question_columns
        if c.position < len(r["cells"]) and r["cells"][c.position].strip()
    ]
    dates = [(r["submitted_at"] or r["started_at"]).date() for r in responses]
    counted = Counter(r["response_type"] for r in responses)
    not_people = {k: n for k, n in counted.items() if k != "respondent"}
    if not_people:
        notes.append("not respondents: " + ", ".join(f"{n} {k}" for k, n in sorted(not_people.items())))
    response_rows = [
        {
            "survey": survey,
            "source_tool": tool,
            **{
                k: r[k]
                for k in ("respondent_id", "started_at", "submitted_at", "finished", "response_type", "source_row")
            },
        }
        for r in responses
    ]
    return Parsed(
        {
            RESPONSES: arrow_table(RAW_TABLES[RESPONSES], response_rows),
            QUESTIONS: arrow_table(RAW_TABLES[QUESTIONS], questions),
            ANSWERS: arrow_table(RAW_TABLES[ANSWERS], answers),
        },
        survey,
        min(dates),
        max(dates),
        f"{tool}:responses",
        notes,
    )
