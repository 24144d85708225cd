"""Seeded simulated government websites with their truth, for measuring the audit on sites
nobody tuned it to.

``generate(seed)`` builds one site (six CMS families crossed with randomised templates, planted
problems and decoys) and ``GeneratedServer`` serves it on 127.0.0.1 and ::1 under its host
names, with a local DNS server that knows them.
"""
from govpatrol.demosite.generated.build import generate
from govpatrol.demosite.generated.site import ColumnFact, Expect, Site, Truth, with_port

__all__ = ["ColumnFact", "Expect", "Site", "Truth", "generate", "with_port"]
