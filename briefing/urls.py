"""Article addresses: one spelling for comparing them, and the one to show and cite.

Tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid`` …) only say how a reader
arrived, never which article it is: the store compares addresses without them
(:func:`canonical_url`) and the briefing never shows them (:func:`without_tracking`).

The address cited for a fetched page is the canonical URL the page declares (``<link
rel=canonical>``, else ``og:url``) when it is safe to believe (:func:`cited_url`): an
http(s) address, resolved against the page's own, on the same site as the page that was
fetched (the same registrable domain, by the public suffix list the ``tld`` package
ships; the same host for an IP address or ``localhost``). A page cannot send its
citations to another domain: its claim is ignored (and logged) and the fetched address,
without tracking parameters, is cited instead.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

log = logging.getLogger("briefing.urls")

#: longest address believed: a canonical link longer than this is a page's mistake or worse
MAX_URL_CHARS = 2048

#: query parameters that only say how a reader arrived, never which article it is
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gclsrc|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|"
    r"ocid|cmpid|cmp|icid|ncid|sr_share|share|ref|ref_src|referrer|source|smid|smtyp|"
    r"at_medium|at_campaign|at_custom\d*|s_cid|spm|_hsenc|_hsmi|mkt_tok|guccounter|"
    r"outputType|rss|ito|xtor|wt_mc|wt_zmc|taid|vero_\w+|oly_\w+|rb_clickid)$", re.I)


def is_tracking(name: str) -> bool:
    """Whether a query parameter only says how the reader arrived."""
    return _TRACKING.match(name) is not None


def canonical_url(url: str) -> str:
    """One spelling per article address, for comparing them: lower-case scheme and host,
    no default port, no fragment, no tracking parameters, the rest of the query sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not is_tracking(k))
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def address_key(url: str | None) -> str | None:
    """An article's address as compared (:func:`canonical_url`, at most MAX_URL_CHARS);
    None for none, or for a malformed one (a JSON file's ``url`` is untrusted)."""
    if not url:
        return None
    try:
        return canonical_url(url)[:MAX_URL_CHARS]
    except ValueError:
        return None


def without_tracking(url: str | None) -> str | None:
    """``url`` as given but without its tracking parameters (the other parameters keep
    their order and spelling); a malformed address is returned as it was."""
    if not url or "?" not in url:
        return url
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking(k)]
    if len(kept) == len(parse_qsl(parts.query, keep_blank_values=True)):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def host_name(url: str | None) -> str | None:
    """The host an address names, as an outlet is shown when nothing better names it
    (``www.example.org`` -> ``example.org``); None for a malformed or hostless one."""
    try:
        host = urlsplit((url or "").strip()).hostname
    except ValueError:  # "http://[" names no host
        return None
    return host.removeprefix("www.") if host else None


def site_of(url: str) -> str | None:
    """The site an address belongs to: its registrable domain (``news.example.co.uk`` ->
    ``example.co.uk``), or the host itself for an IP address or a single-label host."""
    from tld import get_fld  # ships its public suffix list; never fetches it by itself

    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    domain = get_fld(f"http://{host}/", fail_silently=True)
    return (domain or host).lower()


def cited_url(fetched: str, declared: Iterable[str | None] = ()) -> str:
    """The address to show and cite for a page fetched from ``fetched``: the first of the
    page's ``declared`` canonical addresses that is an http(s) URL on the same site
    (resolved against ``fetched``), else ``fetched``; either without tracking
    parameters."""
    for claim in declared:
        accepted = _believable(fetched, claim)
        if accepted is not None:
            return without_tracking(accepted) or accepted
    return without_tracking(fetched) or fetched


def _believable(fetched: str, claim: str | None) -> str | None:
    if not claim or not claim.strip():
        return None
    claim = claim.strip()
    if len(claim) > MAX_URL_CHARS or any(c.isspace() or ord(c) < 32 for c in claim):
        log.info("%s: canonical link ignored (malformed)", fetched)
        return None
    try:
        resolved = urljoin(fetched, claim)
        parts = urlsplit(resolved)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        log.info("%s: canonical link %r ignored (malformed)", fetched, claim[:200])
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or \
            parts.username is not None or parts.password is not None:
        log.info("%s: canonical link %r ignored (not a plain http(s) address)", fetched,
                 claim[:200])
        return None
    if site_of(resolved) != site_of(fetched):
        log.warning("%s: canonical link %r ignored: it names another site", fetched,
                    claim[:200])
        return None
    return urlunsplit(parts._replace(fragment=""))
