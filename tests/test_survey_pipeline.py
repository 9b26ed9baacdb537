"""Surveys end to end: exports → respondents, mentions and waves → awareness with intervals → the light.

Three independent references: hand counts of the fixtures' free-text answers (written out per
respondent below), the sample generator's truth (what each simulated respondent meant, never a
re-parse of the text), and published worked examples of the Wilson and Newcombe intervals
(Newcombe, Statistics in Medicine 1998; 17: 857-872 and 873-890), with statsmodels as an
independent calculation of every interval in the warehouse.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from seeds.surveys import first_heard_truth, survey_truth
from tests.pipeline_support import FIXTURES, query, refresh

NW, CO, FA, AD = "Northwind Analytics", "Contoso Metrics", "Fabrikam Insights", "Adatum Analytics"

FIXTURE_CONFIG = """\
brand:
  name: Northwind Analytics
  terms: [northwind, northwind analytics]
  misspellings: [nothwind, north wind, northwnd]
  exclude: [northwind traders]
competitors:
  - name: Contoso Metrics
    terms: [contoso, contoso metrics]
    misspellings: [kontoso]
  - name: Fabrikam Insights
    terms: [fabrikam]
  - name: Adatum Analytics
    terms: [adatum]
surveys:
  unaided_question: come to mind
  icp:
    - question: role
      any_of: [Marketing, Demand generation]
    - question: company
      at_least: 200
"""

# (ICP respondents, {brand: aware}) per fixture, counted by hand from the answers:
HAND_COUNTS = {
    # Qualtrics, Oct 2025. ICP and counted: R_1a (Northwind, Contoso), R_2b ("nothwind analytics;
    # fabrikam & contoso"), R_3c ("Northwind Traders?? (the sample db) and HubSpot": an exclusion,
    # nobody), R_9i ("n/a"), R_0j ("Nortwind / Contso / Salesforce" on three lines: two near
    # misses), R_1k ("North Wind / Adatum"), R_4n ("Contact center tools, north": false friends).
    # Not counted: R_4d (50-199 employees), R_5e (Sales), R_3m (Other), a preview, spam, a test,
    # and R_8h (unfinished).
    "2025-10": (7, {NW: 4, CO: 3, FA: 1, AD: 1}),
    # SurveyMonkey, Apr 2025. ICP: 1 ("Contoso, Northwind Analytics, Google Analytics"),
    # 2 ("fabrikam"), 4 ("Kontoso and northwnd"), 6 ("-"), 7 ("Northwind analytics, northwind": once),
    # 8 ("Adatum/Fabrikam/Tableau"). Not ICP: 3 (1-49 employees), 5 (Product).
    "2025-04": (6, {NW: 3, CO: 2, FA: 2, AD: 1}),
    # Typeform, Apr 2026. ICP and submitted: a1 ("Northwind & Fabrikam"), b2 ("I think contoso?
    # maybe adatum"), c3 ("none"), e5 ("NORTHWIND ANALYTICS" and "HubSpot" on two lines),
    # a7 ("Fabrikam Insights, Fabricam": once). Not counted: d4 (Sales), f6 (never submitted).
    "2026-04": (5, {NW: 2, CO: 1, FA: 2, AD: 1}),
    # Google Forms, Oct 2026. ICP: 10/6 15:25 ("Northwind, Contoso, Fabrikam"), 10/6 16:02
    # ("contoso metrics"), 10/8 ("northwind traders": excluded), 10/9 ("N/A"), 10/12 ("Nothwind;
    # Adatum"), 10/13 ("adatum analytics and northwind"). Not ICP: 10/7 (50-199 employees).
    "2026-10": (6, {NW: 3, CO: 2, FA: 1, AD: 2}),
}


@pytest.fixture(scope="module")
def fixture_warehouse(tmp_path_factory, dbt_manifest) -> Path:
    """The four fixtures, plus an earlier Qualtrics export of the same survey (its first five
    responses), which must not count them twice."""
    root = tmp_path_factory.mktemp("survey_fixtures")
    inbox = root / "inbox"
    shutil.copytree(FIXTURES / "surveys", inbox)
    qualtrics = next(inbox.glob("Brand tracker*.csv"))
    lines = qualtrics.read_bytes().split(b"\r\n")
    (inbox / "Brand tracker Q4 2025_October 8, 2025_10.00.csv").write_bytes(b"\r\n".join(lines[:8]) + b"\r\n")
    config = root / "demandgen.yaml"
    config.write_text(FIXTURE_CONFIG)
    warehouse = root / "demandgen.duckdb"
    assert refresh(config, inbox, warehouse).success
    return warehouse


def awareness(warehouse: Path, table: str = "awareness_waves") -> dict[tuple[str, str], tuple[int, int]]:
    return {
        (wave, brand): (respondents, aware)
        for wave, brand, respondents, aware in query(
            warehouse, f"select wave, brand, respondents, aware from marts.{table}"
        )
    }


def test_each_format_counts_the_aware_respondents_a_careful_hand_count_finds(fixture_warehouse):
    got = awareness(fixture_warehouse)
    expected = {
        (wave, brand): (n, aware.get(brand, 0))
        for wave, (n, aware) in HAND_COUNTS.items()
        for brand in (NW, CO, FA, AD)
    }
    assert got == expected


def test_the_answers_nobody_matched_stay_visible_and_false_friends_stay_out(fixture_warehouse):
    kinds = dict(
        query(fixture_warehouse, "select mention, match_kind from marts.awareness_mentions where brand is null")
    )
    assert kinds["northwind traders"] == "excluded"
    assert kinds["northwind traders the sample db"] == "excluded"
    assert kinds["north"] == kinds["contact center tools"] == kinds["hubspot"] == "unmatched"
    assert "n a" not in kinds and "none" not in kinds and "not sure" not in kinds  # non-answers are no mentions
    fuzzy = dict(
        query(fixture_warehouse, "select mention, brand from marts.awareness_mentions where match_kind = 'fuzzy'")
    )
    assert fuzzy == {"nortwind": NW, "contso": CO, "fabricam": FA}


def test_the_files_say_which_question_was_read_and_how_many_responses_count(fixture_warehouse):
    files = {
        row[0]: row[1:]
        for row in query(
            fixture_warehouse,
            """
        select file_name, responses, not_respondents, unfinished, respondents_counted, icp_respondents,
               unaided_chosen_by
        from marts.survey_files""",
        )
    }
    assert files["Brand tracker Q4 2025_October 17, 2025_09.12.csv"] == (14, 3, 1, 10, 7, "config")
    # The earlier export's five responses are all in the later one, which wins.
    assert files["Brand tracker Q4 2025_October 8, 2025_10.00.csv"] == (5, 0, 0, 0, 0, "config")
    guessed = query(
        fixture_warehouse,
        """
        select source_tool, role from marts.survey_questions where chosen_by = 'guess' order by all""",
    )
    assert ("qualtrics", "aided") in guessed and ("surveymonkey", "first_heard") in guessed


def test_waves_too_small_to_compare_say_so_instead_of_a_colour(fixture_warehouse):
    [(status, value, explanation)] = query(
        fixture_warehouse,
        """
        select status, value, explanation from marts.scorecard where metric = 'unaided_awareness_yoy_change'""",
    )
    assert (status, value) == ("insufficient_data", None)
    assert explanation == (
        "Too few respondents in the ideal customer profile to compare: 6 in 2026-10 and 7 in "
        "2025-10, where each wave needs at least 30 (surveys.min_respondents)."
    )


def test_the_sample_surveys_give_the_generator_s_truth_unaided_and_aided(sample_warehouse):
    truth = survey_truth()
    assert awareness(sample_warehouse) == {(t["wave"], t["brand"]): (t["respondents"], t["aware"]) for t in truth}
    assert awareness(sample_warehouse, "aided_awareness_waves") == {
        (t["wave"], t["brand"]): (t["respondents"], t["aided_aware"]) for t in truth if t["aided_aware"] is not None
    }
    fieldwork = set(
        query(sample_warehouse, "select distinct wave, fieldwork_start, fieldwork_end from marts.awareness_waves")
    )
    assert fieldwork == {(t["wave"], t["fieldwork_start"], t["fieldwork_end"]) for t in truth}


def test_first_heard_answers_match_the_generator_s_truth(sample_warehouse):
    got = {
        (wave, answer): (n, of)
        for wave, answer, n, of in query(
            sample_warehouse, "select wave, answer, respondents, respondents_answering from marts.first_heard_channels"
        )
    }
    assert got == {(t["wave"], t["answer"]): (t["icp_respondents"], t["icp_answering"]) for t in first_heard_truth()}


def test_every_interval_matches_an_independent_calculation(sample_warehouse):
    waves = query(
        sample_warehouse,
        """
        select aware, respondents, ci_low_pct, ci_high_pct from marts.awareness_waves
        union all select aware, respondents, ci_low_pct, ci_high_pct from marts.aided_awareness_waves""",
    )
    for aware, n, low, high in waves:
        expected = proportion_confint(aware, n, alpha=0.05, method="wilson")
        assert (low, high) == pytest.approx((100 * expected[0], 100 * expected[1]), abs=1e-6)
    changes = query(
        sample_warehouse,
        """
        select latest.aware, latest.respondents, earlier.aware, earlier.respondents,
            change.change_points, change.change_ci_low_points, change.change_ci_high_points
        from marts.awareness_change as change
        join marts.awareness_waves as latest on latest.wave = change.wave and latest.brand = change.brand
        join marts.awareness_waves as earlier
            on earlier.wave = change.comparison_wave and earlier.brand = change.brand""",
    )
    assert len(changes) == 5
    for x1, n1, x2, n2, change, low, high in changes:
        expected = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
        assert change == pytest.approx(100 * (x1 / n1 - x2 / n2))
        assert (low, high) == pytest.approx((100 * expected[0], 100 * expected[1]), abs=1e-6)


def test_the_sample_light_is_green_and_a_competitor_s_flat_line_is_called_noise(sample_warehouse):
    [(status, value, explanation, start, comparison_start)] = query(
        sample_warehouse,
        """
        select status, value, explanation, period_start, comparison_start
        from marts.scorecard where metric = 'unaided_awareness_yoy_change'""",
    )
    # 91 of 275 (33.1%) against 68 of 285 (23.9%) in the wave a year earlier.
    assert status == "green" and value == pytest.approx(100 * (91 / 275 - 68 / 285))
    assert (str(start), str(comparison_start)) == ("2026-10-06", "2025-10-07")
    assert "33.1% of 275 in the 2026-10 wave vs 23.9% of 285 in 2025-10, +9.2 points" in explanation
    assert "A real change: the interval excludes no change." in explanation
    contoso = query(
        sample_warehouse,
        """
        select is_comparable, is_distinguishable from marts.awareness_change where brand = 'Contoso Metrics'""",
    )
    assert contoso == [(True, False)]


def forms_wave(day: str, respondents: int, naming_northwind: int) -> str:
    """A Google Forms download: `respondents` ICP respondents, the first ones naming Northwind."""
    rows = ["Timestamp,Which vendors come to mind?"]
    for i in range(respondents):
        answer = "Northwind" if i < naming_northwind else "HubSpot"
        rows.append(f"{day} {9 + i // 60}:{i % 60:02d}:00,{answer}")
    return "\r\n".join(rows) + "\r\n"


def test_intervals_reproduce_newcombe_s_published_worked_examples(tmp_path, dbt_manifest, restore_environment):
    """Newcombe 1998 (single proportion, table I): 81/263 has the Wilson interval 0.2553 to 0.3662.
    Newcombe 1998 (difference, table II, example a): 56/70 - 48/80 has the method-10 interval
    +0.0524 to +0.3339."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "October 2025 (Responses) - Form Responses 1.csv").write_text(forms_wave("10/13/2025", 80, 48))
    (inbox / "April 2026 (Responses) - Form Responses 1.csv").write_text(forms_wave("4/14/2026", 263, 81))
    (inbox / "October 2026 (Responses) - Form Responses 1.csv").write_text(forms_wave("10/13/2026", 70, 56))
    config = tmp_path / "demandgen.yaml"
    config.write_text(
        textwrap.dedent("""\
        brand: {name: Northwind Analytics, terms: [northwind]}
        """)
    )
    warehouse = tmp_path / "demandgen.duckdb"
    assert refresh(config, inbox, warehouse).success

    [(low, high)] = query(warehouse, "select ci_low_pct, ci_high_pct from marts.awareness_waves where wave = '2026-04'")
    assert (round(low, 2), round(high, 2)) == (25.53, 36.62)
    [(change, low, high, distinguishable)] = query(
        warehouse,
        """
        select change_points, change_ci_low_points, change_ci_high_points, is_distinguishable
        from marts.awareness_change""",
    )
    assert (round(change, 2), round(low, 2), round(high, 2), distinguishable) == (20.0, 5.24, 33.39, True)
    # No ICP rule in the config: every respondent counts, and the light says so.
    [(explanation,)] = query(
        warehouse, "select explanation from marts.scorecard where metric = 'unaided_awareness_yoy_change'"
    )
    assert explanation.startswith(
        "Unaided awareness among respondents (no ICP rule in the config, so all of them): "
        "80% of 70 in the 2026-10 wave vs 60% of 80 in 2025-10, +20.0 points "
        "(95% interval +5.2 to +33.4 points)."
    )
    # Nor does it name the question: the product guessed it, and says so.
    assert query(
        warehouse, "select distinct question_text, chosen_by from marts.survey_questions where role = 'unaided'"
    ) == [("Which vendors come to mind?", "guess")]
