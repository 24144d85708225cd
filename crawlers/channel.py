"""What a crawl process and the process that starts it agree on. Kept free of Scrapy, so
that the parent, which only waits and reads, never loads the crawl's libraries."""

PROGRESS_PREFIX = "@@progress "  # a progress line on the file descriptor the parent passes
# The crawl's database URL reaches the child in its environment, never in the config file.
DATABASE_ENV = "GOVPATROL_CRAWL_DATABASE"
