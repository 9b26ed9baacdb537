"""GA4's default channel group rules, other tools' channel labels, and GA4's source / medium cells.

Every expected channel is read off Google's published rules ("[GA4] Default channel group") by
hand, not computed by the code under test.
"""

from __future__ import annotations

import pytest

from orchestration.channels import (
    DEFAULT_CHANNEL_GROUPS,
    RULES,
    SOURCE_CATEGORIES,
    channel_for_label,
    channel_for_source_medium,
    split_source_medium,
)


def test_the_rules_run_in_ga4_order_and_end_in_unassigned():
    assert [channel for channel, _ in RULES] == list(DEFAULT_CHANNEL_GROUPS[:-1])
    assert DEFAULT_CHANNEL_GROUPS[-1] == "Unassigned"


def test_the_source_list_knows_the_main_sites():
    assert SOURCE_CATEGORIES["google"] == "search"
    assert SOURCE_CATEGORIES["l.facebook.com"] == "social"
    assert SOURCE_CATEGORIES["youtube.com"] == "video"
    assert SOURCE_CATEGORIES["amazon"] == "shopping"
    assert set(SOURCE_CATEGORIES.values()) == {"search", "social", "video", "shopping"}


# --- each rule fires -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "medium", "campaign", "channel"),
    [
        ("(direct)", "(none)", None, "Direct"),
        ("(direct)", "(not set)", None, "Direct"),
        ("example.com", "referral", "q3 cross-network push", "Cross-network"),
        ("amazon", "cpc", None, "Paid Shopping"),
        ("example.com", "cpc", "spring_shopping", "Paid Shopping"),
        ("google", "cpc", None, "Paid Search"),
        ("bing", "ppc", None, "Paid Search"),
        ("facebook.com", "cpc", None, "Paid Social"),
        ("linkedin", "paid_social", None, "Paid Social"),
        ("youtube.com", "cpc", None, "Paid Video"),
        ("example.com", "banner", None, "Display"),
        ("example.com", "display", None, "Display"),
        ("example.com", "cpm", None, "Display"),
        ("example.com", "retargeting", None, "Paid Other"),
        ("example.com", "cpc", None, "Paid Other"),
        ("etsy.com", "referral", None, "Organic Shopping"),
        ("example.com", "referral", "black_friday_shop", "Organic Shopping"),
        ("l.facebook.com", "referral", None, "Organic Social"),
        ("example.com", "social media", None, "Organic Social"),
        ("vimeo.com", "referral", None, "Organic Video"),
        ("example.com", "product-video", None, "Organic Video"),
        ("google", "organic", None, "Organic Search"),
        ("bing", "organic", None, "Organic Search"),
        ("duckduckgo", "referral", None, "Organic Search"),
        ("example.com", "organic", None, "Organic Search"),
        ("newsletter", "email", None, "Email"),
        ("e-mail", "weekly", None, "Email"),
        ("partner", "affiliate", None, "Affiliates"),
        ("example.com", "referral", None, "Referral"),
        ("com.example.app", "app", None, "Referral"),
        ("podcast", "audio", None, "Audio"),
        ("sms", "text", None, "SMS"),
        ("twilio", "sms", None, "SMS"),
        ("firebase", "notification", None, "Mobile Push Notifications"),
        ("example", "web-push", None, "Mobile Push Notifications"),
        ("firebase", "(not set)", None, "Mobile Push Notifications"),
        ("unknown", "unknown", None, "Unassigned"),
        (None, None, None, "Unassigned"),
    ],
)
def test_each_rule_fires(source, medium, campaign, channel):
    assert channel_for_source_medium(source, medium, campaign) == channel


# --- order and exactness matter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "medium", "campaign", "channel"),
    [
        # Direct needs exactly "(direct)" and an empty medium; anything else falls through.
        ("(direct)", "referral", None, "Referral"),
        ("(direct)", "cpc", None, "Paid Other"),
        ("direct", "(none)", None, "Unassigned"),
        # Direct comes before Cross-network, Cross-network before every paid channel.
        ("(direct)", "(none)", "cross-network", "Direct"),
        ("google", "cpc", "pmax cross-network", "Cross-network"),
        # Paid Shopping before Paid Search: a shopping campaign on Google is shopping.
        ("google", "cpc", "spring_shopping", "Paid Shopping"),
        # A site's paid channel before Display: cpm on Google is Paid Search.
        ("google", "cpm", None, "Paid Search"),
        # A known site before the medium's own channel.
        ("facebook.com", "video", None, "Organic Social"),
        ("youtube.com", "organic", None, "Organic Video"),
        ("facebook.com", "email", None, "Organic Social"),
        ("google", "referral", None, "Organic Search"),
        # Email before Referral.
        ("email", "referral", None, "Email"),
        # "paid" must start the medium; "cp" may be anywhere in it.
        ("example.com", "unpaid", None, "Unassigned"),
        ("example.com", "newsletter_cpa", None, "Paid Other"),
    ],
)
def test_order_and_exact_matches_decide(source, medium, campaign, channel):
    assert channel_for_source_medium(source, medium, campaign) == channel


@pytest.mark.parametrize(
    ("campaign", "channel"),
    [
        ("shop_launch", "Paid Shopping"),  # "shop" at the start
        ("summer_shop", "Paid Shopping"),  # "shop" after a non-letter
        ("eshop", "Paid Shopping"),  # [^a-df-z] lets "e" through
        ("spring_workshop", "Paid Other"),  # "shop" after another letter is not shopping
        ("workshopping", "Paid Shopping"),  # but "shopping" anywhere is
    ],
)
def test_shopping_campaign_regex(campaign, channel):
    assert channel_for_source_medium("example.com", "cpc", campaign) == channel


def test_rules_ignore_case_and_spaces():
    assert channel_for_source_medium("Google", "CPC") == "Paid Search"
    assert channel_for_source_medium("(DIRECT)", "(None)") == "Direct"
    assert channel_for_source_medium(" L.Facebook.com ", " Referral ") == "Organic Social"


def test_a_missing_medium_is_not_set():
    assert channel_for_source_medium("(direct)", None) == "Direct"
    assert channel_for_source_medium("(direct)", "") == "Direct"


def test_hosts_match_with_or_without_a_mobile_or_www_prefix():
    assert channel_for_source_medium("www.linkedin.com", "referral") == "Organic Social"
    assert channel_for_source_medium("m.reddit.com", "referral") == "Organic Social"
    assert channel_for_source_medium("lm.facebook.com", "referral") == "Organic Social"
    assert channel_for_source_medium("x.com", "referral") == "Organic Social"
    # Only the listed hosts: another Google host is an ordinary referral.
    assert channel_for_source_medium("docs.google.com", "referral") == "Referral"
    assert channel_for_source_medium("notgoogle.com", "referral") == "Referral"


# --- labels ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "channel"),
    [
        ("Direct", "Direct"),
        ("Organic Search", "Organic Search"),
        ("Organic search", "Organic Search"),
        ("  paid social ", "Paid Social"),
        ("Cross-network", "Cross-network"),
        ("Mobile Push Notifications", "Mobile Push Notifications"),
        ("Unassigned", "Unassigned"),
        ("(other)", None),
        ("(not set)", None),
        ("Social", None),
    ],
)
def test_ga4_labels(label, channel):
    assert channel_for_label(label, "ga4") == channel


@pytest.mark.parametrize(
    ("label", "channel"),
    [
        ("Direct", "Direct"),
        ("Direct / None", "Direct"),
        ("(none)", "Direct"),
        ("Organic Search", "Organic Search"),
        ("Organic Social", "Organic Social"),
        ("Referral", "Referral"),
        ("Email", "Email"),
        ("Paid Search", "Paid Search"),
        ("Organic Shopping", "Organic Shopping"),
        ("SMS", "SMS"),
        ("AI Assistants", "Referral"),
        ("Unassigned", "Unassigned"),
        ("Search Engines", None),
    ],
)
def test_plausible_labels(label, channel):
    assert channel_for_label(label, "plausible") == channel


@pytest.mark.parametrize(
    ("label", "channel"),
    [
        ("Direct Entry", "Direct"),
        ("Search Engines", "Organic Search"),
        ("Websites", "Referral"),
        ("Social Networks", "Organic Social"),
        ("Campaigns", "Unassigned"),
        ("AI Assistants", "Referral"),
        (" search engines ", "Organic Search"),
        ("Suchmaschinen", None),  # translated labels are not supported
        ("Organic Search", None),
    ],
)
def test_matomo_labels(label, channel):
    assert channel_for_label(label, "matomo") == channel


def test_an_unknown_tool_is_an_error():
    with pytest.raises(ValueError, match="unknown tool 'adobe'"):
        channel_for_label("Direct", "adobe")


# --- source / medium cells -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "pair"),
    [
        ("google / organic", ("google", "organic")),
        ("(direct) / (none)", ("(direct)", "(none)")),
        ("l.facebook.com / referral", ("l.facebook.com", "referral")),
        ("  google  /  cpc ", ("google", "cpc")),
        ("(not set)", ("(not set)", "(not set)")),
        ("(not set) / (not set)", ("(not set)", "(not set)")),
        ("partner / site / referral", ("partner / site", "referral")),
        ("google", ("google", "(not set)")),
        ("google / ", ("google", "(not set)")),
        ("", ("(not set)", "(not set)")),
    ],
)
def test_split_source_medium(cell, pair):
    assert split_source_medium(cell) == pair
