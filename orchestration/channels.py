"""GA4's default channel groups: from a session's source / medium, and from other tools' channel labels.

Channels are compared across tools in GA4's vocabulary. An export that already names a channel
(GA4's own report, Plausible's channels, Matomo's channel types) is translated label by label;
one that gives only source / medium is classified with Google's published rules ("[GA4] Default
channel group", Analytics Help): evaluated in order, first match wins, case-insensitive.

The site lists those rules refer to come from Google's downloadable source-categories list
(SOURCE_CATEGORY_SEARCH / _SOCIAL / _VIDEO / _SHOPPING). It cannot be downloaded at run time, so
`ga4_source_categories.csv` holds the entries of it that matter here, as remembered and checked
against a public copy, plus a few current hosts the copy lacked (bing.com, duckduckgo.com, ecosia,
startpage, startpage.com, brave, search.brave.com, x.com). To add a source, add a row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

DEFAULT_CHANNEL_GROUPS: tuple[str, ...] = (
    "Direct",
    "Cross-network",
    "Paid Shopping",
    "Paid Search",
    "Paid Social",
    "Paid Video",
    "Display",
    "Paid Other",
    "Organic Shopping",
    "Organic Social",
    "Organic Video",
    "Organic Search",
    "Email",
    "Affiliates",
    "Referral",
    "Audio",
    "SMS",
    "Mobile Push Notifications",
    "Unassigned",
)

SOURCE_CATEGORIES_CSV = Path(__file__).with_name("ga4_source_categories.csv")
CATEGORIES = ("search", "social", "video", "shopping")


def _load_source_categories(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = {row["source"].strip().lower(): row["category"].strip().lower() for row in csv.DictReader(handle)}
    unknown = {c for c in rows.values() if c not in CATEGORIES}
    if unknown:
        raise ValueError(f"{path.name}: unknown categories {sorted(unknown)}; use one of {', '.join(CATEGORIES)}")
    return rows


SOURCE_CATEGORIES = _load_source_categories(SOURCE_CATEGORIES_CSV)

# Google's list holds exact hosts. Referrer hosts often carry a mobile or link-shim prefix
# (m.reddit.com, www.linkedin.com, lm.facebook.com) that the list spells only for some sites, so a
# source is also looked up without it. That is a deliberate difference: where GA4 would call such
# a host a Referral (m.reddit.com is not on its list), it gets its site's channel here.
HOST_PREFIXES = ("www.", "m.", "l.", "lm.", "mobile.")


def site_category(source: str) -> str | None:
    """'search', 'social', 'video' or 'shopping' when the source is a known site, else None."""
    host = source.strip().lower()
    if host in SOURCE_CATEGORIES:
        return SOURCE_CATEGORIES[host]
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix):
            return SOURCE_CATEGORIES.get(host.removeprefix(prefix))
    return None


# The regexes are Google's, applied to the lower-cased value as a whole (GA4's "matches regex" is
# anchored). Lower-casing first matters for the shopping one: its [^a-df-z] is a lower-case class.
PAID_MEDIUM = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")
SHOPPING_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$")
DISPLAY_MEDIUMS = frozenset({"display", "banner", "expandable", "interstitial", "cpm"})
SOCIAL_MEDIUMS = frozenset({"social", "social-network", "social-media", "sm", "social network", "social media"})
EMAIL_TAGS = frozenset({"email", "e-mail", "e_mail", "e mail"})
NOT_SET = "(not set)"


class _Session:
    """One session's source, medium and campaign, lower-cased, with the facts the rules test."""

    def __init__(self, source: str | None, medium: str | None, campaign: str | None) -> None:
        # A missing value is what GA4 itself reports for one: "(not set)".
        self.source = (source or "").strip().lower() or NOT_SET
        self.medium = (medium or "").strip().lower() or NOT_SET
        self.campaign = (campaign or "").strip().lower() or NOT_SET
        self.site = site_category(self.source)
        self.paid = PAID_MEDIUM.match(self.medium) is not None
        self.shopping = self.site == "shopping" or SHOPPING_CAMPAIGN.match(self.campaign) is not None


# In GA4's order; the first rule that holds names the channel. The order carries meaning: a known
# site with a paid medium is that site's paid channel before it is "Paid Other", and a known site
# with medium "referral" (l.facebook.com / referral) is Organic Social, never Referral. Google's
# help page shows the rules as a table; this order (Email, Affiliates, then Referral) is the one
# GA4 applies as our FORMATS.md and other published write-ups give it.
RULES: tuple[tuple[str, Callable[[_Session], bool]], ...] = (
    ("Direct", lambda s: s.source == "(direct)" and s.medium in {"(not set)", "(none)"}),
    ("Cross-network", lambda s: "cross-network" in s.campaign),
    ("Paid Shopping", lambda s: s.shopping and s.paid),
    ("Paid Search", lambda s: s.site == "search" and s.paid),
    ("Paid Social", lambda s: s.site == "social" and s.paid),
    ("Paid Video", lambda s: s.site == "video" and s.paid),
    ("Display", lambda s: s.medium in DISPLAY_MEDIUMS),
    ("Paid Other", lambda s: s.paid),
    ("Organic Shopping", lambda s: s.shopping),
    ("Organic Social", lambda s: s.site == "social" or s.medium in SOCIAL_MEDIUMS),
    ("Organic Video", lambda s: s.site == "video" or "video" in s.medium),
    ("Organic Search", lambda s: s.site == "search" or s.medium == "organic"),
    ("Email", lambda s: s.source in EMAIL_TAGS or s.medium in EMAIL_TAGS),
    ("Affiliates", lambda s: s.medium == "affiliate"),
    ("Referral", lambda s: s.medium in {"referral", "app", "link"}),
    ("Audio", lambda s: s.medium == "audio"),
    ("SMS", lambda s: s.source == "sms" or s.medium == "sms"),
    (
        "Mobile Push Notifications",
        lambda s: (
            s.medium.endswith("push") or "mobile" in s.medium or "notification" in s.medium or s.source == "firebase"
        ),
    ),
)


def channel_for_source_medium(source: str | None, medium: str | None, campaign: str | None = None) -> str:
    """GA4's default channel group for a session's source / medium (and campaign name when known)."""
    session = _Session(source, medium, campaign)
    return next((channel for channel, holds in RULES if holds(session)), "Unassigned")


def _labels(mapping: dict[str, str]) -> dict[str, str]:
    return {label.lower(): channel for label, channel in mapping.items()}


GA4_LABELS = _labels({name: name for name in DEFAULT_CHANNEL_GROUPS})

# Plausible classifies with GA4's rules and names (see Plausible.Ingestion.Acquisition) and adds
# its own "AI Assistants" channel. GA4 has no such channel: a visit from chatgpt.com is a referral
# there, so that is what it is called here. Plausible's source list shows no-referrer visits as
# "Direct / None"; "(none)" is the same in older exports.
PLAUSIBLE_LABELS = GA4_LABELS | _labels({"(none)": "Direct", "Direct / None": "Direct", "AI Assistants": "Referral"})

# Matomo's Referrers > Channel Type, English labels (raw exports with translateColumnNames=0 keep
# them; translated labels are not supported). "Campaigns" is traffic tagged with a campaign, paid
# or not: GA4 would decide by its medium, which this export does not carry, so it cannot be placed
# in any one GA4 channel and is Unassigned. "AI Assistants" (newer Matomo) is Referral, as above.
MATOMO_LABELS = _labels(
    {
        "Direct Entry": "Direct",
        "Search Engines": "Organic Search",
        "Websites": "Referral",
        "Social Networks": "Organic Social",
        "Campaigns": "Unassigned",
        "AI Assistants": "Referral",
    }
)

LABELS_BY_TOOL = {"ga4": GA4_LABELS, "plausible": PLAUSIBLE_LABELS, "matomo": MATOMO_LABELS}


def channel_for_label(label: str, tool: str) -> str | None:
    """A channel label as a tool exports it, as GA4's default channel group name; None when the label is not
    one we know. tool is 'ga4', 'plausible' or 'matomo'."""
    try:
        labels = LABELS_BY_TOOL[tool.lower()]
    except KeyError:
        raise ValueError(f"unknown tool {tool!r}; expected one of {', '.join(LABELS_BY_TOOL)}") from None
    return labels.get(label.strip().lower())


def split_source_medium(value: str) -> tuple[str, str]:
    """GA4's 'Session source / medium' cell as (source, medium): 'google / organic', '(direct) / (none)',
    'l.facebook.com / referral'."""
    # The medium never contains " / " but a utm_source can, so the last separator is the one.
    source, separator, medium = value.rpartition(" / ")
    if not separator:  # a lone value, such as GA4's "(not set)" row: no medium was given
        source, medium = medium, NOT_SET
    return source.strip() or NOT_SET, medium.strip() or NOT_SET
