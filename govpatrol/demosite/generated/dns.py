"""A small authoritative DNS server on 127.0.0.1 (UDP and TCP, one free port) that answers the
generated site's host names with loopback addresses and every other name with NXDOMAIN, so
an audit run with ``--nameserver`` never asks anything outside the machine."""
from __future__ import annotations

import socket
import threading
from typing import Mapping, Sequence

from dnslib import AAAA, QTYPE, RCODE, RR, A, DNSRecord
from dnslib.server import BaseResolver, DNSLogger, DNSServer

TTL = 60


class LoopbackZone(BaseResolver):
    """name -> {"A": [...], "AAAA": [...]}; unknown names are NXDOMAIN."""

    def __init__(self, zone: Mapping[str, Mapping[str, Sequence[str]]]):
        self.zone = {name.lower().rstrip("."): dict(records) for name, records in zone.items()}
        self.asked: list[str] = []
        self._lock = threading.Lock()

    def resolve(self, request: DNSRecord, handler) -> DNSRecord:
        reply = request.reply()
        name = str(request.q.qname).lower().rstrip(".")
        qtype = QTYPE[request.q.qtype]
        with self._lock:
            self.asked.append(name)
        records = self.zone.get(name)
        if records is None:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        kind = {"A": A, "AAAA": AAAA}.get(qtype)
        for value in records.get(qtype, []) if kind else []:
            reply.add_answer(RR(name, getattr(QTYPE, qtype), ttl=TTL, rdata=kind(value)))
        return reply


class LoopbackDNS:
    def __init__(self, zone: Mapping[str, Mapping[str, Sequence[str]]]):
        self.resolver = LoopbackZone(zone)
        self.port = 0
        self._servers: list[DNSServer] = []

    @property
    def address(self) -> str:
        """``127.0.0.1:PORT``, the form ``--nameserver`` takes."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> LoopbackDNS:
        quiet = DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data", prefix=False,
                          logf=lambda _text: None)
        for _attempt in range(20):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            udp = DNSServer(self.resolver, address="127.0.0.1", port=port, logger=quiet)
            try:
                tcp = DNSServer(self.resolver, address="127.0.0.1", port=port, tcp=True, logger=quiet)
            except OSError:  # the TCP twin of a free UDP port is taken
                udp.server.server_close()
                continue
            self.port, self._servers = port, [udp, tcp]
            for server in self._servers:
                server.server.daemon_threads = True
                threading.Thread(target=server.server.serve_forever, kwargs={"poll_interval": 0.05},
                                 daemon=True).start()
            return self
        raise RuntimeError("no free port for the local DNS server")

    def stop(self) -> None:
        for server in self._servers:
            server.server.shutdown()
            server.server.server_close()
        self._servers = []
