"""Downloader middlewares of the site crawl: Scrapy's own redirect and retry machinery,
subclassed so that what happened to a fetch is recorded as what it was.

A request the crawl records carries ``meta["origin"]``, the address it asked for. For those:

- ``ChainRedirectMiddleware`` (Scrapy's RedirectMiddleware) follows a redirect chain and ends
  it as a failure (``meta["failure"]``) when it loops, when it passes the redirect limit
  (GOVPATROL_MAX_REDIRECTS) or when its Location is not an address.
- ``ConfirmMiddleware`` (Scrapy's RetryMiddleware) reads the raw facts of a final answer
  (``meta["answer"]``) and takes them as the audit's rulebook does (``meta["failure"]``; the
  finding itself is judged again in checks/ from the stored facts), asks again with GET when
  HEAD is not enough (a refused HEAD may work as GET; only the body of an HTML answer can say
  "not found"), and confirms a failure with one more try from the origin after
  GOVPATROL_CONFIRM_DELAY seconds.
- ``BackoffMiddleware`` waits that delay before the confirmation try is sent.

The spider reads, from a final response or from a request that failed, Scrapy's
``redirect_urls`` (the chain followed: ``redirects``) and ``retry_times`` (``attempts`` - 1)
and our ``failure`` and ``answer``. Other requests (robots.txt) are not redirected and get
Scrapy's plain retry of a network error.
"""
from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request

from crawlers.fetching import (
    REDIRECT_STATUSES, Failure, answer_failure, classify_exception, crawl_link_rules, is_html,
    read_answer, redirect_target,
)

# A request asked again waits behind every first request of the crawl (as the spider's own
# second asks do), one level deeper than the request it repeats.
AGAIN_PRIORITY = -20
# Meta that belongs to one download, and to one chain of redirects.
_PER_DOWNLOAD = ("download_slot", "download_latency", "download_timeout", "failure", "answer")
_CHAIN = ("redirect_urls", "redirect_times", "redirect_ttl", "redirect_reasons")


def recorded(request) -> bool:
    """A request of the crawl's own, whose outcome is recorded (robots.txt is not)."""
    return "origin" in request.meta


def fresh_meta(meta: dict, *, new_chain: bool, **changes) -> dict:
    """The meta of a request asked again: nothing of the last download, and no redirect
    chain when it starts again from the origin."""
    dropped = _PER_DOWNLOAD + (_CHAIN if new_chain else ())
    kept = {key: value for key, value in meta.items() if key not in dropped}
    kept.update(changes)
    return kept


def queue_again(request, depth_priority: int) -> None:
    """Queue ``request`` as a request the spider yields again would be: behind the first
    requests, one level deeper (what Scrapy's DepthMiddleware does to a callback's output)."""
    depth = request.meta.get("depth", 0) + 1
    request.meta["depth"] = depth
    request.priority = AGAIN_PRIORITY - depth * depth_priority


class ChainRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, with the chain kept to its end: a loop, a chain over the limit
    and an invalid Location are failures of the request, not requests that vanish."""

    def __init__(self, settings):
        super().__init__(settings)
        self.max_redirect_times = settings.getint("GOVPATROL_MAX_REDIRECTS",
                                                  self.max_redirect_times)
        self.depth_priority = settings.getint("DEPTH_PRIORITY")

    def process_response(self, request, response, spider=None):
        if not recorded(request) or request.meta.get("dont_redirect") \
                or response.status not in REDIRECT_STATUSES \
                or not response.headers.get(b"Location"):
            return response  # a redirect without a target is judged as an answer
        target = redirect_target(response)
        chain = [*request.meta.get("redirect_urls", []), response.url]
        if target is None:
            failure = Failure("redirects", status=response.status, error="重定向地址无效")
        elif target in chain:
            failure = Failure("loop", status=response.status, error=f"重定向循环({len(chain)}次)")
        elif len(chain) > self.max_redirect_times:
            failure = Failure("redirects", status=response.status,
                              error=f"重定向超过{self.max_redirect_times}次")
        else:
            return self._follow(request, response, target)
        request.meta["failure"] = failure
        return response

    def _follow(self, request, response, target: str):
        if request.method == "POST" and response.status in (301, 302, 303):
            redirected = self._redirect_request_using_get(request, response, target)
        else:
            redirected = self._build_redirect_request(request, response, url=target)
        redirected = self._redirect(redirected, request, response.status)
        for key in _PER_DOWNLOAD:
            redirected.meta.pop(key, None)
        queue_again(redirected, self.depth_priority)
        return redirected


class ConfirmMiddleware(RetryMiddleware):
    """Scrapy's retry, as the crawl's confirmation try: a failure that may pass (an HTTP
    error, a network error, a soft 404) is asked once more from the origin after a back-off,
    and a HEAD that is not enough is asked again as GET."""

    def __init__(self, settings):
        super().__init__(settings)
        self.delay = settings.getfloat("GOVPATROL_CONFIRM_DELAY", 1.0)
        self.depth_priority = settings.getint("DEPTH_PRIORITY")
        self.link_rules, self.vocabulary = crawl_link_rules(settings)

    def process_response(self, request, response, spider=None):
        if not recorded(request):
            return super().process_response(request, response)
        failure = request.meta.get("failure")
        if failure is None:  # an answer (a redirect chain that ended badly is not one)
            answer = read_answer(response, request.method, self.vocabulary)
            failure = answer_failure(answer, self.link_rules)
            request.meta.update(answer=answer, failure=failure)
            if request.method == "HEAD" and (
                    failure.outcome == "broken" if failure is not None else is_html(response)):
                # HEAD is not enough: a refused HEAD may work as GET (405), and a soft 404
                # only shows in the body.
                return self._again(request, "GET")
        if failure is not None and failure.confirmable:
            return self._confirm(request, failure) or response
        return response

    def process_exception(self, request, exception, spider=None):
        if not recorded(request):
            return super().process_exception(request, exception)
        if request.meta.get("playwright"):
            return None  # the browser failed: the spider reads the page as served instead
        failure = classify_exception(exception)
        if not failure.confirmable:
            return None
        if request.method == "HEAD":
            # The GET fallback doubles as the confirmation of a network failure.
            return self._again(request, "GET", retry_times=1)
        return self._confirm(request, failure)

    def _again(self, request, method: str, **meta):
        """``request`` asked again from its origin, the redirect chain started afresh."""
        again = request.replace(url=request.meta["origin"], method=method,
                                meta=fresh_meta(request.meta, new_chain=True, **meta))
        queue_again(again, self.depth_priority)
        return again

    def _confirm(self, request, failure: Failure):
        """The confirmation try (GET where HEAD was asked), after the back-off; None once the
        request has been tried that second time."""
        limit = request.meta.get("max_retry_times", self.max_retry_times)
        if request.meta.get("retry_times", 0) >= limit:
            return None
        again = self._again(request, "GET" if request.method == "HEAD" else request.method)
        retry = get_retry_request(again, spider=self.crawler.spider, reason=failure.reason,
                                  max_retry_times=limit, priority_adjust=0)
        if retry is not None:
            retry.meta["backoff"] = self.delay
        return retry


class BackoffMiddleware:
    """Waits ``meta["backoff"]`` seconds before a confirmation retry is sent, so that a
    second try does not hit a struggling server at once."""

    async def process_request(self, request, spider=None):
        delay = request.meta.get("backoff")
        if delay:
            request.meta["backoff"] = 0
            await asyncio.sleep(delay)
        return None
