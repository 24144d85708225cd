"""What a fetch came to: the failure vocabulary the checks read, from a network error or from
a final answer (its raw facts, and how the audit's rulebook takes them), and redirect targets.

The downloader middlewares (crawlers/middlewares.py) follow redirects and confirm failures
with a second try; this module only says what one answer means.
"""
from __future__ import annotations

from dataclasses import dataclass

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as neterror
from twisted.internet.defer import TimeoutError as DeferTimeoutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from checks.links import judge_answer
from checks.rulebook import load_rulebook
from crawlers.bounds import CUT_STAGE, DOWNLOAD_MAXSIZE, size_text
from crawlers.extract.notfound import challenge_markers, visible_text, words_seen
from crawlers.netguard import RefusedRequest
from crawlers.netpolicy import REFUSED_REASON
from crawlers.urls import try_normalize

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass
class Failure:
    """Why a URL could not be fetched: ``reason`` is the stable vocabulary the checks read."""

    reason: str  # http | dns | refused | reset | tls | timeout | redirects | loop | soft404 | blocked | challenge | robots | limit | refused_address | error
    status: int | None = None
    error: str | None = None

    @property
    def outcome(self) -> str:
        if self.reason in ("blocked", "challenge"):
            return "blocked"
        if self.reason in ("robots", CUT_STAGE, REFUSED_REASON):
            # not read (forbidden, cut at a size bound, or an address the network policy
            # refuses): not judged
            return "unchecked"
        return "broken"

    @property
    def confirmable(self) -> bool:
        """Worth a second try: a blocked or robots answer would only repeat itself."""
        return self.outcome == "broken"


def classify_exception(exc: BaseException) -> Failure:
    text = f"{type(exc).__name__}: {exc}"[:300]
    cut = _cut_reading(exc)
    if cut is not None:
        return Failure(CUT_STAGE, error=cut)
    if isinstance(exc, RefusedRequest):
        return Failure(REFUSED_REASON, error=str(exc))
    if isinstance(exc, IgnoreRequest):
        if "robots" in str(exc).lower():
            return Failure("robots", error="robots.txt 禁止抓取")
        return Failure("error", error=text)
    # Scrapy's own download errors first (newer Scrapy wraps Twisted's errors in these).
    for name, reason in (("DownloadTimeoutError", "timeout"), ("CannotResolveHostError", "dns"),
                         ("DownloadConnectionRefusedError", "refused"),
                         ("ResponseDataLossError", "reset")):
        cls = getattr(scrapy_errors, name, None)
        if cls is not None and isinstance(exc, cls):
            return Failure(reason, error=_short(exc, reason))
    if isinstance(exc, neterror.DNSLookupError):
        return Failure("dns", error=text)
    if isinstance(exc, neterror.ConnectionRefusedError):
        return Failure("refused", error=text)
    if isinstance(exc, (neterror.TimeoutError, neterror.TCPTimedOutError, DeferTimeoutError)):
        return Failure("timeout", error=text)
    if isinstance(exc, (ResponseFailed, ResponseNeverReceived)):
        inner = " ".join(type(r.value).__name__ for r in getattr(exc, "reasons", []))
        if "SSL" in inner or "TLS" in inner:
            return Failure("tls", error=text + " " + inner)
        return Failure("reset", error=(text + " " + inner).strip())
    if isinstance(exc, (neterror.ConnectionLost, neterror.ConnectionDone,
                        neterror.ConnectError)):
        return Failure("reset", error=text)
    if "SSL" in type(exc).__name__ or "ssl" in type(exc).__module__.lower():
        return Failure("tls", error=text)
    return Failure("error", error=text)


def _cut_reading(exc: BaseException) -> str | None:
    """Why Scrapy stopped reading an answer it had begun to get, when it did: the body, or
    the inflating of it, passed DOWNLOAD_MAXSIZE. The download handler cancels a body that
    grows past the bound without a message; the only other cancel is the crawl's own end."""
    text = str(exc)
    bound = size_text(DOWNLOAD_MAXSIZE)
    if isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in text:
        return f"响应解压后超过{bound}上限，未读完"
    cancelled = getattr(scrapy_errors, "DownloadCancelledError", None)
    if cancelled is not None and isinstance(exc, cancelled):
        if "max size" in text or not text:
            return f"响应超过{bound}上限，未读完"
    return None


def _short(exc: BaseException, reason: str) -> str:
    """A one-line error for the evidence; timeouts say how long we waited."""
    text = str(exc)
    if reason == "timeout":
        return "超过时限未完成响应" + (f"({text.split('longer than ')[-1].rstrip('.')})"
                                      if "longer than" in text else "")
    return f"{type(exc).__name__}: {text}"[:300]


def is_html(response) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if ctype:
        return "html" in ctype or "xml" in ctype
    return response.body[:200].lstrip().startswith(b"<")


@dataclass(frozen=True)
class Answer:
    """The raw facts of a final answer, stored with its link check: checks/links.py judges
    them (soft 404, refusal, bot challenge) with the rulebook's thresholds."""

    status: int
    text_length: int | None = None  # visible text of an HTML body read; None when none was
    notfound_words: tuple[str, ...] = ()
    challenge_markers: tuple[str, ...] = ()

    def facts(self) -> dict:
        """The answer as the link check's fields."""
        return {"text_length": self.text_length, "notfound_words": list(self.notfound_words),
                "challenge_markers": list(self.challenge_markers)}


def read_answer(response, method: str, vocabulary: list[str]) -> Answer:
    """What a final (non-redirect) answer to a ``method`` request says: only a body read by
    GET (or POST) is looked at, for the ``vocabulary`` of "not found" words."""
    if method == "HEAD" or not response.body or not is_html(response):
        return Answer(response.status)
    html = response.text
    text = visible_text(html)
    return Answer(response.status, len(text), tuple(words_seen(text, vocabulary)),
                  tuple(challenge_markers(html)))


def answer_failure(answer: Answer, link_rules: dict) -> Failure | None:
    """How the crawl takes an answer: as the audit's rulebook judges it (checks/links.py),
    to decide whether to confirm it and whether to read it as a page. The finding itself is
    judged again from the stored facts."""
    outcome, reason, error = judge_answer(answer.status, answer.text_length,
                                          answer.notfound_words, answer.challenge_markers,
                                          link_rules)
    return None if outcome == "ok" else Failure(reason, status=answer.status, error=error)


def crawl_link_rules(settings) -> tuple[dict, list[str]]:
    """The rulebook's links section the crawl takes answers by (the defaults, with the
    audit's soft-404 length and words that runner.crawl_settings passes), and the "not found"
    words it looks for: the default ones and the audit's, so that another rulebook can
    judge the stored run again."""
    rules = load_rulebook()["links"]
    defaults = list(rules["soft404_phrases"])
    rules["soft404_max_length"] = settings.getint("GOVPATROL_SOFT404_MAX_CHARS",
                                                  rules["soft404_max_length"])
    rules["soft404_phrases"] = settings.getlist("GOVPATROL_SOFT404_PHRASES") or defaults
    return rules, list(dict.fromkeys(defaults + rules["soft404_phrases"]))


def redirect_target(response) -> str | None:
    if response.status not in REDIRECT_STATUSES:
        return None
    location = response.headers.get(b"Location")
    if not location:
        return None
    return try_normalize(location.decode("latin-1"), response.url)
