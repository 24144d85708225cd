"""A small authoritative DNS server on 127.0.0.1 for tests (UDP and TCP, one free port).

The zone is a plain dict, so a test states exactly which names have which records::

    zone = {
        "www.yunxi.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]},
        "yunxi.gov.cn": {"NS": ["ns1.yunxi.gov.cn"]},
        "ns1.yunxi.gov.cn": {"A": ["127.0.0.1"], "AAAA": ["::1"]},
        "cdn.yunxi.gov.cn": {"CNAME": "www.yunxi.gov.cn"},
    }
    with LocalDNS(zone) as dns:
        resolver = NameResolver((dns.address,))

Names are matched without case and without the trailing dot. A name the zone does not hold
is NXDOMAIN; a known name without records of the asked type answers NOERROR with no
records (what dnspython reports as NoAnswer). ``queries`` records every question asked.
"""
from __future__ import annotations

import socket
import threading
from typing import Mapping, Sequence

from dnslib import AAAA, CNAME, NS, QTYPE, RCODE, RR, A, DNSRecord
from dnslib.server import BaseResolver, DNSLogger, DNSServer

Zone = Mapping[str, Mapping[str, Sequence[str] | str]]

_RECORD_TYPES = {"A": A, "AAAA": AAAA, "NS": NS, "CNAME": CNAME}
_TTL = 60
_MAX_CNAME_HOPS = 8


def _key(name: str) -> str:
    return name.lower().rstrip(".")


class ZoneResolver(BaseResolver):
    """Answers questions from the zone dict (thread-safe: the zone is read only)."""

    def __init__(self, zone: Zone):
        self.zone = {_key(name): dict(records) for name, records in zone.items()}
        for name, records in self.zone.items():
            unknown = set(records) - set(_RECORD_TYPES)
            if unknown:
                raise ValueError(f"{name}: unsupported record types {sorted(unknown)}")
        self.queries: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def resolve(self, request: DNSRecord, handler) -> DNSRecord:
        reply = request.reply()  # sets QR and AA
        qname = str(request.q.qname)
        qtype = QTYPE[request.q.qtype]
        with self._lock:
            self.queries.append((_key(qname), qtype))
        name = _key(qname)
        for _hop in range(_MAX_CNAME_HOPS):
            records = self.zone.get(name)
            if records is None:
                if name == _key(qname):
                    reply.header.rcode = RCODE.NXDOMAIN
                return reply
            alias = records.get("CNAME")
            if alias and qtype != "CNAME":
                reply.add_answer(RR(name, QTYPE.CNAME, ttl=_TTL, rdata=CNAME(alias)))
                name = _key(str(alias))
                continue
            for value in self._values(records, qtype):
                reply.add_answer(RR(name, getattr(QTYPE, qtype), ttl=_TTL,
                                    rdata=_RECORD_TYPES[qtype](value)))
            return reply
        return reply

    @staticmethod
    def _values(records: Mapping[str, Sequence[str] | str], qtype: str) -> list[str]:
        if qtype not in _RECORD_TYPES:
            return []
        values = records.get(qtype, [])
        return [values] if isinstance(values, str) else list(values)


class LocalDNS:
    """Context manager serving ``zone`` on 127.0.0.1 over UDP and TCP on one free port."""

    def __init__(self, zone: Zone):
        self.resolver = ZoneResolver(zone)
        self.port = 0
        self._servers: list[DNSServer] = []

    @property
    def address(self) -> str:
        """``127.0.0.1:PORT``, the form ``--nameserver`` and ``NameResolver`` take."""
        return f"127.0.0.1:{self.port}"

    @property
    def queries(self) -> list[tuple[str, str]]:
        """(name, type) of every question asked so far, in order."""
        return list(self.resolver.queries)

    def start(self) -> "LocalDNS":
        logger = DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data",
                           prefix=False, logf=lambda _text: None)
        for _attempt in range(20):
            port = _free_port()
            udp = DNSServer(self.resolver, address="127.0.0.1", port=port, logger=logger)
            try:
                tcp = DNSServer(self.resolver, address="127.0.0.1", port=port, tcp=True,
                                logger=logger)
            except OSError:  # the UDP port was free but its TCP twin is taken
                udp.server.server_close()
                continue
            self.port, self._servers = port, [udp, tcp]
            for server in self._servers:
                server.server.daemon_threads = True
                # A short poll interval makes stop() quick (dnslib's own thread polls at 0.5 s).
                threading.Thread(target=server.server.serve_forever,
                                 kwargs={"poll_interval": 0.05}, daemon=True).start()
            return self
        raise RuntimeError("no free port for the test DNS server")

    def stop(self) -> None:
        for server in self._servers:
            server.server.shutdown()
            server.server.server_close()
        self._servers = []

    def __enter__(self) -> "LocalDNS":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
