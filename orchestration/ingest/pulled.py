"""What `demandgen pull` lands under INBOX/pulled/ for the Google APIs: one JSON file per request, with the
request and every page Google answered it with, or a note that the source could not be pulled.

    {"demandgen_pull": 1, "api": ..., <who>, "request": {...}, "pages": [{<paging>, "response": {...}}, ...]}
    {"demandgen_pull": 1, "api": ..., <who>, "problem": "<why, naming the source and what to do>"}
    {"demandgen_pull": 1, "api": ..., <who>, "solved": "<when it was pulled again>"}

<who> is `site_url` (Search Console), `property_id` and `property` (GA4) or `feed_url` (Google Alerts, whose
feeds themselves land as the Atom XML Google sent). A problem note is rejected with its reason, so a source
that could not be pulled shows like a rejected file; the pull overwrites it with a solved note once the source
pulls again, which loads (no rows) and so clears that rejection.
"""

from __future__ import annotations

from datetime import date

from . import values
from .inbox import Export, RejectedFile
from .reading import json_object

MARK = "demandgen_pull"
VERSION = 1
SEARCH_CONSOLE_API = "searchconsole.searchanalytics.query"
GA4_API = "analyticsdata.properties.runReport"
ALERTS_API = "google_alerts"


def envelope(export: Export, member: str, api: str, who: str) -> dict:
    """The file's envelope, checked; a problem note is raised as the rejection it stands for."""
    data = json_object(export, member, "demandgen pull file")
    if data.get(MARK) != VERSION or data.get("api") != api:
        raise RejectedFile(
            f"{member}: is not a {api} pull of this version of demandgen (found {MARK} {data.get(MARK)!r}, "
            f"api {data.get('api')!r}); pull again"
        )
    if not isinstance(data.get(who), str) or not data[who].strip():
        raise RejectedFile(f"{member}: does not say which source it was pulled from (no {who})")
    if isinstance(data.get("problem"), str):
        raise RejectedFile(data["problem"])
    if not isinstance(data.get("solved"), str):
        if not isinstance(data.get("request"), dict):
            raise RejectedFile(f"{member}: has no request")
        pages = data.get("pages")
        if not isinstance(pages, list) or not pages or not all(isinstance(p, dict) for p in pages):
            raise RejectedFile(f"{member}: has no pages of responses; pull again")
        for n, page in enumerate(pages, start=1):
            if not isinstance(page.get("response"), dict):
                raise RejectedFile(f"{member} page {n}: has no response (cut off?); pull again")
    return data


def solved(data: dict) -> str | None:
    """The note of a source pulled again after a problem; None for a file of responses."""
    return data.get("solved")


def request_dates(request: dict, member: str, start_key: str, end_key: str) -> tuple[date, date]:
    """The days the request asked for: what this file covers, whatever days have rows."""
    where = f"{member} (the request)"
    start = values.iso_date(str(request.get(start_key, "")), where, start_key)
    end = values.iso_date(str(request.get(end_key, "")), where, end_key)
    if end < start:
        raise RejectedFile(f"{where}: {end_key} {end} is before {start_key} {start}")
    return start, end
