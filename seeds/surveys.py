"""Deterministic sample survey exports for "Northwind Analytics": five brand-awareness waves.

Unaided awareness ("which vendors come to mind?") is measured with a survey every six months or
so, and every wave ran on whichever tool the team had then (FORMATS.md, "Surveys"):

=====  ===========  ============  =====================================================
wave   fieldwork    tool          file in ``surveys/``
=====  ===========  ============  =====================================================
W1     Nov 2024     Qualtrics     final export, plus an export taken mid-fieldwork
W2     Apr 2025     SurveyMonkey  "All responses data" zip holding ``CSV/<title>.csv``
W3     Oct 2025     Qualtrics     export (the year-earlier comparison for W5)
W4     Apr 2026     Typeform      responses download (no aided question)
W5     Oct 2026     Google Forms  the responses sheet downloaded as CSV
=====  ===========  ============  =====================================================

Each respondent gets a role and company size (ICP: Marketing or Demand generation at 200+
employees, about 65%), then a set of brands they mean to name unaided and a larger set they
recognise when prompted. The sets are drawn as exact quotas of each wave's ICP (and, at 60% of
the rates, non-ICP) respondents, so the trends below hold in the data and not only on average.
People who follow the category are likelier to know every brand, hence weighted draws.
``survey_truth()`` and ``first_heard_truth()`` count those draws; ``mention_truth()`` lists what
was typed. Only the answers' wording is random noise; the truth never re-parses text.

The unaided answer is typed the way people type (the full catalogue is in the constants below):

* each brand as a configured term (any case, an accent: "Northwind Análytics"), a configured
  misspelling ("nothwind", "Kontoso", "A Datum") or a fuzzy misspelling that is in no config but
  within the edit bound of one brand's term (1 edit for words of 6-8 letters, 2 for 9+, first
  letter kept: "Nortwind", "Contso", "Fabricam"). Fuzzy forms are always a whole mention,
  never hedged, so a parser may match them on the mention or on its words;
* hedged sometimes ("I think Contoso", "maybe fabrikam?"), and now and then the same brand twice
  ("Northwind, northwind analytics": one brand, counted once);
* joined by ", " "," ";" "; " " / " " & " " and " or newlines, ", " lists ending in " and ";
* mixed with vendors nobody tracks (HubSpot, Salesforce, Google Analytics, ...);
* or a non-answer ("n/a", "-", "none", "not sure", "", "Don't know", ...);
* false friends that must not count: "Northwind Traders" and "Fabrikam Fiber" (Microsoft sample
  companies, excluded in the config), "Microsoft Fabric", "Constant Contact", "North... something?".
  A false friend only appears in answers that do not mean its brand, so excluding it per mention or
  per answer gives the same counts.

Respondents are everyone with Status "IP Address" (Qualtrics) or any row (the other tools) who
finished; non-answers and blanks count in the denominator. Qualtrics files add previews and
test responses dated before fieldwork, spam, and unfinished responses (some naming Northwind)
dated inside it. A wave's fieldwork runs from the first to the last counted response.

Every draw comes from Random.random() on streams of their own, so regenerating writes the same
bytes and cannot move any other sample export.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from seeds.sampling import pick, weighted

SURVEY_SEED = 20240804  # generate.py's SEED + 3: a stream of its own

OWN_BRAND = "Northwind Analytics"
BRANDS = (OWN_BRAND, "Contoso Metrics", "Fabrikam Insights", "Adatum Analytics", "Tailspin Data")
NONE_OF_THESE = "None of these"

# How each brand is written in unaided answers, by what a parser should call the match. Fuzzy forms
# are one edit from a configured term (two for "Norhtwind", a 9-letter transposition), further than
# the bound from every other brand's terms, and no English word.
SURFACE_FORMS = {
    "Northwind Analytics": {
        "term": (
            "Northwind",
            "Northwind Analytics",
            "northwind",
            "northwind analytics",
            "NORTHWIND",
            "Northwind analytics",
            "Northwind Análytics",
        ),
        "misspelling": ("Nothwind", "north wind", "North Wind Analytics", "Northwnd", "nothwind analytics"),
        "fuzzy": ("Nortwind", "Northwid", "Norhtwind"),
    },
    "Contoso Metrics": {
        "term": ("Contoso", "Contoso Metrics", "contoso", "CONTOSO", "contoso metrics"),
        "misspelling": ("Kontoso", "kontoso"),
        "fuzzy": ("Contso", "Contosso", "Contso Metrics"),
    },
    "Fabrikam Insights": {
        "term": ("Fabrikam", "fabrikam", "Fabrikam Insights", "FABRIKAM"),
        "misspelling": ("Fabricom", "fabricom"),
        "fuzzy": ("Fabricam", "fabricam", "Fabrikham"),
    },
    "Adatum Analytics": {
        "term": ("Adatum", "adatum", "Adatum Analytics"),
        "misspelling": ("A Datum", "a datum"),
        "fuzzy": ("Adatom", "Addatum"),
    },
    "Tailspin Data": {
        "term": ("Tailspin", "tailspin", "Tailspin Data", "TailSpin"),
        "misspelling": ("Tail Spin", "tail spin data"),
        "fuzzy": ("Tailspinn", "Tailspn"),
    },
}
FORM_KINDS = (("term", 0.72), ("misspelling", 0.14), ("fuzzy", 0.14))
HEDGES = ("I think {}", "maybe {}?", "{} (I think)", "probably {}", "{}?", "{} (saw them on LinkedIn)")
# Vendors of the category the config does not track: they fill the unmatched-mentions list.
UNMATCHED_NAMES = (
    "HubSpot",
    "hubspot",
    "Salesforce",
    "Google Analytics",
    "GA4",
    "Tableau",
    "Looker",
    "Power BI",
    "Adobe Analytics",
    "Marketo",
    "6sense",
    "Dreamdata",
    "HockeyStack",
    "Mixpanel",
    "Semrush",
)
NON_ANSWERS = (
    "n/a",
    "N/A",
    "-",
    "none",
    "None",
    "not sure",
    "Not sure",
    "",
    "Don't know",
    "Don’t know",
    "idk",
    "no idea",
    "Nothing comes to mind",
)
# Names that look like a tracked brand and are not it, keyed by the brand they imitate.
FALSE_FRIENDS = {
    "Northwind Analytics": ("Northwind Traders", "northwind traders (the SQL sample db?)", "North... something?"),
    "Contoso Metrics": ("Constant Contact",),
    "Fabrikam Insights": ("Fabrikam Fiber", "Microsoft Fabric"),
}
SEPARATORS = (", ", ",", ";", "; ", " / ", " & ", " and ", "\n")

ROLES = (("Marketing", 0.52), ("Demand generation", 0.28), ("Sales", 0.08), ("Product", 0.06), ("Other", 0.06))
ICP_ROLES = {"Marketing", "Demand generation"}
# "Marketing operations" is not "Marketing": the ICP rule compares whole answers.
ROLE_OTHER_TEXTS = ("RevOps", "Founder", "Customer success", "Marketing operations", "Finance", "Consultant")
SIZE_BOUNDS = (1, 50, 200, 1000, 5000)
SIZE_WEIGHTS = (0.07, 0.11, 0.36, 0.30, 0.16)
ICP_MIN_SIZE = 200
SIZE_LABELS = ("1-49 employees", "50-199 employees", "200-999 employees", "1,000-4,999 employees", "5,000+ employees")
NON_ICP_FACTOR = 0.6  # people outside marketing, or at small companies, know fewer vendors
FIRST_HEARD = ("Search engine", "Colleague or friend", "Social media", "Podcast", "Event or conference", "Other")
FIRST_HEARD_OTHER_TEXTS = ("G2 review", "Our agency", "A Reddit thread", "Newsletter", "Webinar with Contoso")
RESEARCH = ("Peer recommendations", "Review sites (G2, Capterra)", "Analyst reports", "Vendor websites", "Podcasts")
RESEARCH_RATES = (0.62, 0.48, 0.22, 0.55, 0.17)
RESEARCH_OTHER_TEXTS = ("Slack communities", "LinkedIn", "Reddit")

# Qualtrics shows the account's time zone; respondents start between 7:00 and 16:30 and take at
# most 13 minutes, which also keeps every response on the same date in UTC (Denver is UTC-7 at most).
QUALTRICS_TZ = "America/Denver"
DAY_START, DAY_SECONDS = 7 * 3600, 9 * 3600 + 1800
ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Documentation-only address blocks (RFC 5737) with each office's approximate location.
NETWORKS = (
    ("192.0.2", 39.7392, -104.9849),
    ("198.51.100", 40.7128, -74.006),
    ("203.0.113", 37.7749, -122.4194),
    ("192.0.2", 51.5072, -0.1276),
    ("198.51.100", 41.8781, -87.6298),
)


@dataclass(frozen=True)
class Question:
    key: str  # role | size | unaided | aided | first_heard | research
    text: str
    tag: str = ""  # Qualtrics' export tag; its ImportId is QID<number>


@dataclass(frozen=True)
class Wave:
    number: int
    tool: str  # qualtrics | surveymonkey | typeform | google_forms
    title: str
    start: date
    end: date
    completes: int  # finished real responses
    unaided: tuple[float, ...]  # share of ICP respondents meaning to name each of BRANDS
    aided: tuple[float, ...]  # share recognising it in a list, asked or not (first_heard follows it)
    questions: tuple[Question, ...]
    exported: datetime
    first_heard: tuple[float, ...] = ()  # weights over FIRST_HEARD, when asked
    size_labels: tuple[str, ...] = SIZE_LABELS

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}"

    def asks(self, key: str) -> bool:
        return any(q.key == key for q in self.questions)


WAVES = (
    Wave(
        1,
        "qualtrics",
        "Brand Awareness Survey - Nov 2024",
        date(2024, 11, 5),
        date(2024, 11, 22),
        330,
        (0.18, 0.45, 0.20, 0.30, 0.08),
        (0.42, 0.78, 0.50, 0.62, 0.25),
        (
            Question("role", "What is your role?", "Q1"),
            Question("size", "What is your company size?", "Q2"),
            Question(
                "unaided", "When you think of B2B marketing analytics software, which vendors come to mind?", "Q3"
            ),
            Question("aided", "Which of the following vendors have you heard of? Please select all that apply.", "Q4"),
        ),
        datetime(2024, 11, 25, 10, 12),
    ),
    Wave(
        2,
        "surveymonkey",
        "Northwind brand survey - Spring 2025",
        date(2025, 4, 8),
        date(2025, 4, 25),
        360,
        (0.21, 0.46, 0.23, 0.29, 0.07),
        (0.46, 0.79, 0.53, 0.61, 0.24),
        (
            Question("role", "Which best describes your role?"),
            Question("size", "Company size"),
            Question(
                "unaided", "Which B2B marketing analytics vendors come to mind? Please list all you can think of."
            ),
            Question("aided", "Before today, which of these companies had you heard of? (Select all that apply)"),
            Question("first_heard", "If you know Northwind Analytics, how did you first hear about it?"),
        ),
        datetime(2025, 4, 29, 8, 55),
        (0.34, 0.26, 0.18, 0.04, 0.12, 0.06),
    ),
    Wave(
        3,
        "qualtrics",
        "Brand Awareness Survey - Oct 2025",
        date(2025, 10, 7),
        date(2025, 10, 24),
        420,
        (0.24, 0.45, 0.26, 0.28, 0.08),
        (0.50, 0.78, 0.55, 0.60, 0.25),
        (
            Question("role", "What is your role?", "Q1"),
            Question("size", "What is your company size?", "Q2"),
            Question(
                "unaided", "When you think of B2B marketing analytics software, which vendors come to mind?", "Q4"
            ),
            Question("aided", "Which of these vendors have you heard of? Select all that apply.", "Q5"),
            Question("first_heard", "How did you first hear about Northwind Analytics?", "Q6"),
        ),
        datetime(2025, 10, 28, 9, 47),
        (0.31, 0.26, 0.17, 0.08, 0.12, 0.06),
    ),
    Wave(
        4,
        "typeform",
        "Brand pulse - Spring 2026",
        date(2026, 4, 14),
        date(2026, 4, 30),
        380,
        (0.27, 0.44, 0.28, 0.27, 0.09),
        (0.54, 0.77, 0.57, 0.58, 0.26),
        (
            Question("role", "What's your role?"),
            Question("size", "What's your company size?"),
            Question("unaided", "Thinking about marketing analytics tools for B2B teams, which brands come to mind?"),
            Question("research", "Where do you research new software?"),
        ),
        datetime(2026, 5, 4, 14, 20),
        size_labels=("1–49", "50–199", "200–999", "1,000–4,999", "5,000+"),
    ),  # typed with en dashes
    Wave(
        5,
        "google_forms",
        "Marketing analytics vendors - Fall 2026",
        date(2026, 10, 6),
        date(2026, 10, 23),
        440,
        (0.33, 0.45, 0.31, 0.26, 0.08),
        (0.60, 0.78, 0.60, 0.56, 0.25),
        (
            Question("role", "Your role"),
            Question("size", "Company size"),
            Question(
                "unaided", "Which marketing analytics software vendors come to mind first? (Type as many as you like)"
            ),
            Question("aided", "Which of these have you heard of?"),
            Question("first_heard", "How did you first hear about Northwind Analytics? (skip if you haven't)"),
        ),
        datetime(2026, 10, 27, 11, 5),
        (0.28, 0.25, 0.16, 0.15, 0.11, 0.05),
        size_labels=(
            "Fewer than 50 employees",
            "50-199 employees",
            "200-999 employees",
            "1,000-4,999 employees",
            "5,000 or more employees",
        ),
    ),
)
# Someone downloaded W1 halfway through fieldwork too: the same responses, recorded by then.
EARLY_EXPORT = (1, datetime(2024, 11, 14, 16, 40))

REAL = "IP Address"


@dataclass
class Respondent:
    """One row of an export, with what the generator meant it to say."""

    response_id: str
    started: datetime
    ended: datetime  # the last answer (Qualtrics' EndDate)
    submitted: datetime  # when the response was recorded: Qualtrics' RecordedDate, the others' submit time
    ip: str
    role: str = ""
    role_other: str = ""
    size: int = 0  # index into the wave's size labels
    engagement: float = 1.0
    status: str = REAL
    answered: int | None = None  # questions answered before giving up; None: finished
    unaided: set[str] = field(default_factory=set)  # brands meant to be named unprompted
    aided: set[str] = field(default_factory=set)  # brands recognised in a list
    answer: str = ""  # the unaided answer as typed
    mentions: list[tuple[str, str | None, str]] = field(default_factory=list)  # (kind, brand, as typed)
    first_heard: str = ""
    first_heard_other: str = ""
    research: tuple[str, ...] = ()
    research_other: str = ""

    @property
    def finished(self) -> bool:
        return self.answered is None

    @property
    def counted(self) -> bool:
        return self.status == REAL and self.finished

    @property
    def icp(self) -> bool:
        return self.role in ICP_ROLES and SIZE_BOUNDS[self.size] >= ICP_MIN_SIZE

    def answers(self, index: int) -> bool:
        return self.answered is None or index < self.answered


# Built on Random.random() only, like seeds/sampling.py.
def _shuffled(rng: random.Random, items: list) -> list:
    keys = [rng.random() for _ in items]
    return [items[i] for _, i in sorted(zip(keys, range(len(items))))]


def _weighted_sample(rng: random.Random, people: list[Respondent], k: int) -> list[Respondent]:
    """k people, each likelier to be picked the more engaged they are (Efraimidis-Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1 / p.engagement), i) for i, p in enumerate(people)), reverse=True)
    return [people[i] for _, i in keyed[:k]]


def _token(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(pick(rng, alphabet) for _ in range(length))


# --- the respondents -------------------------------------------------------------------------------


def _person(rng: random.Random, started: datetime, seconds: int) -> Respondent:
    network = pick(rng, NETWORKS)[0]
    ended = started + timedelta(seconds=seconds)
    person = Respondent(
        response_id="", started=started, ended=ended, submitted=ended, ip=f"{network}.{2 + int(rng.random() * 250)}"
    )
    person.role = weighted(rng, [r for r, _ in ROLES], [w for _, w in ROLES])
    if person.role == "Other":
        person.role_other = pick(rng, ROLE_OTHER_TEXTS)
    person.size = weighted(rng, range(len(SIZE_BOUNDS)), SIZE_WEIGHTS)
    person.engagement = 0.5 + 1.5 * rng.random()
    return person


def _fieldwork_times(rng: random.Random, wave: Wave, n: int, days: list[date] | None = None) -> list[datetime]:
    """n start times, most in the first days after the invitation and after the day-7 reminder."""
    days = days or [wave.start + timedelta(days=i) for i in range((wave.end - wave.start).days + 1)]
    weights = []
    for i, day in enumerate(days):
        weight = (3.0, 2.0, 1.5)[i] if i < 3 else 2.2 if i == 7 else 1.0
        weights.append(weight * (0.25 if day.weekday() >= 5 else 1.0))
    return sorted(
        datetime.combine(weighted(rng, days, weights), time())
        + timedelta(seconds=DAY_START + int(rng.random() * DAY_SECONDS))
        for _ in range(n)
    )


def _draw_awareness(rng: random.Random, wave: Wave, people: list[Respondent]) -> None:
    """Exact quotas per brand, so each wave's ICP awareness is its planned rate to the respondent."""
    for icp in (True, False):
        group = [p for p in people if p.icp == icp]
        factor = 1.0 if icp else NON_ICP_FACTOR
        for brand, unaided, aided in zip(BRANDS, wave.unaided, wave.aided):
            for p in _weighted_sample(rng, group, round(unaided * factor * len(group))):
                p.unaided.add(brand)
                p.aided.add(brand)
            rest = [p for p in group if brand not in p.aided]
            for p in _weighted_sample(rng, rest, round(aided * factor * len(group)) - (len(group) - len(rest))):
                p.aided.add(brand)


def _form(rng: random.Random, brand: str) -> tuple[str, str]:
    kind = weighted(rng, [k for k, _ in FORM_KINDS], [w for _, w in FORM_KINDS])
    text = pick(rng, SURFACE_FORMS[brand][kind])
    if kind != "fuzzy" and rng.random() < 0.1:
        text = pick(rng, HEDGES).format(text)
    return kind, text


def _write_answer(rng: random.Random, person: Respondent) -> None:
    """Type the unaided answer for the brands the person means to name."""
    mentions: list[tuple[str, str | None, str]] = []
    brands = [b for b in BRANDS if b in person.unaided]
    for brand in brands:
        kind, text = _form(rng, brand)
        mentions.append((kind, brand, text))
        if rng.random() < 0.07:  # "Northwind, northwind analytics": the same brand, twice
            again = [t for t in SURFACE_FORMS[brand]["term"] if t != text]
            mentions.append(("term", brand, pick(rng, again)))
    roll = rng.random()
    if not brands and roll < 0.4:
        person.answer = pick(rng, NON_ANSWERS)
        person.mentions = [("non_answer", None, person.answer)]
        return
    # Nobody tracked in mind: other vendors, a false friend, or both. Otherwise now and then.
    other_vendors = roll < 0.9 if not brands else roll < 0.35
    false_friend = roll >= 0.75 if not brands else roll < 0.05
    if other_vendors:
        for _ in range(1 + int(rng.random() * 2)):
            named = {text.lower() for _, _, text in mentions}
            mentions.append(("unmatched", None, pick(rng, [n for n in UNMATCHED_NAMES if n.lower() not in named])))
    imitated = [b for b in FALSE_FRIENDS if b not in person.unaided]
    if false_friend and imitated:
        mentions.append(("false_friend", None, pick(rng, FALSE_FRIENDS[pick(rng, imitated)])))
    mentions = _shuffled(rng, mentions)
    separator = pick(rng, SEPARATORS)
    texts = [text for _, _, text in mentions]
    if separator == ", " and len(texts) >= 3 and rng.random() < 0.3:
        answer = ", ".join(texts[:-1]) + " and " + texts[-1]  # "A, B and C"
    else:
        answer = separator.join(texts)
    if rng.random() < 0.06:
        answer += "."
    person.answer, person.mentions = answer, mentions


def _response_id(rng: random.Random, tool: str, number: int) -> str:
    if tool == "qualtrics":
        return "R_" + _token(rng, ALNUM, 15)
    if tool == "surveymonkey":
        return str(118_402_119_000 + number * 37 + int(rng.random() * 30))  # increasing, with gaps
    if tool == "typeform":
        return _token(rng, "0123456789abcdefghijklmnopqrstuvwxyz", 32)
    return ""  # Google Forms rows have no id


def simulate(wave: Wave) -> list[Respondent]:
    """Every row of the wave's export (previews, spam and dropouts included), oldest first."""
    rng = random.Random(SURVEY_SEED + 1000 * wave.number)
    starts = _fieldwork_times(rng, wave, wave.completes)
    people = [_person(rng, s, 150 + int(rng.random() * 600)) for s in starts]
    _draw_awareness(rng, wave, people)
    for p in people:
        _write_answer(rng, p)
        if wave.first_heard and OWN_BRAND in p.aided and rng.random() < 0.93:
            p.first_heard = weighted(rng, FIRST_HEARD, wave.first_heard)
            if p.first_heard == "Other":
                p.first_heard_other = pick(rng, FIRST_HEARD_OTHER_TEXTS)
        if wave.asks("research"):
            p.research = tuple(c for c, rate in zip(RESEARCH, RESEARCH_RATES) if rng.random() < rate)
            if rng.random() < 0.06:
                p.research_other = pick(rng, RESEARCH_OTHER_TEXTS)
    if wave.tool == "qualtrics":
        people += _qualtrics_extras(rng, wave)
    people.sort(key=lambda p: p.submitted)
    for number, p in enumerate(people):
        p.response_id = _response_id(rng, wave.tool, number)
    return people


def _qualtrics_extras(rng: random.Random, wave: Wave) -> list[Respondent]:
    """Rows Qualtrics exports that are not respondents' finished answers."""
    extras = []
    # Dropouts start in the first half, so their responses close (a week later) inside fieldwork.
    first_half = [wave.start + timedelta(days=i) for i in range((wave.end - wave.start).days // 2)]
    for start in _fieldwork_times(rng, wave, round(wave.completes * 0.08), first_half):
        p = _person(rng, start, 30 + int(rng.random() * 200))
        p.answered = 2 + int(rng.random() * 2)  # role and size, some the unaided question too
        p.submitted = start + timedelta(days=7)  # Qualtrics closes abandoned sessions after a week
        p.unaided = {b for b, rate in zip(BRANDS, wave.unaided) if rng.random() < rate}
        _write_answer(rng, p)
        extras.append(p)
    # The team tries the survey before launch; those answers name Northwind, and must not count.
    for i, (status, answer) in enumerate(
        [
            ("Survey Preview", "northwind test"),
            ("Survey Preview", "Northwind, Contoso"),
            ("Survey Preview", "test test Northwind Analytics"),
            *[("Survey Test", "Lorem ipsum dolor sit amet")] * 5,
        ]
    ):
        start = datetime.combine(wave.start - timedelta(days=3 - i // 3), time(9 + i, 10 + 5 * i))
        p = _person(rng, start, 60 + int(rng.random() * 120))
        p.status, p.ip, p.answer, p.aided = status, "", answer, {OWN_BRAND}
        extras.append(p)
    for start in _fieldwork_times(rng, wave, 4):
        p = _person(rng, start, 9 + int(rng.random() * 20))  # bots finish in seconds
        p.status, p.answer = "Spam", "Northwind Northwind best analytics software www.seo-backlinks.example"
        p.aided = set(BRANDS)
        extras.append(p)
    return extras


# --- the truth -----------------------------------------------------------------------------------


def _waves(end_date: date | None, waves: tuple[Wave, ...] = WAVES) -> list[Wave]:
    return [w for w in waves if end_date is None or w.exported.date() <= end_date]


def survey_truth(end_date: date | None = None) -> list[dict]:
    """Per wave and brand: ICP respondents counted and how many meant to name (or recognise) it.

    ``aided_aware`` is None for waves without an aided question. ``end_date`` leaves out the waves
    exported after it, as ``write_surveys`` does.
    """
    rows = []
    for wave in _waves(end_date):
        people = simulate(wave)
        counted = [p for p in people if p.counted]
        icp = [p for p in counted if p.icp]
        for brand in BRANDS:
            aware = sum(brand in p.unaided for p in icp)
            aided = sum(brand in p.aided for p in icp) if wave.asks("aided") else None
            rows.append(
                {
                    "wave": wave.label,
                    "wave_number": wave.number,
                    "source_tool": wave.tool,
                    "fieldwork_start": min(p.submitted for p in counted).date(),
                    "fieldwork_end": max(p.submitted for p in counted).date(),
                    "brand": brand,
                    "is_own_brand": brand == OWN_BRAND,
                    "respondents": len(icp),
                    "aware": aware,
                    "awareness_pct": 100 * aware / len(icp),
                    "aided_aware": aided,
                    "aided_awareness_pct": None if aided is None else 100 * aided / len(icp),
                }
            )
    return rows


def first_heard_truth(end_date: date | None = None) -> list[dict]:
    """Per wave asking it and answer: counted respondents giving it, among ICP and among everyone.

    SurveyMonkey's "Other (please specify)" leaves the Response cell blank and types into the
    next column; those rows are "Other" here.
    """
    rows = []
    for wave in _waves(end_date):
        if not wave.asks("first_heard"):
            continue
        counted = [p for p in simulate(wave) if p.counted]
        for answer in FIRST_HEARD:
            rows.append(
                {
                    "wave": wave.label,
                    "answer": answer,
                    "icp_respondents": sum(p.first_heard == answer for p in counted if p.icp),
                    "icp_answering": sum(bool(p.first_heard) for p in counted if p.icp),
                    "respondents": sum(p.first_heard == answer for p in counted),
                    "answering": sum(bool(p.first_heard) for p in counted),
                }
            )
    return rows


def mention_truth(end_date: date | None = None) -> list[dict]:
    """Per wave: every piece of a counted respondent's unaided answer as typed, by kind.

    kind is term | misspelling | fuzzy (brand set), unmatched | false_friend | non_answer (brand
    None); ``respondents`` counts counted respondents typing it, ICP or not.
    """
    counts: dict[tuple, int] = {}
    for wave in _waves(end_date):
        for p in simulate(wave):
            if p.counted:
                for kind, brand, text in set(p.mentions):
                    key = (wave.label, kind, brand, text)
                    counts[key] = counts.get(key, 0) + 1
    return [
        {"wave": w, "kind": k, "brand": b, "text": t, "respondents": n}
        for (w, k, b, t), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "", kv[0][3]))
    ]


# --- the exports ---------------------------------------------------------------------------------


def _csv(rows: list[list], line_end: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


QUALTRICS_META = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
]
DISTRIBUTION = {REAL: "anonymous", "Survey Preview": "preview", "Survey Test": "test", "Spam": "anonymous"}


def _qualtrics_rows(wave: Wave, people: list[Respondent]) -> tuple[list[list], list[tuple[datetime, list]]]:
    """The three header rows, and each data row with its RecordedDate."""
    header: list[list] = [[], [], []]
    for tag, text, import_id in QUALTRICS_META:
        zone = {"timeZone": QUALTRICS_TZ} if import_id.endswith("Date") else {}
        for row, value in zip(header, (tag, text, json.dumps({"ImportId": import_id, **zone}, separators=(",", ":")))):
            row.append(value)
    getters = []  # (question index, value of the column for a person)

    def column(index: int, tag: str, text: str, import_id: str, getter) -> None:
        for row, value in zip(header, (tag, text, json.dumps({"ImportId": import_id}, separators=(",", ":")))):
            row.append(value)
        getters.append((index, getter))

    for i, q in enumerate(wave.questions):
        qid = "QID" + q.tag.removeprefix("Q")
        if q.key == "role":  # "Other" is the fifth choice, with a text box
            column(i, q.tag, f"{q.text} - Selected Choice", qid, lambda p: p.role)
            column(i, f"{q.tag}_5_TEXT", f"{q.text} - Other - Text", f"{qid}_5_TEXT", lambda p: p.role_other)
        elif q.key == "size":
            column(i, q.tag, q.text, qid, lambda p: wave.size_labels[p.size])
        elif q.key == "unaided":
            column(i, q.tag, q.text, f"{qid}_TEXT", lambda p: p.answer)
        elif q.key == "aided":
            column(i, q.tag, q.text, qid, lambda p: ",".join(b for b in BRANDS if b in p.aided) or NONE_OF_THESE)
        elif q.key == "first_heard":
            column(i, q.tag, f"{q.text} - Selected Choice", qid, lambda p: p.first_heard)
            column(i, f"{q.tag}_6_TEXT", f"{q.text} - Other - Text", f"{qid}_6_TEXT", lambda p: p.first_heard_other)
        else:
            raise ValueError(f"no Qualtrics layout for a {q.key} question")
    rows = []
    stamp = "%Y-%m-%d %H:%M:%S"
    for p in people:
        _, lat, lon = next(n for n in NETWORKS if p.ip.startswith(n[0])) if p.ip else (None, None, None)
        seconds = round((p.ended - p.started).total_seconds())
        progress = 100 if p.finished else round(100 * p.answered / (len(wave.questions) + 1))
        meta = [
            p.ended.strftime(stamp),
            p.status,
            p.ip,
            progress,
            seconds,
            str(p.finished),
            p.submitted.strftime(stamp),
            p.response_id,
            "",
            "",
            "",
            "",
            "" if lat is None else f"{lat:.4f}",
            "" if lon is None else f"{lon:.4f}",
            DISTRIBUTION[p.status],
            "EN",
        ]
        answers = [getter(p) if p.answers(i) else "" for i, getter in getters]
        rows.append((p.submitted, [p.started.strftime(stamp), *meta, *answers]))
    return header, rows


def _qualtrics_file(header: list[list], rows: list[list]) -> bytes:
    return _csv([*header, *rows], "\r\n").encode("utf-8-sig")


def _qualtrics_name(wave: Wave, exported: datetime) -> str:
    return f"{wave.title}_{exported:%B} {exported.day}, {exported:%Y}_{exported:%H.%M}.csv"


def _surveymonkey_file(wave: Wave, people: list[Respondent]) -> bytes:
    rng = random.Random(SURVEY_SEED + 1000 * wave.number + 1)
    top = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    second = [""] * len(top)
    getters = []
    for q in wave.questions:
        if q.key in ("role", "first_heard"):  # "Other (please specify)" is a comment box beside the choices
            top += [q.text, ""]
            second += ["Response", "Other (please specify)"]
            if q.key == "role":
                getters += [lambda p: "" if p.role == "Other" else p.role, lambda p: p.role_other]
            else:
                getters += [lambda p: "" if p.first_heard == "Other" else p.first_heard, lambda p: p.first_heard_other]
        elif q.key == "size":
            top.append(q.text)
            second.append("Response")
            getters.append(lambda p: wave.size_labels[p.size])
        elif q.key == "unaided":
            top.append(q.text)
            second.append("Open-Ended Response")
            getters.append(lambda p: p.answer)
        elif q.key == "aided":
            options = [*BRANDS, NONE_OF_THESE]
            top += [q.text] + [""] * (len(options) - 1)
            second += options
            getters += [lambda p, b=b: b if b in p.aided else "" for b in BRANDS]
            getters.append(lambda p: "" if p.aided else NONE_OF_THESE)
        else:
            raise ValueError(f"no SurveyMonkey layout for a {q.key} question")
    stamp = "%m/%d/%Y %I:%M:%S %p"
    collectors = ("431907715", "431908262")  # a web link and a LinkedIn post
    rows = [
        [
            p.response_id,
            weighted(rng, collectors, (0.7, 0.3)),
            p.started.strftime(stamp),
            p.submitted.strftime(stamp),
            p.ip,
            "",
            "",
            "",
            "",
            *(g(p) for g in getters),
        ]
        for p in reversed(people)
    ]  # newest first, as SurveyMonkey lists them
    return _csv([top, second, *rows], "\r\n").encode("utf-8")


def _typeform_file(wave: Wave, people: list[Respondent]) -> bytes:
    header, getters = ["#"], []
    for q in wave.questions:
        if q.key == "role":  # an "Other" choice puts what was typed in the cell
            header.append(q.text)
            getters.append(lambda p: p.role_other or p.role)
        elif q.key == "size":
            header.append(q.text)
            getters.append(lambda p: wave.size_labels[p.size])
        elif q.key == "unaided":
            header.append(q.text)
            getters.append(lambda p: p.answer)
        elif q.key == "research":  # one column per choice, headed by the choice alone
            header += [*RESEARCH, "Other"]
            getters += [lambda p, c=c: c if c in p.research else "" for c in RESEARCH]
            getters.append(lambda p: p.research_other)
        else:
            raise ValueError(f"no Typeform layout for a {q.key} question")
    header += ["Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    stamp = "%Y-%m-%d %H:%M:%S"
    rows = [
        [
            p.response_id,
            *(g(p) for g in getters),
            p.started.strftime(stamp),
            p.submitted.strftime(stamp),
            hashlib.sha256(p.ip.encode()).hexdigest()[:10],
        ]  # one id per network, as Typeform hashes it
        for p in people
    ]
    return _csv([header, *rows], "\n").encode("utf-8")


def _google_forms_file(wave: Wave, people: list[Respondent]) -> bytes:
    header, getters = ["Timestamp"], []
    for q in wave.questions:
        header.append(q.text)
        if q.key == "role":  # the "Other:" option puts what was typed in the cell
            getters.append(lambda p: p.role_other or p.role)
        elif q.key == "size":
            getters.append(lambda p: wave.size_labels[p.size])
        elif q.key == "unaided":
            getters.append(lambda p: p.answer)
        elif q.key == "aided":
            getters.append(lambda p: ", ".join(b for b in BRANDS if b in p.aided) or NONE_OF_THESE)
        elif q.key == "first_heard":  # a plain "Other" choice here, no text box
            getters.append(lambda p: p.first_heard)
        else:
            raise ValueError(f"no Google Forms layout for a {q.key} question")
    rows = [
        [
            f"{p.submitted.month}/{p.submitted.day}/{p.submitted.year} {p.submitted.hour}:{p.submitted:%M:%S}",
            *(g(p) for g in getters),
        ]
        for p in people
    ]
    return _csv([header, *rows], "\r\n").encode("utf-8")


def _zip(members: dict[str, bytes], stamp: datetime) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])  # fixed timestamps: identical bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_surveys(folder: Path, end_date: date | None = None, waves: tuple[Wave, ...] = WAVES) -> None:
    """One export per wave exported by end_date (W1 twice), named as each tool names it."""
    folder.mkdir(parents=True)
    for wave in _waves(end_date, waves):
        people = simulate(wave)
        if wave.tool == "qualtrics":
            header, rows = _qualtrics_rows(wave, people)
            exports = [wave.exported] + [at for number, at in [EARLY_EXPORT] if number == wave.number]
            for at in exports:
                (folder / _qualtrics_name(wave, at)).write_bytes(
                    _qualtrics_file(header, [row for recorded, row in rows if recorded <= at])
                )
        elif wave.tool == "surveymonkey":
            data = _surveymonkey_file(wave, people)
            (folder / f"Data_All_{wave.exported:%y%m%d}.zip").write_bytes(
                _zip({f"CSV/{wave.title}.csv": data}, wave.exported)
            )
        elif wave.tool == "typeform":
            form_id = _token(random.Random(SURVEY_SEED + 1000 * wave.number + 1), ALNUM, 8)
            (folder / f"responses-{form_id}-{wave.exported:%Y-%m-%d}.csv").write_bytes(_typeform_file(wave, people))
        else:
            (folder / f"{wave.title} (Responses) - Form Responses 1.csv").write_bytes(_google_forms_file(wave, people))
