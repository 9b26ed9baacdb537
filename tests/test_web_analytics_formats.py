"""Every web analytics export format: detected by content (never by name), parsed to hand-counted rows.

The fixtures under tests/fixtures/web_analytics/ are small copies of what GA4 and Plausible write
(preambles, CRLF, missing final newlines kept byte for byte); Matomo's UTF-16 files are built here
from readable text. Each expected number below is summed by hand from those files, with the sum
written out. Rows land with the channel label or the source / medium as the file says it; which GA4
channel each is, dbt decides (its unit tests: dbt_project/models/intermediate/web/_web_unit_tests.yml).
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.config import parse_config
from orchestration.ingest import web_analytics
from orchestration.ingest.detect import detect
from orchestration.ingest.inbox import Export, RejectedFile, discover, open_zip
from orchestration.ingest.landing import SIGNATURES, ingest_inbox, is_bundle
from orchestration.ingest.parsed import Parsed
from tests.exports import MATOMO_TRANSLATED, matomo_bytes, zipped

FIXTURES = Path(__file__).parent / "fixtures" / "web_analytics"
SITE = "northwind-analytics.com"
GA4_PROPERTY = "Northwind Analytics - GA4"  # the fixtures' '# Property:' line
BRAND = {"name": "Northwind Analytics", "terms": ["northwind"]}
CONFIG = parse_config({"brand": BRAND, "web_analytics": {"property": SITE}}, "test.yaml")
CONFIG_WITHOUT_PROPERTY = parse_config({"brand": BRAND}, "test.yaml")
PLAUSIBLE_NAME = "Plausible export northwind-analytics.com 2025-09-01  to 2025-09-07 "


def dropped(tmp_path: Path, source: Path | bytes, name: str) -> Export:
    """`source` dropped alone into a fresh inbox as `name`, seen the way the inbox sees it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir(parents=True)
    target = inbox / name
    if isinstance(source, bytes):
        target.write_bytes(source)
    elif source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy(source, target)
    [export] = discover(inbox, is_bundle)
    open_zip(export)
    return export


def parsed(export: Export, config=CONFIG) -> tuple[str, Parsed]:
    signature = detect(export, SIGNATURES)
    assert signature is not None, f"{export.name} was not recognised"
    return signature.format, web_analytics.parse(export, signature, config)


def rows(result: Parsed) -> list[dict]:
    return result.tables[web_analytics.TABLE].to_pylist()


def by_label(result: Parsed, measure: str = "sessions") -> dict[str, float]:
    """Traffic per channel label, or per source / medium where the export gives no channel."""
    totals: Counter = Counter()
    for row in rows(result):
        totals[row["channel_label"] or row["source_medium"]] += row[measure]
    return dict(totals)


def rejection(export: Export, config=CONFIG) -> str:
    with pytest.raises(RejectedFile) as rejected:
        parsed(export, config)
    return str(rejected.value)


def edited(fixture: str, old: str, new: str) -> bytes:
    raw = (FIXTURES / fixture).read_bytes()
    assert old.encode() in raw
    return raw.replace(old.encode(), new.encode())


# --- GA4 report downloads -----------------------------------------------------------------------


def test_ga4_older_header_with_date_gives_one_row_per_channel_and_day(tmp_path):
    raw = (FIXTURES / "ga4_traffic_acquisition_daily.csv").read_bytes()
    assert b"\r\n" in raw and not raw.endswith(b"\n")  # as GA4 wrote it: CRLF, no final line break

    fmt, result = parsed(dropped(tmp_path, raw, "Queries.csv"))  # a misleading name changes nothing

    assert fmt == "ga4_ui_csv"
    assert by_label(result) == {
        "Organic Search": 302,  # 142+160
        "Direct": 137,  # 71+66
        "Referral": 25,
        "Organic Social": 19,
        "Unassigned": 3,
    }
    assert sum(by_label(result).values()) == 486  # 302+137+25+19+3
    assert sum(r["users"] for r in rows(result)) == 414  # Users: 118+64+131+22+59+17+3
    got = rows(result)
    assert all(r["period_start"] == r["period_end"] for r in got)
    assert sorted({r["period_start"] for r in got}) == [date(2025, 9, 1), date(2025, 9, 2), date(2025, 9, 3)]
    assert {(r["source_tool"], r["report"], r["channel_dimension"], r["traffic_unit"], r["section"]) for r in got} == {
        ("ga4", "ga4_ui_csv", "Session default channel group", "sessions", None)
    }
    assert [r["source_row"] for r in got] == [11, 12, 13, 14, 15, 16, 17]  # nine # lines and the header first
    assert (result.property, result.data_start, result.data_end, result.grain) == (
        GA4_PROPERTY,
        date(2025, 9, 1),
        date(2025, 9, 3),
        "ga4:daily:default_channel_group",
    )


def test_ga4_current_header_with_source_medium_keeps_both_the_channel_and_the_source_medium(tmp_path):
    fmt, result = parsed(dropped(tmp_path, FIXTURES / "ga4_traffic_acquisition_source_medium.csv", "report.txt"))

    assert fmt == "ga4_ui_csv"
    assert by_label(result) == {
        "Organic Search": 2558,  # "2,310" + 248
        "Direct": 1234,  # "1,234"
        "Referral": 118,
        "Organic Social": 85,
        "Email": 70,
        "Unassigned": 9,
    }
    assert sum(by_label(result).values()) == 4074  # 2558+1234+118+85+70+9
    # No Users column here: Active users is taken (GA4's UI "Users" is the same activeUsers metric).
    assert sum(r["users"] for r in rows(result)) == 3323  # 1845+1020+212+96+77+64+9
    got = rows(result)
    assert [(r["channel_label"], r["source_medium"]) for r in got] == [
        ("Organic Search", "google / organic"),
        ("Direct", "(direct) / (none)"),
        ("Organic Search", "bing / organic"),
        ("Referral", "chatgpt.com / referral"),
        ("Organic Social", "linkedin.com / referral"),
        ("Email", "newsletter / email"),
        ("Unassigned", "(not set)"),
    ]
    assert {(r["period_start"], r["period_end"]) for r in got} == {(date(2025, 9, 1), date(2025, 9, 30))}
    assert got[0]["channel_dimension"] == "Session primary channel group (Default Channel Group)"
    assert result.grain == "ga4:period:default_channel_group"


@pytest.mark.parametrize(
    ("fixture", "column", "key_events"),
    [
        ("ga4_traffic_acquisition_daily.csv", "Conversions", 12),  # 4+2+5+1+0+0+0
        ("ga4_traffic_acquisition_source_medium.csv", "Key events", 69.5),  # 38+21+4+3+1+2.5+0
    ],
)
def test_ga4_conversions_and_key_events_both_land_as_key_events(tmp_path, fixture, column, key_events):
    assert f",{column},".encode() in (FIXTURES / fixture).read_bytes()

    _, result = parsed(dropped(tmp_path, FIXTURES / fixture, "data.csv"))

    assert sum(r["key_events"] for r in rows(result)) == key_events


def test_ga4_exploration_grand_total_row_is_not_counted(tmp_path):
    _, result = parsed(dropped(tmp_path, FIXTURES / "ga4_exploration_grand_total.csv", "Free form 1.csv"))

    assert by_label(result) == {"Organic Search": 1730, "Direct": 890, "Referral": 310, "Paid Search": 190}
    assert sum(by_label(result).values()) == 3120  # 1730+890+310+190, the Grand total row's own 3120 left out
    assert sum(r["users"] for r in rows(result)) == 2412  # Total users: 1301+702+262+147
    assert "Grand total" not in {r["channel_label"] for r in rows(result)}
    assert (result.data_start, result.data_end) == (date(2025, 8, 1), date(2025, 8, 31))


def test_ga4_totals_row_with_an_empty_first_cell_is_not_counted(tmp_path):
    raw = edited("ga4_exploration_grand_total.csv", "Grand total,", ",")

    _, result = parsed(dropped(tmp_path, raw, "export.csv"))

    assert sum(by_label(result).values()) == 3120  # 1730+890+310+190


def test_ga4_custom_channel_group_with_ga4_channel_names(tmp_path):
    _, result = parsed(dropped(tmp_path, FIXTURES / "ga4_custom_channel_group.csv", "Sessions.csv"))

    assert by_label(result) == {"Organic Search": 511, "Direct": 244, "Paid Search": 97, "Unassigned": 5}
    assert sum(by_label(result).values()) == 857  # 511+244+97+5
    assert {r["channel_dimension"] for r in rows(result)} == {"Session Northwind channels"}
    assert result.grain == "ga4:period:session northwind channels"


def test_ga4_custom_channel_group_named_otherwise_is_recognised_by_its_labels(tmp_path):
    raw = edited("ga4_custom_channel_group.csv", "Session Northwind channels,", "Session Marketing mix,")

    _, result = parsed(dropped(tmp_path, raw, "export.csv"))

    assert sum(by_label(result).values()) == 857  # 511+244+97+5


def test_ga4_custom_channel_group_with_its_own_channel_names_is_rejected_naming_them(tmp_path):
    raw = edited("ga4_custom_channel_group.csv", "Paid Search,", "Partners,").replace(b"Unassigned,", b"Brand search,")

    message = rejection(dropped(tmp_path, raw, "channels.csv"))

    assert message.startswith(
        "channels.csv: the Session Northwind channels column has channels that are not GA4 "
        "default channel groups: 'Brand search', 'Partners';"
    )


def test_ga4_source_medium_only_lands_each_source_medium_as_exported(tmp_path):
    _, result = parsed(dropped(tmp_path, FIXTURES / "ga4_source_medium_only.csv", "report (4).csv"))

    assert by_label(result) == {
        "google / organic": 377,
        "(direct) / (none)": 171,
        "bing / organic": 44,
        "google / cpc": 70,
        "m.facebook.com / referral": 28,
        "newsletter / email": 21,
        "partner-site.com / referral": 13,
        "(not set)": 2,
    }
    assert sum(by_label(result).values()) == 726  # 377+171+44+70+28+21+13+2
    got = rows(result)
    assert {(r["channel_label"], r["channel_dimension"]) for r in got} == {(None, "Session source / medium")}
    assert result.grain == "ga4:period:source_medium"


def test_ga4_reports_snapshot_keeps_the_channel_table_and_notes_the_others(tmp_path):
    fmt, result = parsed(dropped(tmp_path, FIXTURES / "ga4_reports_snapshot.csv", "snapshot.csv"))

    assert fmt == "ga4_ui_csv"
    assert by_label(result) == {"Organic Search": 640, "Direct": 318, "Referral": 71, "Organic Social": 40}
    assert sum(by_label(result).values()) == 1069  # 640+318+71+40
    assert {r["section"] for r in rows(result)} == {"Sessions by Session primary channel group (Default Channel Group)"}
    assert {r["users"] for r in rows(result)} == {None}  # that table has Sessions only
    [note] = result.notes
    assert note.startswith("skipped sections: ")
    for title in (
        "Reports snapshot",
        "New users by First user primary channel group (Default Channel Group)",
        "Active users by Country",
    ):
        assert title in note
    assert (result.data_start, result.data_end) == (date(2025, 9, 1), date(2025, 9, 7))


def test_ga4_reports_snapshot_without_a_channel_table_is_rejected_listing_its_tables(tmp_path):
    text = (FIXTURES / "ga4_reports_snapshot.csv").read_text()
    channel_table = "Session primary channel group (Default Channel Group),Sessions\nOrganic Search,640\nDirect,318\n"
    assert channel_table in text
    without_sessions = text.replace(channel_table, "Device category,Sessions\ndesktop,640\nmobile,318\n")

    message = rejection(dropped(tmp_path, without_sessions.encode(), "snapshot.csv"))

    assert message.startswith(
        "snapshot.csv: none of its 4 tables is traffic by channel: Reports snapshot has no channel column"
    )
    assert "Sessions by Session primary channel group (Default Channel Group) has no channel column" in message
    assert "Active users by Country has no channel column" in message


def test_ga4_without_sessions_or_users_is_rejected_saying_what_was_expected_and_found(tmp_path):
    message = rejection(dropped(tmp_path, FIXTURES / "ga4_no_traffic_columns.csv", "traffic.csv"))

    assert message == (
        "traffic.csv: has no traffic column (expected Sessions or Users/Active users; found: Session primary channel "
        "group (Default Channel Group), Engaged sessions, Engagement rate, Average engagement time per session, "
        "Event count)"
    )


def test_ga4_user_acquisition_download_is_rejected_saying_why(tmp_path):
    raw = edited(
        "ga4_custom_channel_group.csv",
        "Session Northwind channels,Users,Sessions,",
        "First user primary channel group (Default Channel Group),Total users,New users,",
    )

    message = rejection(dropped(tmp_path, raw, "User acquisition.csv"))

    assert message.startswith(
        "User acquisition.csv: has a first-user channel column (First user primary channel "
        "group (Default Channel Group)), which counts users by how they first arrived;"
    )


def test_ga4_without_a_property_line_takes_the_configured_property_or_is_rejected(tmp_path):
    raw = edited("ga4_custom_channel_group.csv", "# Property: Northwind Analytics - GA4\r\n", "")

    _, result = parsed(dropped(tmp_path, raw, "export.csv"))
    assert result.property == SITE
    message = rejection(dropped(tmp_path / "again", raw, "export.csv"), CONFIG_WITHOUT_PROPERTY)
    assert message == (
        "export.csv has no '# Property:' line to say which website it measures; "
        "set web_analytics.property in the config"
    )


def test_ga4_without_its_date_lines_or_a_date_column_is_rejected(tmp_path):
    raw = edited("ga4_exploration_grand_total.csv", "# Start date: 20250801\r\n# End date: 20250831\r\n", "")

    message = rejection(dropped(tmp_path, raw, "export.csv"))

    assert message.startswith("export.csv: has neither a Date column nor the '# Start date' and '# End date' lines")


def test_ga4_bad_number_names_its_row_and_column(tmp_path):
    raw = edited("ga4_traffic_acquisition_daily.csv", "Referral,20250902,22,25,", "Referral,20250902,22,n/a,")

    message = rejection(dropped(tmp_path, raw, "export.csv"))

    assert message == "export.csv row 14: Sessions 'n/a' is not a number"


# --- GA4 Data API responses ---------------------------------------------------------------------


def test_ga4_api_response_with_date_and_channel(tmp_path):
    fmt, result = parsed(dropped(tmp_path, FIXTURES / "ga4_api_date_channel.json", "report (3).csv"))

    assert fmt == "ga4_api"
    assert by_label(result) == {
        "Organic Search": 302,  # 160+142
        "Direct": 71,
        "Referral": 25,
        "Unassigned": 4,
        "(not set)": 1,  # GA4's placeholder: dbt counts it as Unassigned
    }
    assert sum(by_label(result).values()) == 403  # 302+71+25+4+1
    assert sum(r["users"] for r in rows(result)) == 340  # activeUsers: 131+118+64+22+4+1
    assert sum(r["key_events"] for r in rows(result)) == 12  # 5+4+2+1+0+0
    got = rows(result)
    assert [r["channel_label"] for r in got][-2:] == ["Unassigned", "(not set)"]
    assert all(r["period_start"] == r["period_end"] for r in got)
    assert (result.property, result.data_start, result.data_end, result.grain) == (
        SITE,
        date(2025, 9, 1),
        date(2025, 9, 2),
        "ga4:daily:default_channel_group",
    )


def test_ga4_api_response_needs_the_configured_property(tmp_path):
    message = rejection(
        dropped(tmp_path, FIXTURES / "ga4_api_date_channel.json", "response.json"), CONFIG_WITHOUT_PROPERTY
    )

    assert message == (
        "GA4 Data API responses do not say which website they measure; set web_analytics.property in the config"
    )


def test_ga4_api_response_without_the_date_dimension_is_rejected(tmp_path):
    raw = (
        b'{"dimensionHeaders":[{"name":"sessionDefaultChannelGroup"}],"metricHeaders":[{"name":"sessions",'
        b'"type":"TYPE_INTEGER"}],"rows":[{"dimensionValues":[{"value":"Direct"}],"metricValues":[{"value":"7"}]}],'
        b'"rowCount":1,"kind":"analyticsData#runReport"}'
    )

    message = rejection(dropped(tmp_path, raw, "response.json"))

    assert message == (
        "response.json: has no date dimension, and a runReport response does not say which dates "
        "it covers; request it again with the 'date' dimension"
    )


# --- Plausible ----------------------------------------------------------------------------------

PLAUSIBLE_VISITORS = {
    "Organic Search": 301,
    "Direct": 162,
    "Referral": 58,
    "Organic Social": 31,
    "AI Assistants": 9,  # Plausible's own channel: dbt counts it as Referral, as GA4 would
}


def test_plausible_folder_lands_visitors_by_channel_for_the_days_in_visitors_csv(tmp_path):
    fmt, result = parsed(dropped(tmp_path, FIXTURES / "plausible_export", PLAUSIBLE_NAME))

    assert fmt == "plausible_export"
    assert by_label(result, "users") == PLAUSIBLE_VISITORS
    assert sum(by_label(result, "users").values()) == 561  # 301+162+58+31+9
    got = rows(result)
    assert {(r["traffic_unit"], r["sessions"], r["report"], r["channel_dimension"]) for r in got} == {
        ("visitors", None, "plausible_channels", "name")
    }
    assert [r["channel_label"] for r in got] == [
        "Organic Search",
        "Direct",
        "Referral",
        "Organic Social",
        "AI Assistants",
    ]
    assert (result.property, result.data_start, result.data_end, result.grain) == (
        SITE,
        date(2025, 9, 1),
        date(2025, 9, 7),
        "plausible:period:channel",
    )


def test_plausible_zip_takes_its_dates_from_visitors_csv_not_from_its_name(tmp_path):
    raw = (FIXTURES / "plausible_export" / "visitors.csv").read_bytes()
    assert raw.count(b"\r\n") == 8 and b",0,0,0,0.0,,\r\n" in raw  # CRLF; a day without visits has empty rates
    misdated = "Plausible export northwind-analytics.com 2025-08-01  to 2025-08-31 .zip"

    fmt, result = parsed(
        dropped(tmp_path, zipped(FIXTURES / "plausible_export", tmp_path), misdated), CONFIG_WITHOUT_PROPERTY
    )

    assert fmt == "plausible_export"
    assert by_label(result, "users") == PLAUSIBLE_VISITORS
    assert (result.property, result.data_start, result.data_end) == (SITE, date(2025, 9, 1), date(2025, 9, 7))


def test_plausible_zip_renamed_by_the_browser_takes_the_configured_property_or_is_rejected(tmp_path):
    raw = zipped(FIXTURES / "plausible_export", tmp_path)

    _, result = parsed(
        dropped(tmp_path / "one", raw, "download (2).zip"),
        parse_config({"brand": BRAND, "web_analytics": {"property": "www.northwind.example"}}, "t.yaml"),
    )
    assert result.property == "www.northwind.example"
    message = rejection(dropped(tmp_path / "two", raw, "download (2).zip"), CONFIG_WITHOUT_PROPERTY)
    assert message == (
        "the files of a Plausible export do not say which website they measure, and this one is not "
        "named 'Plausible export <domain> ...' as Plausible names its downloads; "
        "set web_analytics.property in the config"
    )


def test_plausible_older_export_with_sources_only_lands_each_source(tmp_path):
    folder = FIXTURES / "plausible_export_sources_only"
    assert not (folder / "channels.csv").exists()

    _, result = parsed(dropped(tmp_path, folder, PLAUSIBLE_NAME))

    assert by_label(result, "users") == {
        "Google": 280,
        "Direct / None": 162,
        "Bing": 21,
        "news.ycombinator.com": 40,
        "LinkedIn": 19,
        "github.com": 18,
        "Facebook": 12,
        "ChatGPT": 9,
    }
    assert sum(by_label(result, "users").values()) == 561  # 280+162+21+40+19+18+12+9
    got = rows(result)
    assert {(r["report"], r["channel_label"], r["traffic_unit"]) for r in got} == {
        ("plausible_sources", None, "visitors")
    }
    assert got[1]["source_medium"] == "Direct / None"
    assert (result.data_start, result.data_end) == (date(2025, 9, 1), date(2025, 9, 7))
    assert result.notes == ["no channels.csv (an older export): channels derived from sources.csv"]


def test_plausible_long_ranges_are_exported_by_month_and_end_with_the_last_month():
    days = [date(2025, 7, 1), date(2025, 8, 1), date(2025, 9, 1)]

    assert web_analytics.plausible_period(days, "visitors.csv") == (
        date(2025, 7, 1),
        date(2025, 9, 30),
        "visitors.csv has one row per month",
    )


# --- Matomo -------------------------------------------------------------------------------------

MATOMO_RAW_HEADER = [
    "date",
    "label",
    "nb_uniq_visitors",
    "nb_visits",
    "nb_actions",
    "nb_users",
    "max_actions",
    "sum_visit_length",
    "bounce_count",
    "nb_visits_converted",
    "bounce_rate",
    "nb_actions_per_visit",
    "avg_time_on_site",
    "conversion_rate",
]
MATOMO_VISITS = {
    "Search Engines": 190,  # 91+99
    "Direct Entry": 58,
    "Websites": 13,
    "Social Networks": 7,
    "Campaigns": 16,
}


@pytest.mark.parametrize(
    ("case", "table", "delimiter", "name"),
    [
        ("translated csv", MATOMO_TRANSLATED, ",", "export.csv"),
        ("raw column names", [MATOMO_RAW_HEADER] + MATOMO_TRANSLATED[1:], ",", "Referrers_getReferrerType.csv"),
        ("tsv", MATOMO_TRANSLATED, "\t", "Channel Type (1).tsv"),
    ],
)
def test_matomo_channel_type_export_with_dates(tmp_path, case, table, delimiter, name):
    raw = matomo_bytes(table, delimiter)
    assert raw.startswith(b"\xff\xfe") and not raw.endswith("\n".encode("utf-16-le"))

    fmt, result = parsed(dropped(tmp_path, raw, name))

    assert fmt == "matomo_channel_type"
    assert by_label(result) == MATOMO_VISITS
    assert sum(by_label(result).values()) == 284  # 190+58+13+7+16
    assert sum(r["users"] for r in rows(result)) == 259  # unique visitors: 84+51+12+90+7+15
    got = rows(result)
    assert {(r["source_tool"], r["report"], r["traffic_unit"], r["key_events"]) for r in got} == {
        ("matomo", "matomo_channel_type", "sessions", None)
    }
    assert [(r["period_start"], r["period_end"]) for r in got][2:4] == [
        (date(2025, 9, 1), date(2025, 9, 1)),
        (date(2025, 9, 2), date(2025, 9, 2)),
    ]
    assert got[0]["channel_dimension"] == table[0][1]
    assert [r["source_row"] for r in got] == [2, 3, 4, 5, 6, 7]
    assert (result.property, result.data_start, result.data_end, result.grain) == (
        SITE,
        date(2025, 9, 1),
        date(2025, 9, 2),
        "matomo:daily:channel_type",
    )


def test_matomo_export_without_the_date_column_is_rejected(tmp_path):
    single_period = [row[1:] for row in MATOMO_TRANSLATED]

    message = rejection(dropped(tmp_path, matomo_bytes(single_period), "export.csv"))

    assert message.startswith("export.csv: this Matomo export has no Date column, so the days it covers are unknown;")
    assert "period=day" in message


def test_matomo_export_needs_the_configured_property(tmp_path):
    message = rejection(dropped(tmp_path, matomo_bytes(MATOMO_TRANSLATED), "export.csv"), CONFIG_WITHOUT_PROPERTY)

    assert message == "Matomo exports do not say which website they measure; set web_analytics.property in the config"


def test_matomo_report_other_than_channel_type_is_rejected_naming_its_labels(tmp_path):
    websites = [MATOMO_TRANSLATED[0], ["2025-09-01", "news.example.com", "5", "6"] + ["0"] * 10]

    message = rejection(dropped(tmp_path, matomo_bytes(websites), "export.csv"))

    assert message.startswith("export.csv: labels 'news.example.com' are not Matomo channel types")


# --- landing ------------------------------------------------------------------------------------


def test_a_ga4_download_lands_in_the_raw_table_with_its_lineage(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "ga4_traffic_acquisition_daily.csv", inbox / "download.csv")
    con = duckdb.connect()

    report = ingest_inbox(con, inbox, CONFIG, "run1")

    assert report.loaded == [{"file": "download.csv", "format": "ga4_ui_csv", "rows": 7}]
    assert report.rejected == []
    landed = con.execute(
        "select sum(sessions), count(*), count(distinct load_id), min(source_file), min(source_sha256), "
        "count(ingested_at) from raw.web_analytics_channel_rows"
    ).fetchone()
    assert landed[:4] == (486, 7, 1, "download.csv")  # 142+71+160+25+66+19+3 sessions
    assert len(landed[4]) == 64 and landed[5] == 7
    assert con.execute(
        "select status, detected_format, property, data_start, data_end, grain from raw.ingested_files"
    ).fetchall() == [
        ("loaded", "ga4_ui_csv", GA4_PROPERTY, date(2025, 9, 1), date(2025, 9, 3), "ga4:daily:default_channel_group")
    ]


def test_a_warehouse_from_before_dbt_decided_channels_loses_the_channel_columns_and_keeps_its_rows(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "ga4_traffic_acquisition_daily.csv", inbox / "download.csv")
    con = duckdb.connect()
    # The raw table as ingest wrote it when it mapped channels itself, with a row it loaded then.
    con.execute("create schema raw")
    con.execute(
        "create table raw.web_analytics_channel_rows (property VARCHAR, source_tool VARCHAR, report VARCHAR, "
        "section VARCHAR, period_start DATE, period_end DATE, channel_dimension VARCHAR, channel_label VARCHAR, "
        "source_medium VARCHAR, channel_group VARCHAR, mapped_from_source_medium VARCHAR, sessions BIGINT, "
        "users BIGINT, key_events DOUBLE, traffic_unit VARCHAR, source_row BIGINT, load_id BIGINT, "
        "source_file VARCHAR, source_sha256 VARCHAR, ingested_at TIMESTAMP)"
    )
    con.execute(
        "insert into raw.web_analytics_channel_rows values ('site', 'ga4', 'ga4_api', null, date '2025-08-01', "
        "date '2025-08-01', 'sessionDefaultChannelGroup', 'Direct', null, 'Direct', null, 5, 4, null, 'sessions', "
        "1, 0, 'old.json', 'abc', timestamp '2025-08-02 00:00:00')"
    )

    report = ingest_inbox(con, inbox, CONFIG, "run1")

    assert report.loaded == [{"file": "download.csv", "format": "ga4_ui_csv", "rows": 7}]
    columns = [
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where table_name = "
            "'web_analytics_channel_rows' order by ordinal_position"
        ).fetchall()
    ]
    assert "channel_group" not in columns and "mapped_from_source_medium" not in columns
    assert con.execute(
        "select source_file, count(*), sum(sessions) from raw.web_analytics_channel_rows group by source_file "
        "order by source_file"
    ).fetchall() == [("download.csv", 7, 486), ("old.json", 1, 5)]  # 486: 142+71+160+25+66+19+3
