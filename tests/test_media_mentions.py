"""Media mentions: each export format, then stories → brands → quarters → the two lights.

The fixtures under tests/fixtures/mentions/ are small exports shaped as each tool writes them: a
Meltwater export in its current layout (UTF-16 with a BOM, tab-separated, named .csv) and one in
its older layout, a Meltwater export of social posts (X, LinkedIn, Reddit: most without a title),
a Google Alerts Atom feed, and another tool's CSV mapped in the config. The
counts below are made by hand from those files; each story is listed with what makes it count.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from orchestration.config import parse_config
from orchestration.ingest import mentions
from orchestration.ingest.detect import detect
from orchestration.ingest.inbox import RejectedFile, discover, open_zip
from orchestration.ingest.landing import SIGNATURES, is_bundle
from tests.pipeline_support import FIXTURES, query, refresh

MENTIONS = FIXTURES / "mentions"
NW, CO, FA = "Northwind Analytics", "Contoso Metrics", "Fabrikam Insights"
CONFIG_TEXT = """\
brand:
  name: Northwind Analytics
  terms: [northwind, northwind analytics]
  exclude: [northwind traders]
competitors:
  - {name: Contoso Metrics, terms: [contoso, contoso metrics]}
  - {name: Fabrikam Insights, terms: [fabrikam], exclude: [fabrikam fiber]}
target_media:
  - techcrunch.com
  - {outlet: Marketing Week, tier: 1}
  - {domain: martech.org, tier: 2}
mentions_csv: {date: Published, title: Headline, url: Link, outlet: Source, text: Summary, sentiment: Tone}
"""
MAPPED = parse_config(
    {
        "brand": {"name": NW, "terms": ["northwind"]},
        "mentions_csv": {"date": "Published", "title": "Headline", "url": "Link"},
    },
    "test.yaml",
)
UNMAPPED = parse_config({"brand": {"name": NW, "terms": ["northwind"]}}, "test.yaml")


def parsed(tmp_path: Path, name: str, config=MAPPED, content: bytes | None = None):
    inbox = tmp_path / "inbox"
    inbox.mkdir(parents=True)
    if content is None:
        shutil.copy(MENTIONS / name, inbox / name)
    else:
        (inbox / name).write_bytes(content)
    [export] = discover(inbox, is_bundle)
    open_zip(export)
    signature = detect(export, SIGNATURES + mentions.config_signatures(config))
    assert signature is not None, f"{name} was not recognised"
    return signature.format, mentions.parse(export, signature, config).tables[mentions.TABLE].to_pylist()


def test_meltwater_s_utf16_tab_separated_export_is_read_with_date_and_time(tmp_path):
    fmt, rows = parsed(tmp_path, "Meltwater export 2026-Q3.csv")
    assert fmt == "meltwater_csv" and len(rows) == 5
    first = rows[0]
    assert first["published_at"] == datetime(2026, 7, 8, 9, 31)  # "08-Jul-2026", "09:31 AM"
    assert (first["outlet"], first["domain"], first["sentiment"]) == ("TechCrunch", "techcrunch.com", "Positive")
    assert rows[2]["published_at"] == datetime(2026, 8, 14, 14, 15)  # "02:15 PM"
    assert rows[2]["domain"] == "marketingweek.com"  # www. dropped
    assert "Contoso Metrics and Northwind Analytics" in rows[2]["body"]


def test_meltwater_s_older_layout_reads_headline_and_source(tmp_path):
    fmt, rows = parsed(tmp_path, "meltwater_2025_q3.csv")
    assert fmt == "meltwater_csv"
    assert [(r["title"], r["outlet"]) for r in rows][:2] == [
        ("Northwind launches its dashboard suite", "TechCrunch"),
        ("Contoso Metrics hires a new CMO", "Marketing Week"),
    ]


def test_meltwater_s_social_posts_are_read_with_their_empty_or_made_up_titles(tmp_path):
    fmt, rows = parsed(tmp_path, "Meltwater export 2026-Q2 social.csv")
    assert fmt == "meltwater_csv" and len(rows) == 26
    assert sum(r["title"] == "" for r in rows) == 18
    assert {r["outlet"] for r in rows if r["title"] in ("", "LinkedIn post", "LinkedIn", "Reply to a comment")} == {
        "LinkedIn",
        "X",
        "Reddit",
    }
    newest = rows[0]  # Meltwater sorts newest first
    assert (newest["published_at"], newest["title"], newest["domain"]) == (
        datetime(2026, 6, 28, 11, 0),
        "",
        "linkedin.com",
    )
    assert newest["body"] == "Northwind Analytics is named a strong performer in this year's Forrester Wave."


def test_google_alerts_titles_are_unescaped_and_links_unwrapped(tmp_path):
    fmt, rows = parsed(tmp_path, "alerts_northwind.xml")
    assert fmt == "google_alerts_atom"
    # The feed writes "&lt;b&gt;Northwind&lt;/b&gt; dashboards: a review you&amp;#39;ll want to read".
    assert rows[1]["title"] == "Northwind dashboards: a review you'll want to read"
    assert rows[1]["url"] == "https://www.martech.org/northwind-dashboards-review/"
    assert rows[1]["outlet"] == rows[1]["domain"] == "martech.org"
    assert rows[0]["url"] == "https://techcrunch.com/2026/07/08/northwind-series-b/?utm_source=alerts"
    assert rows[0]["published_at"] == datetime(2026, 7, 8, 16, 2)


def test_another_tool_s_csv_is_read_through_the_config_s_column_mapping(tmp_path):
    fmt, rows = parsed(tmp_path / "mapped", "brand24_mentions.csv")
    assert fmt == "mentions_csv"
    assert (rows[0]["title"], rows[0]["url"], rows[0]["published_at"]) == (
        "Northwind Analytics named a leader",
        "https://analystnews.example/northwind-leader",
        datetime(2026, 9, 25),
    )
    # Without the mapping, nothing says which columns are which: not an export the product knows.
    inbox = tmp_path / "unmapped" / "inbox"
    inbox.mkdir(parents=True)
    shutil.copy(MENTIONS / "brand24_mentions.csv", inbox)
    [export] = discover(inbox, is_bundle)
    assert detect(export, SIGNATURES + mentions.config_signatures(UNMAPPED)) is None


def test_a_mention_with_an_unreadable_date_is_rejected_naming_the_row(tmp_path):
    content = b"Published,Headline,Link\n2026-09-25,Fine,https://a.example/1\nlast week,Bad,https://a.example/2\n"
    with pytest.raises(RejectedFile, match=r"mentions.csv row 3: Published 'last week' is not a date"):
        parsed(tmp_path, "mentions.csv", content=content)


def test_numeric_dates_that_could_be_either_order_are_read_month_first_with_a_note(tmp_path):
    # 03/04/2026 is 4 March or 3 April: nothing in the file settles it, so the import says how it read them,
    # as the survey imports do.
    content = b"Published,Headline,Link\n03/04/2026,Northwind at the summit,https://a.example/1\n"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "coverage.csv").write_bytes(content)
    [export] = discover(inbox, is_bundle)
    signature = detect(export, SIGNATURES + mentions.config_signatures(MAPPED))
    result = mentions.parse(export, signature, MAPPED)
    assert result.tables[mentions.TABLE].to_pylist()[0]["published_at"] == datetime(2026, 3, 4)
    assert result.notes == [
        "Published dates read as month/day: no date in the file has a day above 12 to confirm the order"
    ]


@pytest.fixture(scope="module")
def mentions_warehouse(tmp_path_factory, dbt_manifest) -> Path:
    root = tmp_path_factory.mktemp("mentions")
    shutil.copytree(MENTIONS, root / "inbox")
    config = root / "demandgen.yaml"
    config.write_text(CONFIG_TEXT)
    warehouse = root / "demandgen.duckdb"
    assert refresh(config, root / "inbox", warehouse).success
    return warehouse


# Q3 2026, by hand:
#   TechCrunch "Northwind Analytics raises Series B" (Meltwater), the Yahoo Finance copy a day later
#     ("... | Yahoo Finance"), and the Alerts entry for the same URL with ?utm_source: one story, Northwind, target.
#   Marketing Week "Contoso and Northwind battle ...": both brands, target (outlet name, tier 1).
#   MarTech "Contoso Metrics adds AI forecasting": Contoso, target (tier 2).
#   martech.org (www.) "Northwind dashboards: a review" (Alerts): Northwind, target.
#   Analyst News "Northwind Analytics named a leader" (mapped CSV): Northwind, not target.
#   TechCrunch "Contoso expands to Europe" (mapped CSV): Contoso, target.
#   "Querying the Northwind Traders sample database" and "Fabrikam Fiber: a DevOps tutorial": excluded, nobody.
# Q3 2025 (older Meltwater): Northwind (TechCrunch), Contoso (Marketing Week), Fabrikam + Contoso (Adweek).
# Q2 2026 (Meltwater's social export, 26 rows): each X, LinkedIn and Reddit post is a story of its own, whatever
# its title ("", "LinkedIn post", "LinkedIn", "Reply to a comment"), unless it is another row of the same URL:
#   Northwind 9: Apr 2 (LinkedIn), Apr 3 (X), Apr 4 (Reddit comment naming Contoso too: two rows, one per
#     search), Apr 5 ("LinkedIn post"), Apr 8 (Reddit post titled "Anyone using Northwind Analytics ..."),
#     Apr 9 (its reply naming Fabrikam too: two rows), May 16 (X, found twice, once with ?s=20), Jun 10 (X
#     thread naming Contoso too: two rows), Jun 28 (LinkedIn).
#   Contoso 8: Apr 2, Apr 3, Apr 4 (with Northwind), Apr 5 ("LinkedIn post"), Apr 7, May 20 ("Reply to a
#     comment"), Jun 10 (with Northwind), Jun 12.
#   Fabrikam 6: Apr 3, Apr 6 ("LinkedIn"), Apr 9 (with Northwind), May 14 TechCrunch "Fabrikam Insights opens
#     a Berlin office" with its Yahoo Finance copy a day later (one story, target), May 21 ("Reply to a
#     comment"), Jun 11.
#   Apr 6's Reddit comment on "the Northwind Traders sample database": excluded, nobody.
# So 9 + 8 + 6 = 23 brand mentions: share of voice 9/23, 8/23 and 6/23. (Merged by their empty titles, as
# they were, the untitled posts of each few days made one story naming every brand.)
SOCIAL_QUARTER = {NW: (9, 0, 100 * 9 / 23), CO: (8, 0, 100 * 8 / 23), FA: (6, 1, 100 * 6 / 23)}
QUARTERS = {
    ("2026-07-01", NW): (4, 3),
    ("2026-07-01", CO): (3, 3),
    ("2026-07-01", FA): (0, 0),
    ("2025-07-01", NW): (1, 1),
    ("2025-07-01", CO): (2, 1),
    ("2025-07-01", FA): (1, 0),
}


def test_mentions_per_quarter_equal_a_hand_count_with_copies_once_and_false_friends_out(mentions_warehouse):
    got = {
        (str(q), brand): (n, target)
        for q, brand, n, target in query(
            mentions_warehouse,
            """
        select quarter_start, brand, mentions, target_media_mentions from marts.mentions_per_quarter
        where quarter_start in ('2026-07-01', '2025-07-01')""",
        )
    }
    assert got == QUARTERS
    [(copies, tools, outlet)] = query(
        mentions_warehouse,
        """
        select copies, source_tool, outlet from marts.media_mentions where title like 'Northwind Analytics raises%'""",
    )
    assert (copies, tools, outlet) == (3, "google_alerts, meltwater", "TechCrunch")
    titles = [t for (t,) in query(mentions_warehouse, "select title from marts.media_mentions")]
    assert not any("Northwind Traders" in t or "Fabrikam Fiber" in t for t in titles)


def test_untitled_social_posts_are_each_their_own_mention_so_counts_and_share_of_voice_equal_a_hand_count(
    mentions_warehouse,
):
    got = {
        brand: (n, target, share)
        for brand, n, target, share in query(
            mentions_warehouse,
            """
        select brand, mentions, target_media_mentions, share_of_voice_pct from marts.mentions_per_quarter
        where quarter_start = '2026-04-01'""",
        )
    }
    assert got.keys() == SOCIAL_QUARTER.keys()
    for brand, (n, target, share) in SOCIAL_QUARTER.items():
        assert got[brand][:2] == (n, target), brand
        assert got[brand][2] == pytest.approx(share), brand
    # The same X post found twice (once with ?s=20) is one mention with two copies; no untitled post
    # absorbed another.
    copies = query(
        mentions_warehouse,
        """
        select url, copies from marts.media_mentions
        where published_at >= '2026-04-01' and published_at < '2026-07-01' and title = ''""",
    )
    assert len({url for url, _ in copies}) == 13
    assert sorted({(url, n) for url, n in copies if n > 1}) == [
        ("https://www.reddit.com/r/analytics/comments/1jr0abc/which_bi_tool/mlk0001/", 2),
        ("https://www.reddit.com/r/marketing/comments/1jt2def/anyone_using_northwind_analytics/mlm0014/", 2),
        ("https://x.com/martechmaven/status/1932500000000000022", 2),
        ("https://x.com/northwind/status/1923000000000000018", 2),
    ]


def test_the_lights_read_the_last_complete_quarter(mentions_warehouse):
    lights = {
        metric: (status, value)
        for metric, status, value in query(
            mentions_warehouse,
            """
        select metric, status, value from marts.scorecard
        where metric in ('target_media_mentions_per_quarter', 'share_of_voice')""",
        )
    }
    # An October 2026 mention closes Q3 2026. Northwind: 3 target-media stories (amber: 3-4);
    # share of voice 4 / (4 + 3) = 57.1% against 1 / (1 + 2 + 1) = 25% a year earlier.
    assert lights["target_media_mentions_per_quarter"] == ("amber", 3)
    assert lights["share_of_voice"][0] == "green"
    assert lights["share_of_voice"][1] == pytest.approx(100 * 4 / 7 - 25)


def test_the_sample_mentions_give_the_generator_s_truth_per_quarter_and_brand(sample_warehouse):
    from seeds.generate import END_DATE
    from seeds.mentions import mentions_per_quarter, scorecard_truth

    truth = {
        (row["quarter_start"], row["brand"]): (row["mentions"], row["target_media_mentions"])
        for row in mentions_per_quarter(END_DATE)
    }
    got = {
        (start, brand): (n, target)
        for start, brand, n, target in query(
            sample_warehouse,
            """
        select quarter_start, brand, mentions, target_media_mentions from marts.mentions_per_quarter""",
        )
    }
    assert got == truth
    expected = scorecard_truth(END_DATE)
    lights = dict(
        query(
            sample_warehouse,
            """
        select metric, value from marts.scorecard
        where metric in ('target_media_mentions_per_quarter', 'share_of_voice')""",
        )
    )
    assert lights["target_media_mentions_per_quarter"] == expected["target_media_mentions"]
    assert lights["share_of_voice"] == pytest.approx(expected["change_points"])
