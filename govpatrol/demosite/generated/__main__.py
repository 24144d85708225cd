"""Serve one generated site until Ctrl-C: ``python -m govpatrol.demosite.generated --seed 7``.

Prints the homepage URL, the local DNS server to pass as ``--nameserver``, the as-of date and
the audit command; ``--truth`` also prints what the audit must find.
"""
from __future__ import annotations

import argparse
import threading

from govpatrol.demosite.generated.build import generate
from govpatrol.demosite.generated.server import GeneratedServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govpatrol.demosite.generated",
                                     description="Serve one seeded simulated government website locally.")
    parser.add_argument("--seed", type=int, required=True, help="which site to generate")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 and ::1 (default: a free one)")
    parser.add_argument("--no-ipv6", action="store_true", help="serve on 127.0.0.1 only")
    parser.add_argument("--truth", action="store_true", help="print the expected findings too")
    args = parser.parse_args(argv)
    site = generate(args.seed)
    with GeneratedServer(site, ipv6=not args.no_ipv6, port=args.port) as served:
        as_of = site.truth.as_of.isoformat()
        print(f"seed {site.seed} ({site.family}, {len(site.truth.findings)} planted findings, "
              f"verdict {site.truth.verdict}): {served.home}")
        print(f"nameserver {served.dns.address}; as-of {as_of}")
        print(f"govpatrol audit {served.home} --as-of {as_of} --nameserver {served.dns.address}", flush=True)
        if args.truth:
            for expect in site.truth.findings:
                print(f"  {expect.check:24} {expect.severity:6} {served.url(expect.url)}  {expect.note}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
