"""Every survey export format: detected by content (never by name), parsed to hand-checked rows.

The fixtures under tests/fixtures/surveys/ are small exports shaped as each tool writes them
(Qualtrics' three header rows with a BOM and CRLF, SurveyMonkey's two header rows zipped in a CSV
folder, Typeform's `#` column and one column per choice, Google Forms' Timestamp). The expected
values below are read off those files by eye.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from orchestration.config import parse_config
from orchestration.ingest import surveys
from orchestration.ingest.detect import detect
from orchestration.ingest.inbox import Export, RejectedFile, discover, open_zip
from orchestration.ingest.landing import SIGNATURES, is_bundle

FIXTURES = Path(__file__).parent / "fixtures" / "surveys"
QUALTRICS = FIXTURES / "Brand tracker Q4 2025_October 17, 2025_09.12.csv"
SURVEYMONKEY = FIXTURES / "Brand awareness spring 2025.zip"
TYPEFORM = FIXTURES / "responses-Xy12AbCd-2026-04-20.csv"
GOOGLE_FORMS = FIXTURES / "Vendor awareness October 2026 (Responses) - Form Responses 1.csv"
CONFIG = parse_config({"brand": {"name": "Northwind Analytics", "terms": ["northwind"]}}, "test.yaml")


def dropped(tmp_path: Path, source: Path | bytes, name: str) -> Export:
    inbox = tmp_path / "inbox"
    inbox.mkdir(parents=True)
    target = inbox / name
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        shutil.copy(source, target)
    [export] = discover(inbox, is_bundle)
    open_zip(export)
    return export


def parsed(tmp_path: Path, source: Path | bytes, name: str):
    export = dropped(tmp_path, source, name)
    signature = detect(export, SIGNATURES)
    assert signature is not None, f"{name} was not recognised"
    return signature.format, surveys.parse(export, signature, CONFIG)


def rows(parsed_export, table: str) -> list[dict]:
    return parsed_export.tables[table].to_pylist()


@pytest.mark.parametrize(
    "source, expected_format, survey, tool, responses",
    [
        (QUALTRICS, "qualtrics_csv", "Brand tracker Q4 2025", "qualtrics", 14),
        (SURVEYMONKEY, "surveymonkey_csv", "Brand awareness spring 2025", "surveymonkey", 8),
        (TYPEFORM, "typeform_csv", "responses-Xy12AbCd-2026-04-20", "typeform", 7),
        (GOOGLE_FORMS, "google_forms_csv", "Vendor awareness October 2026", "google_forms", 7),
    ],
)
def test_each_tool_is_recognised_by_content_whatever_the_file_is_called(
    tmp_path, source, expected_format, survey, tool, responses
):
    fmt, by_its_name = parsed(tmp_path / "a", source, source.name)
    renamed = "download (1)" + source.suffix  # as a browser saves a second download
    fmt_renamed, _ = parsed(tmp_path / "b", source, renamed)
    assert fmt == fmt_renamed == expected_format
    assert by_its_name.property == survey
    response_rows = rows(by_its_name, surveys.RESPONSES)
    assert len(response_rows) == responses
    assert {r["source_tool"] for r in response_rows} == {tool}


def test_qualtrics_previews_tests_and_spam_are_not_respondents_and_unfinished_ones_are_marked(tmp_path):
    _, export = parsed(tmp_path, QUALTRICS, QUALTRICS.name)
    responses = {r["respondent_id"]: r for r in rows(export, surveys.RESPONSES)}
    assert Counter(r["response_type"] for r in responses.values()) == {
        "respondent": 11,
        "preview": 1,
        "spam": 1,
        "test": 1,
    }
    assert [rid for rid, r in responses.items() if not r["finished"]] == ["R_8h9I0j1K2l3M4n5"]
    first = responses["R_1a2B3c4D5e6F7g8"]
    assert (first["started_at"], first["submitted_at"]) == (
        datetime(2025, 10, 6, 9, 14, 2),
        datetime(2025, 10, 6, 9, 19, 40),
    )
    assert "not respondents: 1 preview, 1 spam, 1 test" in export.notes


def test_qualtrics_questions_take_their_tags_and_kinds_from_the_three_header_rows(tmp_path):
    _, export = parsed(tmp_path, QUALTRICS, QUALTRICS.name)
    questions = {q["question_id"]: (q["question_text"], q["kind"]) for q in rows(export, surveys.QUESTIONS)}
    # Only QID columns are questions: dates, status, IP address and language are the tool's own.
    assert questions == {
        "Q1": ("What is your role?", "choice"),
        "Q1_6_TEXT": ("What is your role? - Other - Text", "other_text"),
        "Q2": ("How many employees work at your company?", "choice"),
        "Q3": ("When you think of B2B marketing analytics software, which vendors come to mind?", "open_text"),
        "Q4": ("Which of these vendors have you heard of?", "choice"),
    }
    answers = {(a["respondent_id"], a["question_id"]): a["answer"] for a in rows(export, surveys.ANSWERS)}
    assert answers[("R_0j1K2l3M4n5O6p7", "Q3")] == "Nortwind\nContso\nSalesforce"  # a quoted line break kept
    assert answers[("R_2b3C4d5E6f7G8h9", "Q4")] == "Northwind Analytics,Contoso Metrics,Fabrikam Insights"
    assert ("R_1a2B3c4D5e6F7g8", "Q1_6_TEXT") not in answers  # empty cells are not answers


def test_surveymonkey_multi_select_columns_are_one_question_with_its_options(tmp_path):
    _, export = parsed(tmp_path, SURVEYMONKEY, SURVEYMONKEY.name)
    questions = rows(export, surveys.QUESTIONS)
    aided = [q for q in questions if q["question_id"] == "C13"]
    assert [q["choice"] for q in aided] == [
        "Northwind Analytics",
        "Contoso Metrics",
        "Fabrikam Insights",
        "Adatum Analytics",
        "None of these",
    ]
    assert {q["question_text"] for q in aided} == {"Which of these vendors have you heard of?"}
    kinds = {q["question_id"]: q["kind"] for q in questions if q["choice"] is None}
    assert kinds == {"C10": "choice", "C11": "choice", "C12": "open_text", "C18": "choice", "C18_other": "other_text"}
    ticked = {(a["respondent_id"], a["choice"]) for a in rows(export, surveys.ANSWERS) if a["question_id"] == "C13"}
    assert ("114720018", "Adatum Analytics") in ticked and ("114720018", "Contoso Metrics") not in ticked
    started = {r["respondent_id"]: r["started_at"] for r in rows(export, surveys.RESPONSES)}
    assert started["114720012"] == datetime(2025, 4, 7, 13, 2, 55)  # "04/07/2025 01:02:55 PM"


def test_typeform_choice_columns_are_recognised_by_holding_their_own_header(tmp_path):
    _, export = parsed(tmp_path, TYPEFORM, TYPEFORM.name)
    questions = rows(export, surveys.QUESTIONS)
    options = [q["choice"] for q in questions if q["kind"] == "choice_option"]
    assert options == ["Northwind Analytics", "Contoso Metrics", "Fabrikam Insights", "Adatum Analytics"]
    assert {q["question_id"] for q in questions if q["kind"] == "choice_option"} == {"C5"}
    assert [q["question_id"] for q in questions if q["kind"] == "other_text"] == ["C5_other"]
    # A response without a Submit Date was never submitted.
    unfinished = [r["respondent_id"] for r in rows(export, surveys.RESPONSES) if not r["finished"]]
    assert unfinished == ["f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1"]


def test_google_forms_responses_are_identified_by_their_timestamp(tmp_path):
    _, export = parsed(tmp_path, GOOGLE_FORMS, GOOGLE_FORMS.name)
    responses = rows(export, surveys.RESPONSES)
    assert responses[0]["respondent_id"] == "2026-10-06 15:25:00"
    assert responses[-1]["submitted_at"] == datetime(2026, 10, 13, 9, 2, 11)  # "10/13/2026 9:02:11": month first
    assert not export.notes  # 10/13 can only be month/day, so the order needed no guess


def forms_csv(*stamps: str, header: str = "Timestamp") -> bytes:
    lines = [f"{header},Which vendors come to mind?"] + [f"{s},Northwind" for s in stamps]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_day_first_dates_are_read_day_first_when_a_day_above_12_says_so(tmp_path):
    _, export = parsed(
        tmp_path, forms_csv("03/10/2026 10:00:00", "15/10/2026 11:30:00", header="Marca temporal"), "respuestas.csv"
    )
    assert [r["submitted_at"] for r in rows(export, surveys.RESPONSES)] == [
        datetime(2026, 10, 3, 10, 0),
        datetime(2026, 10, 15, 11, 30),
    ]


def test_dates_that_could_be_read_either_way_are_read_as_us_dates_and_the_load_says_so(tmp_path):
    _, export = parsed(tmp_path, forms_csv("03/10/2026 10:00:00", "04/10/2026 11:30:00"), "responses.csv")
    assert rows(export, surveys.RESPONSES)[0]["submitted_at"] == datetime(2026, 3, 10, 10, 0)
    assert any("month/day" in note and "no date in the file has a day above 12" in note for note in export.notes)


@pytest.mark.parametrize(
    "content, name, reason",
    [
        (
            forms_csv("10/13/2026 10:00:00", "13/10/2026 11:30:00"),
            "mixed.csv",
            "mixed.csv: Timestamp mixes day/month and month/day dates",
        ),
        (
            forms_csv("10/13/2026 10:00:00", "yesterday"),
            "words.csv",
            "words.csv row 3: Timestamp 'yesterday' is not a date",
        ),
        (
            forms_csv("02/30/2026 10:00:00"),
            "impossible.csv",
            "impossible.csv row 2: Timestamp '02/30/2026 10:00:00' is not a real date",
        ),
        (b"Timestamp,Which vendors come to mind?\r\n", "empty.csv", "empty.csv has no responses"),
        (
            b"Name,Timestamp\r\nAda,10/13/2026 10:00:00\r\n",
            "sheet.csv",
            "starts with the Timestamp column; this one starts with 'Name'",
        ),
    ],
)
def test_google_forms_files_that_cannot_be_read_are_rejected_naming_the_row(tmp_path, content, name, reason):
    export = dropped(tmp_path, content, name)
    with pytest.raises(RejectedFile) as rejected:
        surveys.parse(export, detect(export, SIGNATURES), CONFIG)
    assert reason in str(rejected.value)


def qualtrics_lines() -> list[str]:
    return QUALTRICS.read_bytes().decode("utf-8-sig").split("\r\n")


def test_a_qualtrics_export_missing_its_third_header_row_is_rejected_with_how_to_fix_it(tmp_path):
    lines = qualtrics_lines()
    export = dropped(tmp_path, "\r\n".join(lines[:2] + lines[3:]).encode(), "edited.csv")
    with pytest.raises(RejectedFile, match="three header rows .* export it again as CSV"):
        surveys.parse(export, detect(export, SIGNATURES), CONFIG)


def test_a_response_id_twice_in_one_file_is_rejected_naming_the_row(tmp_path):
    lines = qualtrics_lines()
    export = dropped(tmp_path, "\r\n".join(lines[:4] + lines[3:]).encode(), "doubled.csv")
    with pytest.raises(RejectedFile, match=r"doubled.csv row 5: response id 'R_1a2B3c4D5e6F7g8' was already at row 4"):
        surveys.parse(export, detect(export, SIGNATURES), CONFIG)


def test_a_qualtrics_status_this_product_does_not_know_is_not_counted_and_the_load_says_so(tmp_path):
    lines = qualtrics_lines()
    lines[4] = lines[4].replace("IP Address", "Hidden Status", 1)
    _, export = parsed(tmp_path, "\r\n".join(lines).encode(), "future.csv")
    types = Counter(r["response_type"] for r in rows(export, surveys.RESPONSES))
    assert types["unknown"] == 1
    assert any("Status unknown to this product: 'Hidden Status' (1)" in note for note in export.notes)


def test_a_typeform_header_starting_with_hash_is_a_header_not_a_comment(tmp_path):
    export = dropped(tmp_path, TYPEFORM, "typeform.csv")
    assert detect(export, SIGNATURES).format == "typeform_csv"
