"""A small serving warehouse for the dashboard tests, written by hand.

The real pipeline builds the real warehouse; this one only has the `marts` tables the dashboard
reads, with a few rows whose sums the tests can check by hand. Northwind's data runs to
Wednesday 2026-11-18: four full weeks and a partial one in 2026, the same weeks 364 days
earlier in 2025, and an incomplete day (2026-11-19) that must never be charted. Web traffic
covers two sites, described above `web_traffic_rows`; brand surveys, three waves, are
described above `AWARENESS_WAVES`; media mentions and share of search above `MENTIONS_PER_QUARTER`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

PROPERTY = "sc-domain:northwind.example"
FIRST_DAY_THIS_YEAR = date(2026, 10, 19)  # a Monday
LAST_COMPLETE_DAY = date(2026, 11, 18)  # a Wednesday: the week of 2026-11-16 is partial
INCOMPLETE_DAY = date(2026, 11, 19)  # Search Console's freshest day, still filling in
YEAR = timedelta(days=364)  # 52 weeks, so weekdays line up

SCHEMA = """
create schema marts;
create table marts.scorecard (
    metric varchar, label varchar, period_start date, period_end date, value double, unit varchar,
    benchmark_low double, benchmark_high double, status varchar, explanation varchar, data_through date,
    comparison_start date, comparison_end date);
create table marts.branded_search_daily (
    date date, property varchar, segment varchar, clicks bigint, impressions bigint, is_complete boolean);
create table marts.branded_search_growth (
    time_window varchar, period_start date, period_end date, comparison_start date, comparison_end date,
    impressions bigint, comparison_impressions bigint, clicks bigint, comparison_clicks bigint,
    impressions_growth_pct double, clicks_growth_pct double);
create table marts.search_query_totals (
    property varchar, period_start date, period_end date, query varchar, segment varchar,
    clicks bigint, impressions bigint, source varchar);
create table marts.ingested_files (
    file_name varchar, sha256 varchar, detected_format varchar, status varchar, rows bigint, reason varchar,
    ingested_at timestamp, property varchar, data_start date, data_end date);
create table marts.benchmarks (
    metric varchar, label varchar, unit varchar, healthy_low double, healthy_high double, amber_low double,
    is_overridden boolean, source varchar);
create table marts.web_traffic_channels (
    property varchar, period_start date, period_end date, channel_group varchar, sessions bigint, users bigint,
    source_tool varchar, traffic_unit varchar, key_events double, is_complete boolean);
-- dbt's sums are HUGEINT, as here.
create table marts.direct_organic_share_monthly (
    property varchar, month_start date, month_end date, traffic_unit varchar, basis varchar,
    direct hugeint, organic hugeint, direct_organic hugeint, total hugeint, share_pct double);
create table marts.direct_organic_share (
    property varchar, time_window varchar, period_start date, period_end date, data_through date,
    traffic_unit varchar, basis varchar, direct hugeint, organic hugeint, total hugeint, share_pct double,
    is_measurable boolean);
create table marts.channel_disagreements (
    property varchar, period_start date, period_end date, source_medium varchar, channel_label varchar,
    file_channel_group varchar, rules_channel_group varchar, sessions hugeint, source_file varchar);
create table marts.awareness_waves (
    wave varchar, wave_number integer, brand varchar, is_own_brand boolean, fieldwork_start date,
    fieldwork_end date, respondents bigint, aware bigint, awareness_pct double, ci_low_pct double,
    ci_high_pct double);
create table marts.aided_awareness_waves as select * from marts.awareness_waves;
create table marts.awareness_change (
    brand varchar, is_own_brand boolean, wave varchar, fieldwork_start date, fieldwork_end date,
    respondents bigint, awareness_pct double, comparison_wave varchar, comparison_fieldwork_start date,
    comparison_fieldwork_end date, comparison_respondents bigint, comparison_awareness_pct double,
    change_points double, change_ci_low_points double, change_ci_high_points double, is_comparable boolean,
    is_distinguishable boolean, reason varchar);
create table marts.awareness_mentions (
    mention varchar, example varchar, brand varchar, match_kind varchar, matched_term varchar,
    respondents bigint, first_wave varchar, last_wave varchar);
create table marts.first_heard_channels (
    wave varchar, wave_number integer, answer varchar, respondents bigint, respondents_answering bigint,
    share_pct double);
create table marts.survey_questions (
    file_name varchar, survey varchar, source_tool varchar, question_id varchar, question_text varchar,
    role varchar, chosen_by varchar, position bigint);
create table marts.media_mentions (
    mention_id varchar, published_at timestamp, brand varchar, is_own_brand boolean, outlet varchar,
    domain varchar, url varchar, title varchar, is_target_media boolean, media_tier integer, sentiment varchar,
    source_tool varchar, copies bigint);
create table marts.mentions_per_quarter (
    quarter_start date, quarter_end date, brand varchar, is_own_brand boolean, mentions bigint,
    target_media_mentions bigint, share_of_voice_pct double, target_share_of_voice_pct double,
    is_complete boolean);
create table marts.share_of_search (
    period_start date, period_end date, granularity varchar, geo varchar, brand varchar, is_own_brand boolean,
    interest double, share_pct double, term varchar, source_file varchar, has_below_one boolean);
"""

SCORECARD = [
    (
        "branded_search_yoy_growth",
        "Branded search growth",
        date(2026, 10, 22),
        date(2026, 11, 18),
        24.6,
        "percent",
        20.0,
        40.0,
        "green",
        "Impressions of searches naming Northwind grew 24.6% on the same 28 days a year earlier: "
        "inside the healthy band, so demand for the brand is building.",
        date(2026, 11, 18),
        date(2025, 10, 23),
        date(2025, 11, 19),
    ),
    (
        "direct_organic_share",
        "Direct + organic share of traffic",
        date(2026, 10, 1),
        date(2026, 10, 31),
        56.3,
        "percent",
        50.0,
        None,
        "green",
        "Direct + Organic Search brought 56.3% of 3,689 sessions on Northwind - GA4 in October 2026.",
        date(2026, 11, 18),
        None,
        None,
    ),
    # The own brand's row of AWARENESS_CHANGE below: +6.5 points, above the +5 healthy floor.
    (
        "unaided_awareness_yoy_change",
        "Unaided awareness (YoY change)",
        date(2026, 9, 7),
        date(2026, 9, 25),
        6.5,
        "points",
        5.0,
        10.0,
        "green",
        "Unaided awareness of Northwind Analytics among respondents in your ideal customer profile went from "
        "20.0% to 26.5%, +6.5 points (95% interval +0.6 to +12.3 points). "
        "A real change: the interval excludes no change.",
        date(2026, 9, 25),
        date(2025, 9, 9),
        date(2025, 9, 26),
    ),
    # Q3 2026 of MENTIONS_PER_QUARTER below: 7 target-media mentions, inside the 5 to 10 band.
    (
        "target_media_mentions_per_quarter",
        "Target-media mentions (last quarter)",
        date(2026, 7, 1),
        date(2026, 9, 30),
        7.0,
        "count",
        5.0,
        10.0,
        "green",
        "Northwind Analytics was named 7 times in target media in Q3 2026: inside the healthy 5 to 10 a quarter.",
        date(2026, 11, 18),
        None,
        None,
    ),
    # Own share of voice Q3 2026 (36.0%) minus Q3 2025 (20.0%).
    (
        "share_of_voice",
        "Share of voice (YoY change)",
        date(2026, 7, 1),
        date(2026, 9, 30),
        16.0,
        "points",
        1.0,
        None,
        "green",
        "Northwind Analytics had 36.0% of the mentions of the 3 tracked brands in Q3 2026, against 20.0% in "
        "Q3 2025: +16.0 points.",
        date(2026, 11, 18),
        date(2025, 7, 1),
        date(2025, 9, 30),
    ),
    # From a two-year download the hand-made share_of_search rows below do not cover.
    (
        "share_of_search",
        "Share of search (YoY change)",
        date(2025, 11, 1),
        date(2026, 10, 31),
        4.0,
        "points",
        1.0,
        None,
        "green",
        "The brand drew 38.0% of the search interest in the 3 tracked brands (Worldwide) in the 12 months to "
        "October 2026, against 34.0% the 12 months before: +4.0 points.",
        date(2026, 10, 31),
        date(2024, 11, 1),
        date(2025, 10, 31),
    ),
]

GROWTH = [
    (
        "trailing_28_days",
        date(2026, 10, 22),
        date(2026, 11, 18),
        date(2025, 10, 23),
        date(2025, 11, 19),
        33_640,
        27_000,
        3_364,
        2_800,
        24.6,
        20.1,
    ),
    (
        "last_complete_quarter",
        date(2026, 7, 1),
        date(2026, 9, 30),
        date(2025, 7, 2),
        date(2025, 10, 1),
        101_200,
        88_000,
        10_120,
        None,
        15.0,
        None,
    ),
]

QUERY_TOTALS = [
    # The most recent UI export: the one the top-queries table must use.
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind analytics", "branded", 420, 5_100, "ui_export"),
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind", "branded", 310, 6_400, "ui_export"),
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind login", "branded", 150, 900, "ui_export"),
    (PROPERTY, date(2026, 8, 21), date(2026, 11, 18), "northwind pricing", "branded", 95, 1_300, "ui_export"),
    (
        PROPERTY,
        date(2026, 8, 21),
        date(2026, 11, 18),
        "b2b marketing dashboard",
        "non_branded",
        900,
        40_000,
        "ui_export",
    ),
    # An older UI export and a daily rollup, both to be ignored while the newer export exists.
    (PROPERTY, date(2026, 5, 1), date(2026, 7, 29), "northwind careers", "branded", 5_000, 9_000, "ui_export"),
    (PROPERTY, date(2026, 10, 19), date(2026, 11, 18), "northwind api", "branded", 7_000, 8_000, "daily_rollup"),
]

# One brand survey export per wave, oldest first: Qualtrics, SurveyMonkey, Typeform.
SURVEY_FILES = ["Brand_tracker_September_2025.csv", "Brand tracker March 2026.csv", "brand-tracker-sep-2026.csv"]

INGESTED_FILES = [
    (
        "Dates.csv",
        "a1" * 32,
        "search_console_ui_export",
        "loaded",
        90,
        None,
        "2026-11-19 02:00:05",
        PROPERTY,
        date(2026, 8, 21),
        date(2026, 11, 18),
    ),
    (
        "searchdata_site_impression.csv",
        "b2" * 32,
        "search_console_bulk_site",
        "loaded",
        1_240,
        None,
        "2026-11-19 02:00:07",
        PROPERTY,
        date(2024, 10, 21),
        date(2026, 11, 19),
    ),
    (
        "Dates (1).csv",
        "a1" * 32,
        "search_console_ui_export",
        "duplicate",
        0,
        "Same file as Dates.csv, already loaded",
        "2026-11-19 02:00:09",
        PROPERTY,
        None,
        None,
    ),
    # The three survey waves' exports (see AWARENESS_WAVES), loaded before the Search Console files.
    (
        SURVEY_FILES[0],
        "d4" * 32,
        "qualtrics_csv",
        "loaded",
        512,
        None,
        "2026-11-19 02:00:01",
        None,
        date(2025, 9, 9),
        date(2025, 9, 26),
    ),
    (
        SURVEY_FILES[1],
        "e5" * 32,
        "surveymonkey_csv",
        "loaded",
        310,
        None,
        "2026-11-19 02:00:02",
        None,
        date(2026, 3, 2),
        date(2026, 3, 20),
    ),
    (
        SURVEY_FILES[2],
        "f6" * 32,
        "typeform_csv",
        "loaded",
        498,
        None,
        "2026-11-19 02:00:03",
        None,
        date(2026, 9, 7),
        date(2026, 9, 25),
    ),
    (
        "Pages.csv",
        "c3" * 32,
        None,
        "rejected",
        0,
        "Search Console 'Pages' export without dates: export the Dates and Queries tabs instead",
        "2026-11-19 02:00:11",
        None,
        None,
        None,
    ),
]


BENCHMARKS = [
    ("branded_search_yoy_growth", "Branded search growth (YoY)", "percent", 20.0, 40.0, 0.0, False, "Practitioners"),
    ("direct_organic_share", "Direct + organic share of traffic", "percent", 50.0, None, 40.0, False, "Practitioners"),
    (
        "target_media_mentions_per_quarter",
        "Target-media mentions per quarter",
        "count",
        5.0,
        10.0,
        3.0,
        False,
        "Practitioners",
    ),
    ("share_of_voice", "Share of voice (YoY change)", "points", 1.0, None, -1.0, False, "Practitioners"),
    ("share_of_search", "Share of search (YoY change)", "points", 1.0, None, -1.0, False, "Binet"),
]

# --- web traffic ------------------------------------------------------------------------------------
#
# Two sites. Northwind's GA4 property, in sessions: August 2026 as one month export only, September
# both day by day and as a month export (the days win; the export is never added to them), October
# and November day by day to 2026-11-18, plus the still-filling 2026-11-19. The docs site on
# Plausible, in visitors (Plausible counts no sessions per channel): two month exports, more traffic
# than the GA4 site but listed after it, as visitors and sessions are not the same thing.
GA4 = "Northwind - GA4"
DOCS = "docs.northwind.example"
# Sessions per day, per channel. September: 58 of 110 a day = 52.73%; October/November 67 of 119 = 56.30%.
SEPTEMBER_DAY = {"Direct": 32, "Organic Search": 26, "Paid Search": 30, "Referral": 12, "Email": 8, "Organic Social": 2}
OCTOBER_DAY = {"Direct": 37, "Organic Search": 30, "Paid Search": 28, "Referral": 14, "Email": 9, "Unassigned": 1}
# August, one export of the whole month: 1,600 of 3,400 = 47.06%.
AUGUST_MONTH = {"Direct": 900, "Organic Search": 700, "Paid Search": 1_100, "Referral": 400, "Email": 300}
# A September month export whose numbers must never show up (the daily rows cover every day).
SEPTEMBER_MONTH_IGNORED = {"Direct": 1, "Organic Search": 1, "Paid Search": 5_000}
# The docs site in visitors: September 2,700 of 3,500 = 77.14%; October 3,200 of 4,000 = 80.0%.
DOCS_SEPTEMBER = {"Direct": 700, "Organic Search": 2_000, "Referral": 600, "Organic Social": 200}
DOCS_OCTOBER = {"Direct": 800, "Organic Search": 2_400, "Referral": 500, "Organic Social": 300}

DIRECT_ORGANIC_MONTHLY = [
    (GA4, date(2026, 8, 1), date(2026, 8, 31), "sessions", "period", 900, 700, 1_600, 3_400, 47.06),
    (GA4, date(2026, 9, 1), date(2026, 9, 30), "sessions", "daily", 30 * 32, 30 * 26, 30 * 58, 30 * 110, 52.73),
    (GA4, date(2026, 10, 1), date(2026, 10, 31), "sessions", "daily", 31 * 37, 31 * 30, 31 * 67, 31 * 119, 56.3),
    (DOCS, date(2026, 9, 1), date(2026, 9, 30), "visitors", "period", 700, 2_000, 2_700, 3_500, 77.14),
    (DOCS, date(2026, 10, 1), date(2026, 10, 31), "visitors", "period", 800, 2_400, 3_200, 4_000, 80.0),
]

DIRECT_ORGANIC_WINDOWS = [
    (
        GA4,
        "last_complete_month",
        date(2026, 10, 1),
        date(2026, 10, 31),
        date(2026, 11, 18),
        "sessions",
        "daily",
        31 * 37,
        31 * 30,
        31 * 119,
        56.3,
        True,
    ),
    (
        GA4,
        "trailing_28_days",
        date(2026, 10, 22),
        date(2026, 11, 18),
        date(2026, 11, 18),
        "sessions",
        "daily",
        28 * 37,
        28 * 30,
        28 * 119,
        56.3,
        True,
    ),
    # The docs site has no daily data, so no trailing 28 days row.
    (
        DOCS,
        "last_complete_month",
        date(2026, 10, 1),
        date(2026, 10, 31),
        date(2026, 10, 31),
        "visitors",
        "period",
        800,
        2_400,
        4_000,
        80.0,
        True,
    ),
]

CHANNEL_DISAGREEMENTS = [
    (
        GA4,
        date(2026, 10, 1),
        date(2026, 10, 31),
        "linkedin.com / referral",
        "Referral",
        "Referral",
        "Organic Social",
        42,
        "Traffic_acquisition_Session_source_medium.csv",
    ),
]

# --- brand surveys ----------------------------------------------------------------------------------
#
# Three waves of the same brand tracker, counted among respondents in the ideal customer profile:
# September 2025 (400), March 2026 (250), September 2026 (400). Northwind Analytics is the own brand;
# Contoso Metrics and Fabrikam Insights are the competitors. September 2026 against September 2025:
# Northwind +6.5 points, a real change; Contoso +1.5, within noise (its interval includes 0);
# Fabrikam -5.0, a real fall.
#
# Wilson 95% intervals, z = 1.96 (z² = 3.8416) for x aware of n respondents:
#   centre = (x + 1.9208) / (n + 3.8416), half width = 1.96 / (n + 3.8416) × √(x(n − x)/n + 0.9604),
# written in percent to two decimals, each row's arithmetic beside it.
OWN_BRAND = "Northwind Analytics"
CONTOSO = "Contoso Metrics"
FABRIKAM = "Fabrikam Insights"
WAVES = [  # wave, wave_number, fieldwork_start, fieldwork_end, respondents
    ("2025-09", 1, date(2025, 9, 9), date(2025, 9, 26), 400),
    ("2026-03", 2, date(2026, 3, 2), date(2026, 3, 20), 250),
    ("2026-09", 3, date(2026, 9, 7), date(2026, 9, 25), 400),
]
UNAIDED = {  # brand: [(aware, awareness_pct, ci_low_pct, ci_high_pct) per wave, oldest first]
    OWN_BRAND: [
        (80, 20.0, 16.37, 24.20),  # 81.9208 / 403.8416 = .20285 ± .0048534 × √(64.00 + .9604) = .03912
        (55, 22.0, 17.31, 27.54),  # 56.9208 / 253.8416 = .22424 ± .0077213 × √(42.90 + .9604) = .05114
        (106, 26.5, 22.41, 31.03),  # 107.9208 / 403.8416 = .26724 ± .0048534 × √(77.91 + .9604) = .04310
    ],
    CONTOSO: [
        (60, 15.0, 11.83, 18.83),  # 61.9208 / 403.8416 = .15333 ± .0048534 × √(51.00 + .9604) = .03498
        (40, 16.0, 11.98, 21.05),  # 41.9208 / 253.8416 = .16515 ± .0077213 × √(33.60 + .9604) = .04539
        (66, 16.5, 13.18, 20.45),  # 67.9208 / 403.8416 = .16819 ± .0048534 × √(55.11 + .9604) = .03634
    ],
    FABRIKAM: [
        (48, 12.0, 9.17, 15.55),  # 49.9208 / 403.8416 = .12361 ± .0048534 × √(42.24 + .9604) = .03190
        (25, 10.0, 6.87, 14.35),  # 26.9208 / 253.8416 = .10605 ± .0077213 × √(22.50 + .9604) = .03740
        (28, 7.0, 4.89, 9.93),  # 29.9208 / 403.8416 = .07409 ± .0048534 × √(26.04 + .9604) = .02522
    ],
}
# Aided ("which of these have you heard of?") was asked from March 2026 on: no row for the first wave.
AIDED = {
    OWN_BRAND: [
        None,
        (125, 50.0, 43.85, 56.15),  # 126.9208 / 253.8416 = .50000 ± .0077213 × √(62.50 + .9604) = .06151
        (220, 55.0, 50.10, 59.80),  # 221.9208 / 403.8416 = .54952 ± .0048534 × √(99.00 + .9604) = .04852
    ],
    CONTOSO: [
        None,
        (150, 60.0, 53.82, 65.88),  # 151.9208 / 253.8416 = .59849 ± .0077213 × √(60.00 + .9604) = .06029
        (232, 58.0, 53.11, 62.74),  # 233.9208 / 403.8416 = .57924 ± .0048534 × √(97.44 + .9604) = .04814
    ],
    FABRIKAM: [
        None,
        (90, 36.0, 30.30, 42.12),  # 91.9208 / 253.8416 = .36212 ± .0077213 × √(57.60 + .9604) = .05909
        (128, 32.0, 27.62, 36.72),  # 129.9208 / 403.8416 = .32171 ± .0048534 × √(87.04 + .9604) = .04553
    ],
}

# Newcombe's 95% interval for the change d = p1 − p0 (p1 September 2026, p0 September 2025) from the
# Wilson ends (l, u) above: low = d − √((p1 − l1)² + (u0 − p0)²), high = d + √((u1 − p1)² + (p0 − l0)²).
CHANGES = {  # brand: (change_points, change_ci_low_points, change_ci_high_points, is_distinguishable)
    OWN_BRAND: (6.5, 0.64, 12.30, True),  # 6.5 − √(4.09² + 4.20²); 6.5 + √(4.53² + 3.63²): excludes 0
    CONTOSO: (1.5, -3.57, 6.56, False),  # 1.5 − √(3.32² + 3.83²); 1.5 + √(3.95² + 3.17²): includes 0
    FABRIKAM: (-5.0, -9.13, -0.93, True),  # −5.0 − √(2.11² + 3.55²); −5.0 + √(2.93² + 2.83²): excludes 0
}

# Every distinct name respondents wrote, in its normalized form, with how it was matched.
AWARENESS_MENTIONS = [
    ("northwind", "Northwind", OWN_BRAND, "term", "northwind", 198, "2025-09", "2026-09"),
    ("north wind", "North Wind", OWN_BRAND, "misspelling", "north wind", 12, "2025-09", "2026-09"),
    ("nortwind", "Nortwind!", OWN_BRAND, "fuzzy", "northwind", 5, "2026-03", "2026-09"),
    ("contoso", "Contoso", CONTOSO, "term", "contoso", 150, "2025-09", "2026-09"),
    ("contosso metrics", "Contosso Metrics", CONTOSO, "fuzzy", "contoso metrics", 3, "2026-09", "2026-09"),
    ("fabrikam", "fabrikam", FABRIKAM, "term", "fabrikam", 95, "2025-09", "2026-09"),
    ("acme analytics", "ACME Analytics", None, "unmatched", None, 9, "2025-09", "2026-09"),
    ("hubspot", "HubSpot", None, "unmatched", None, 14, "2025-09", "2026-09"),
    ("nwa", "NWA", None, "unmatched", None, 2, "2026-09", "2026-09"),
]

# "How did you first hear about us?": the latest wave (shares of 106 who answered) and an older one
# that the page must not show.
FIRST_HEARD_CHANNELS = [
    ("2026-09", 3, "Search engine", 40, 106, 37.74),  # 40 / 106
    ("2026-09", 3, "Colleague or friend", 30, 106, 28.30),  # 30 / 106
    ("2026-09", 3, "LinkedIn", 20, 106, 18.87),  # 20 / 106
    ("2026-09", 3, "Podcast", 16, 106, 15.09),  # 16 / 106
    ("2026-03", 2, "Trade show", 30, 55, 54.55),
    ("2026-03", 2, "Search engine", 25, 55, 45.45),
]

# Which question of each file was used for what. The March 2026 SurveyMonkey file's unaided question
# did not match the config's wording, so the pipeline guessed it.
SURVEY_QUESTIONS = [
    (SURVEY_FILES[0], "Brand tracker", "qualtrics", "Q1", "What is your role?", "icp", "config"),
    (SURVEY_FILES[0], "Brand tracker", "qualtrics", "Q2", "What is your company size?", "icp", "config"),
    (
        SURVEY_FILES[0],
        "Brand tracker",
        "qualtrics",
        "Q4",
        "Which marketing analytics tools come to mind?",
        "unaided",
        "config",
    ),
    (SURVEY_FILES[0], "Brand tracker", "qualtrics", "Q9", "Anything else you would like to tell us?", None, None),
    (SURVEY_FILES[1], "Brand tracker March 2026", "surveymonkey", "4", "What is your role?", "icp", "config"),
    (SURVEY_FILES[1], "Brand tracker March 2026", "surveymonkey", "5", "Company size", "icp", "config"),
    (
        SURVEY_FILES[1],
        "Brand tracker March 2026",
        "surveymonkey",
        "6",
        "Which marketing analytics vendors can you name?",
        "unaided",
        "guess",
    ),
    (
        SURVEY_FILES[1],
        "Brand tracker March 2026",
        "surveymonkey",
        "7",
        "Which of these have you heard of?",
        "aided",
        "config",
    ),
    (
        SURVEY_FILES[1],
        "Brand tracker March 2026",
        "surveymonkey",
        "8",
        "How did you first hear about Northwind Analytics?",
        "first_heard",
        "config",
    ),
    (SURVEY_FILES[2], "Brand tracker", "typeform", "role", "What is your role?", "icp", "config"),
    (SURVEY_FILES[2], "Brand tracker", "typeform", "size", "What is your company size?", "icp", "config"),
    (
        SURVEY_FILES[2],
        "Brand tracker",
        "typeform",
        "unaided",
        "Which marketing analytics tools come to mind?",
        "unaided",
        "config",
    ),
    (SURVEY_FILES[2], "Brand tracker", "typeform", "aided", "Which of these have you heard of?", "aided", "config"),
    (
        SURVEY_FILES[2],
        "Brand tracker",
        "typeform",
        "heard",
        "How did you first hear about Northwind Analytics?",
        "first_heard",
        "config",
    ),
]


# --- media mentions and share of search ---------------------------------------------------------------
#
# Six quarters of mentions of the three surveyed brands, Q3 2025 to Q4 2026; Q4 2026 runs to 2026-11-18
# and is not complete. Fabrikam had no mention in Q1 2026, so it has no row that quarter (a 0).
# Shares are of all three brands' mentions that quarter, worked out beside each quarter.
Q = {  # quarter: (quarter_start, quarter_end)
    "Q3 2025": (date(2025, 7, 1), date(2025, 9, 30)),
    "Q4 2025": (date(2025, 10, 1), date(2025, 12, 31)),
    "Q1 2026": (date(2026, 1, 1), date(2026, 3, 31)),
    "Q2 2026": (date(2026, 4, 1), date(2026, 6, 30)),
    "Q3 2026": (date(2026, 7, 1), date(2026, 9, 30)),
    "Q4 2026": (date(2026, 10, 1), date(2026, 12, 31)),
}
MENTIONS_PER_QUARTER = {  # quarter: {brand: (mentions, target_media_mentions, share %, target share %)}
    # 20 mentions, 8 in target media: 4/20, 10/20, 6/20; 2/8, 5/8, 1/8
    "Q3 2025": {OWN_BRAND: (4, 2, 20.0, 25.0), CONTOSO: (10, 5, 50.0, 62.5), FABRIKAM: (6, 1, 30.0, 12.5)},
    # 20, 8: 5/20, 9/20, 6/20; 3/8, 4/8, 1/8
    "Q4 2025": {OWN_BRAND: (5, 3, 25.0, 37.5), CONTOSO: (9, 4, 45.0, 50.0), FABRIKAM: (6, 1, 30.0, 12.5)},
    # 15, 8: 6/15, 9/15; 4/8, 4/8. Fabrikam: no row.
    "Q1 2026": {OWN_BRAND: (6, 4, 40.0, 50.0), CONTOSO: (9, 4, 60.0, 50.0)},
    # 20, 10: 8/20, 8/20, 4/20; 6/10, 3/10, 1/10
    "Q2 2026": {OWN_BRAND: (8, 6, 40.0, 60.0), CONTOSO: (8, 3, 40.0, 30.0), FABRIKAM: (4, 1, 20.0, 10.0)},
    # 25, 10: 9/25, 11/25, 5/25; 7/10, 3/10, 0/10
    "Q3 2026": {OWN_BRAND: (9, 7, 36.0, 70.0), CONTOSO: (11, 3, 44.0, 30.0), FABRIKAM: (5, 0, 20.0, 0.0)},
    # So far, 8, 4: 4/8, 3/8, 1/8; 3/4, 1/4, 0/4: the stories of MEDIA_MENTIONS.
    "Q4 2026": {OWN_BRAND: (4, 3, 50.0, 75.0), CONTOSO: (3, 1, 37.5, 25.0), FABRIKAM: (1, 0, 12.5, 0.0)},
}

# The stories of the quarter so far, Q4 2026 (earlier quarters' stories are left out: the page lists the
# newest). One row per story and brand it names: the TechCrunch story names Northwind and Contoso.
# The own brand's, newest first: MarTech (tier 2), TechCrunch (a target without a tier), a blog that is
# not a target, Marketing Week (tier 1).
MEDIA_MENTIONS = [
    (
        "m1",
        "2026-11-12 09:31:00",
        OWN_BRAND,
        True,
        "MarTech",
        "martech.org",
        "https://martech.org/northwind-analytics-raises-series-b/",
        "Northwind Analytics raises Series B to bring brand metrics to B2B marketers",
        True,
        2,
        "positive",
        "google_alerts, meltwater",
        3,
    ),  # three copies, found by two tools
    (
        "m2",
        "2026-11-03 16:00:00",
        OWN_BRAND,
        True,
        "TechCrunch",
        "techcrunch.com",
        "https://techcrunch.com/2026/11/03/analytics-startups-brand/",
        "Analytics start-ups bet on brand: Northwind and Contoso",
        True,
        None,
        "neutral",
        "google_alerts",
        1,
    ),
    (
        "m2",
        "2026-11-03 16:00:00",
        CONTOSO,
        False,
        "TechCrunch",
        "techcrunch.com",
        "https://techcrunch.com/2026/11/03/analytics-startups-brand/",
        "Analytics start-ups bet on brand: Northwind and Contoso",
        True,
        None,
        "neutral",
        "google_alerts",
        1,
    ),
    (
        "m3",
        "2026-10-20 08:15:00",
        OWN_BRAND,
        True,
        None,
        "growthnotes.example",
        "https://growthnotes.example/why-we-switched-to-northwind",
        "Why we switched to Northwind & never looked back",
        False,
        None,
        None,
        "mentions_csv",
        1,
    ),
    (
        "m4",
        "2026-10-02 14:05:11",
        OWN_BRAND,
        True,
        "Marketing Week",
        "marketingweek.com",
        "https://www.marketingweek.com/brand-measurement-b2b/",
        "The B2B brands measuring what matters",
        True,
        1,
        "positive",
        "meltwater",
        2,
    ),
    (
        "m5",
        "2026-10-28 11:00:00",
        CONTOSO,
        False,
        "SaaS Weekly",
        "saasweekly.example",
        "https://saasweekly.example/contoso-pricing",
        "Contoso Metrics changes its pricing",
        False,
        None,
        "negative",
        "meltwater",
        1,
    ),
    (
        "m6",
        "2026-10-09 10:00:00",
        CONTOSO,
        False,
        "Data Digest",
        "datadigest.example",
        "https://datadigest.example/contoso-hires",
        "Contoso Metrics hires a CMO",
        False,
        None,
        "neutral",
        "google_alerts",
        1,
    ),
    (
        "m7",
        "2026-10-15 12:30:00",
        FABRIKAM,
        False,
        "Insights Daily",
        "insightsdaily.example",
        "https://insightsdaily.example/fabrikam",
        "Fabrikam Insights opens a London office",
        False,
        None,
        "positive",
        "meltwater",
        1,
    ),
]

# Google Trends, three series: Worldwide by month (August to October 2026) and by week (four weeks of
# October), the United States by week (six weeks) and the United Kingdom by week (one week). Worldwide
# is charted; of its two, the months cover the longer span. October's Fabrikam value was '<1', counted
# as 0.5. Shares are interest / the period's sum over the brands.
SHARE_OF_SEARCH_MONTHS = {  # month_start: {brand: interest}
    date(2026, 8, 1): {OWN_BRAND: 30, CONTOSO: 50, FABRIKAM: 20},  # sum 100: 30.0, 50.0, 20.0
    date(2026, 9, 1): {OWN_BRAND: 36, CONTOSO: 48, FABRIKAM: 16},  # sum 100: 36.0, 48.0, 16.0
    date(2026, 10, 1): {OWN_BRAND: 44, CONTOSO: 55, FABRIKAM: 0.5},  # sum 99.5: 44.22, 55.28, 0.50
}
SHARE_OF_SEARCH_WEEKS = {  # geo: (first Sunday, weeks, {brand: interest each week})
    "Worldwide": (date(2026, 10, 4), 4, {OWN_BRAND: 40, CONTOSO: 60}),
    "United States": (date(2026, 10, 4), 6, {OWN_BRAND: 25, CONTOSO: 75}),
    "United Kingdom": (date(2026, 10, 4), 1, {OWN_BRAND: 50, CONTOSO: 50}),
}


def mentions_per_quarter_rows() -> list[tuple]:
    """Rows of `marts.mentions_per_quarter`: every quarter but the last is complete."""
    return [
        (*Q[quarter], brand, brand == OWN_BRAND, *counts, quarter != "Q4 2026")
        for quarter, brands in MENTIONS_PER_QUARTER.items()
        for brand, counts in brands.items()
    ]


def share_of_search_rows() -> list[tuple]:
    """Rows of `marts.share_of_search` (see SHARE_OF_SEARCH_MONTHS and SHARE_OF_SEARCH_WEEKS)."""

    def period(start, end, granularity, geo, interest, source_file, below_one=False):
        total = sum(interest.values())
        return [
            (
                start,
                end,
                granularity,
                geo,
                brand,
                brand == OWN_BRAND,
                value,
                100.0 * value / total,
                brand.split()[0].lower(),
                source_file,
                below_one,
            )
            for brand, value in interest.items()
        ]

    rows = []
    for start, interest in SHARE_OF_SEARCH_MONTHS.items():
        end = date(start.year, start.month + 1, 1) - timedelta(days=1)
        rows += period(start, end, "month", "Worldwide", interest, "multiTimeline.csv", 0.5 in interest.values())
    for geo, (first, weeks, interest) in SHARE_OF_SEARCH_WEEKS.items():
        for n in range(weeks):
            start = first + timedelta(weeks=n)
            rows += period(start, start + timedelta(days=6), "week", geo, interest, f"multiTimeline ({geo}).csv")
    return rows


def awareness_wave_rows(by_brand: dict[str, list]) -> list[tuple]:
    """Rows of `marts.awareness_waves` (UNAIDED) or `marts.aided_awareness_waves` (AIDED)."""
    return [
        (wave, number, brand, brand == OWN_BRAND, start, end, respondents, *counts)
        for brand, per_wave in by_brand.items()
        for (wave, number, start, end, respondents), counts in zip(WAVES, per_wave)
        if counts
    ]


def awareness_change_rows() -> list[tuple]:
    """Rows of `marts.awareness_change`: the latest wave against the one a year before it."""
    (wave, _, start, end, respondents), (earlier, _, earlier_start, earlier_end, earlier_respondents) = (
        WAVES[2],
        WAVES[0],
    )
    return [
        (
            brand,
            brand == OWN_BRAND,
            wave,
            start,
            end,
            respondents,
            UNAIDED[brand][2][1],
            earlier,
            earlier_start,
            earlier_end,
            earlier_respondents,
            UNAIDED[brand][0][1],
            change,
            low,
            high,
            True,
            distinguishable,
            None,
        )
        for brand, (change, low, high, distinguishable) in CHANGES.items()
    ]


def web_traffic_rows() -> list[tuple]:
    """Rows of `marts.web_traffic_channels` (see the comment above for what they hold)."""

    def ga4(start, end, channels, complete=True):
        return [
            (GA4, start, end, channel, sessions, sessions - 1, "ga4", "sessions", 0.0, complete)
            for channel, sessions in channels.items()
        ]

    rows = ga4(date(2026, 8, 1), date(2026, 8, 31), AUGUST_MONTH)
    rows += ga4(date(2026, 9, 1), date(2026, 9, 30), SEPTEMBER_MONTH_IGNORED)
    day = date(2026, 9, 1)
    while day <= LAST_COMPLETE_DAY:
        rows += ga4(day, day, SEPTEMBER_DAY if day.month == 9 else OCTOBER_DAY)
        day += timedelta(days=1)
    rows += ga4(INCOMPLETE_DAY, INCOMPLETE_DAY, {"Direct": 3, "Paid Search": 90}, complete=False)
    for start, end, channels in (
        (date(2026, 9, 1), date(2026, 9, 30), DOCS_SEPTEMBER),
        (date(2026, 10, 1), date(2026, 10, 31), DOCS_OCTOBER),
    ):
        rows += [
            (DOCS, start, end, channel, None, visitors, "plausible", "visitors", None, True)
            for channel, visitors in channels.items()
        ]
    return rows


def daily_rows() -> list[tuple]:
    """Rows of `marts.branded_search_daily`: both years, three segments, plus one incomplete day."""
    rows = []
    for year_offset, base in ((YEAR, 800), (timedelta(0), 1_000)):
        day = FIRST_DAY_THIS_YEAR - year_offset
        n = 0
        while day <= LAST_COMPLETE_DAY - year_offset:
            branded = base + 10 * n
            rows.append((day, PROPERTY, "branded", branded // 10, branded, True))
            rows.append((day, PROPERTY, "non_branded", 100 + n, 5_000 + n, True))
            rows.append((day, PROPERTY, "anonymized", 7, 300, True))
            day += timedelta(days=1)
            n += 1
    rows.append((INCOMPLETE_DAY, PROPERTY, "branded", 1, 50, False))
    rows.append((INCOMPLETE_DAY, PROPERTY, "non_branded", 2, 90, False))
    return rows


def build_dashboard_warehouse(path: str | Path) -> Path:
    """Write the warehouse to `path` and close it, as the nightly publish step leaves it."""
    path = Path(path)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA)
        con.executemany("insert into marts.scorecard values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", SCORECARD)
        con.executemany("insert into marts.branded_search_daily values (?, ?, ?, ?, ?, ?)", daily_rows())
        con.executemany("insert into marts.branded_search_growth values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", GROWTH)
        con.executemany("insert into marts.search_query_totals values (?, ?, ?, ?, ?, ?, ?, ?)", QUERY_TOTALS)
        con.executemany("insert into marts.ingested_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", INGESTED_FILES)
        con.executemany("insert into marts.benchmarks values (?, ?, ?, ?, ?, ?, ?, ?)", BENCHMARKS)
        con.executemany(
            "insert into marts.web_traffic_channels values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", web_traffic_rows()
        )
        con.executemany(
            "insert into marts.direct_organic_share_monthly values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            DIRECT_ORGANIC_MONTHLY,
        )
        con.executemany(
            "insert into marts.direct_organic_share values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", DIRECT_ORGANIC_WINDOWS
        )
        con.executemany(
            "insert into marts.channel_disagreements values (?, ?, ?, ?, ?, ?, ?, ?, ?)", CHANNEL_DISAGREEMENTS
        )
        con.executemany(
            "insert into marts.awareness_waves values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", awareness_wave_rows(UNAIDED)
        )
        con.executemany(
            "insert into marts.aided_awareness_waves values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            awareness_wave_rows(AIDED),
        )
        con.executemany(
            "insert into marts.awareness_change values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            awareness_change_rows(),
        )
        con.executemany("insert into marts.awareness_mentions values (?, ?, ?, ?, ?, ?, ?, ?)", AWARENESS_MENTIONS)
        con.executemany("insert into marts.first_heard_channels values (?, ?, ?, ?, ?, ?)", FIRST_HEARD_CHANNELS)
        # Each question's column number: its place among its file's rows above.
        positions = [
            sum(1 for earlier in SURVEY_QUESTIONS[:i] if earlier[0] == q[0]) + 1 for i, q in enumerate(SURVEY_QUESTIONS)
        ]
        con.executemany(
            "insert into marts.survey_questions values (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*q, position) for q, position in zip(SURVEY_QUESTIONS, positions)],
        )
        con.executemany(
            "insert into marts.media_mentions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", MEDIA_MENTIONS
        )
        con.executemany(
            "insert into marts.mentions_per_quarter values (?, ?, ?, ?, ?, ?, ?, ?, ?)", mentions_per_quarter_rows()
        )
        con.executemany(
            "insert into marts.share_of_search values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", share_of_search_rows()
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return path
