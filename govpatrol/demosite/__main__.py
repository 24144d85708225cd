"""Serve the simulated sites until Ctrl-C: ``python -m govpatrol.demosite --host 127.0.0.1 --port 8080``."""
from __future__ import annotations

import argparse
import threading

from govpatrol.demosite.clock import AS_OF
from govpatrol.demosite.server import DemoSites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govpatrol.demosite",
                                     description="Serve the simulated government websites locally.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1 or ::1)")
    parser.add_argument("--port", type=int, default=8080, help="port of the main site")
    parser.add_argument("--stale-port", type=int, default=8081, help="port of the stale county site")
    parser.add_argument("--external-port", type=int, default=8082, help="port of the external site")
    parser.add_argument("--scale", type=int, default=None, help="generate a main site of about N pages")
    args = parser.parse_args(argv)
    ports = {"main": args.port, "stale": args.stale_port, "external": args.external_port}
    demo = DemoSites(args.host, ports, scale=args.scale).start()
    print(f"main     {demo.main}")
    print(f"stale    {demo.stale}")
    print(f"external {demo.external}")
    print(f"监测日期 (as-of) {AS_OF.isoformat()}; Ctrl-C to stop", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        demo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
