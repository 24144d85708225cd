"""Defaults of one site crawl, read by the crawler, the inspection, the scheduler and the
command line alike."""

MAX_PAGES = 2000  # pages fetched per site before the crawl stops (the rest is unchecked)
RENDER = True  # read script-drawn lists through the browser
