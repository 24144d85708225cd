"""Scrapy settings for govpatrol's crawlers: polite by default, settings as data.

The runner adds the per-inspection values (run id, database, budget, name servers).
"""
from crawlers.bounds import DOWNLOAD_MAXSIZE  # noqa: F401 (Scrapy reads it from here)
from crawlers.politeness import DEFAULT as DEFAULT_POLITENESS, politeness_settings

BOT_NAME = "govpatrol"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Say who we are: site owners see the inspector in their logs.
USER_AGENT = "govpatrol/0.1 (+government website inspection; 政府网站监管巡检)"
ROBOTSTXT_OBEY = True

# Politeness: the default level (crawlers/politeness.py holds every level); the runner sets
# the level an inspection asks for.
globals().update(politeness_settings(DEFAULT_POLITENESS))

# SPEC §2: no complete answer within 15 s is a failure.
DOWNLOAD_TIMEOUT = 15
DNS_TIMEOUT = 15
# DOWNLOAD_MAXSIZE (imported above) also bounds what Scrapy inflates from one response.
DOWNLOAD_WARNSIZE = 0

# Redirects and confirmation tries are Scrapy's own middlewares, subclassed so that a redirect
# loop, a chain longer than the limit and a failure confirmed by a second try are recorded as
# what they are (crawlers/middlewares.py).
REDIRECT_ENABLED = True
METAREFRESH_ENABLED = False
RETRY_ENABLED = True
RETRY_TIMES = 1
RETRY_HTTP_CODES: list[int] = []
HTTPERROR_ALLOW_ALL = True
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffMiddleware": 50,
    "crawlers.middlewares.ConfirmMiddleware": 550,  # Scrapy's RetryMiddleware's place
    "crawlers.middlewares.ChainRedirectMiddleware": 600,  # Scrapy's RedirectMiddleware's place
}

COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

ITEM_PIPELINES = {"crawlers.pipelines.StoragePipeline": 300}
# Items of one response processed at a time. The pipeline stores synchronously, so running
# many at once gains nothing, and Scrapy starts this many tasks for every response
# (CONCURRENT_ITEMS=100, the default, made a tenth of the crawl's CPU on the benchmark).
CONCURRENT_ITEMS = 4
EXTENSIONS = {"crawlers.extensions.ProgressReporter": 500}

# Breadth first: columns and their paging before deep article chains, so that a page budget
# spends itself on what the checks need most.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Our own settings.
GOVPATROL_MAX_REDIRECTS = 8
GOVPATROL_NAMESERVERS: list[str] = []
GOVPATROL_FLUSH_EVERY = 1000  # rows per transaction
