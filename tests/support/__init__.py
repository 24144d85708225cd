"""Local network fixtures for tests: a DNS server and HTTP servers on 127.0.0.1 and ::1.

Nothing here talks to anything but the loopback addresses.
"""
