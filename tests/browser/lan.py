"""A real LAN visitor for browser tests: Chromium in its own network namespace, joined to this
machine by a veth pair, reaching the app at the pair's address (never the loopback address).

Needs root and the ``ip`` command; traffic stays on the pair. The namespace and the link are
removed at the end, also when the test fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.harness import CHROMIUM

# A private range nothing else on these machines uses; each run takes a random /30 of it.
SUBNET_PREFIX = "10.203"


@dataclass(frozen=True)
class Lan:
    """A namespace with one veth end; ``host_address`` is the end on this machine."""

    namespace: str
    host_address: str
    visitor_address: str
    # Give this to Playwright as ``executable_path``: Chromium started inside the namespace.
    chromium: Path


def skip_unless_possible() -> None:
    """Skip (with the reason) where namespaces cannot be made: not root, or no ``ip`` command."""
    if os.geteuid() != 0:
        pytest.skip("a LAN visitor needs a network namespace, and creating one needs root")
    if shutil.which("ip") is None:
        pytest.skip("a LAN visitor needs the 'ip' command (Debian package iproute2)")


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


def _taken_addresses() -> str:
    return subprocess.run(["ip", "-4", "-o", "addr"], check=True, capture_output=True, text=True).stdout


@contextmanager
def lan_visitor(scratch: Path) -> Iterator[Lan]:
    """Create the namespace and veth pair; yield them; remove both whatever happens."""
    skip_unless_possible()
    tag = secrets.token_hex(3)
    namespace, host_end, visitor_end = f"iq-lan-{tag}", f"iqh{tag}", f"iqv{tag}"
    taken = _taken_addresses()
    for _attempt in range(50):
        third, base = secrets.randbelow(256), 4 * secrets.randbelow(64)
        network = f"{SUBNET_PREFIX}.{third}."
        if f"{network}{base + 1}/" not in taken and f"{network}{base + 2}/" not in taken:
            break
    host_address, visitor_address = f"{network}{base + 1}", f"{network}{base + 2}"
    wrapper = scratch / f"chromium-in-{namespace}"
    wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {namespace} {CHROMIUM} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    try:
        _ip("netns", "add", namespace)
        _ip("link", "add", host_end, "type", "veth", "peer", "name", visitor_end)
        _ip("link", "set", visitor_end, "netns", namespace)
        _ip("addr", "add", f"{host_address}/30", "dev", host_end)
        _ip("link", "set", host_end, "up")
        _ip("netns", "exec", namespace, "ip", "addr", "add", f"{visitor_address}/30", "dev", visitor_end)
        _ip("netns", "exec", namespace, "ip", "link", "set", visitor_end, "up")
        _ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up")
        yield Lan(namespace, host_address, visitor_address, wrapper)
    finally:
        # Deleting one end removes the pair; deleting the namespace removes what is left in it.
        subprocess.run(["ip", "link", "del", host_end], capture_output=True)
        subprocess.run(["ip", "netns", "del", namespace], capture_output=True)
