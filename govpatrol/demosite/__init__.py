"""Local simulated government websites for tests, demos and benchmarks.

``DemoSites`` serves three sites on local ports: the 云溪市 city portal (``main``: TRS and
Hanweb columns, a GBK sub-site, every planted problem and decoy), a stale county site
(``stale``) and an "external" site (``external``). ``expected.py`` states what an audit of
them must and must not find, as of ``AS_OF``.
"""
from govpatrol.demosite.clock import AS_OF
from govpatrol.demosite.large import build_large_site
from govpatrol.demosite.server import DemoSites

__all__ = ["AS_OF", "DemoSites", "build_large_site"]
