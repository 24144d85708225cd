"""Every check module, imported so that its rules register; the package imports this first,
so whoever reads ``checks.base.RULES`` sees them all."""
from __future__ import annotations

from checks import (  # noqa: F401  (each module registers its rules)
    availability,
    freshness,
    identity,
    interpretation,
    ipv6,
    links,
    messages,
    newmedia,
)
