"""Each light's history, checked by hand for a few past periods of the sample company.

The hand counts start from the lower marts (days of branded search, each story, each channel row) and
redo, in plain Python, what the light says at the end of a past period: the sum, the comparison a year
earlier, and the colour by the benchmark (20/40/0 for branded search, 50/40 for the share, 5/10/3 for
target media, +1/-1 points for share of voice).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.pipeline_support import query


def history(warehouse, metric: str) -> dict[date, tuple]:
    rows = query(
        warehouse,
        "select period_end, period_start, value, status, status_word from marts.scorecard_history where metric = ?",
        [metric],
    )
    return {end: (start, value, status, word) for end, start, value, status, word in rows}


def colour(value, healthy_low, amber_low) -> str:
    return "green" if value >= healthy_low else "amber" if value >= amber_low else "red"


def test_branded_search_at_the_end_of_a_past_week_is_its_28_days_against_364_days_earlier(sample_warehouse):
    days = dict(
        query(
            sample_warehouse,
            "select date, sum(impressions) from marts.branded_search_daily "
            "where segment = 'branded' and is_complete group by date",
        )
    )
    lights = history(sample_warehouse, "branded_search_yoy_growth")
    for sunday in (date(2025, 11, 2), date(2026, 3, 1), date(2026, 8, 30)):
        window = [sunday - timedelta(days=n) for n in range(28)]
        now = sum(days[d] for d in window)
        before = sum(days[d - timedelta(days=364)] for d in window)
        growth = round(100 * (now - before) / before, 2)
        start, value, status, word = lights[sunday]
        assert (start, value, status) == (sunday - timedelta(days=27), growth, colour(growth, 20, 0)), sunday
        assert word == {"green": "Healthy", "amber": "Watch", "red": "Unhealthy"}[status]


def test_the_direct_organic_share_of_a_past_month_is_its_channels_summed(sample_warehouse):
    site = query(sample_warehouse, "select property from marts.web_traffic_sites where site_rank = 1")[0][0]
    lights = history(sample_warehouse, "direct_organic_share")
    for month_start, month_end in ((date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 6, 1), date(2025, 6, 30))):
        rows = query(
            sample_warehouse,
            """select channel_group, sum(sessions) from marts.web_traffic_channels
               where property = ? and period_start = period_end and period_start between ? and ?
               group by channel_group""",
            [site, month_start, month_end],
        )
        by_channel = dict(rows)
        demand = by_channel.get("Direct", 0) + by_channel.get("Organic Search", 0)
        share = round(100 * demand / sum(by_channel.values()), 2)
        start, value, status, _ = lights[month_end]
        assert (start, value, status) == (month_start, share, colour(share, 50, 40)), month_start
    # The sample's share climbs through the 50% line in spring 2025: amber in January, green in June.
    assert lights[date(2025, 1, 31)][2] == "amber" and lights[date(2025, 6, 30)][2] == "green"


def test_target_media_and_share_of_voice_of_a_past_quarter_are_counted_from_the_stories(sample_warehouse):
    def stories(start: date, end: date, own_only: bool, target_only: bool) -> int:
        return query(
            sample_warehouse,
            f"""select count(*) from marts.media_mentions
                where cast(published_at as date) between ? and ?
                {"and is_own_brand" if own_only else ""} {"and is_target_media" if target_only else ""}""",
            [start, end],
        )[0][0]

    target = history(sample_warehouse, "target_media_mentions_per_quarter")
    voice = history(sample_warehouse, "share_of_voice")
    for start, end in ((date(2025, 10, 1), date(2025, 12, 31)), (date(2026, 4, 1), date(2026, 6, 30))):
        own_target = stories(start, end, own_only=True, target_only=True)
        assert target[end][:3] == (start, own_target, colour(own_target, 5, 3)), start
        share = 100 * stories(start, end, True, False) / stories(start, end, False, False)
        year_earlier = (start.replace(year=start.year - 1), end.replace(year=end.year - 1))
        earlier_share = 100 * stories(*year_earlier, True, False) / stories(*year_earlier, False, False)
        change = share - earlier_share
        assert voice[end][1] == pytest.approx(change, abs=1e-9), start
        assert voice[end][2] == colour(change, 1, -1)
