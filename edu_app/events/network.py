"""The host's addresses on the local network, and which one attendees should use."""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys
from dataclasses import dataclass

# Interfaces of containers and VPNs: reachable from this machine only, not from phones.
_VIRTUAL_PREFIXES = ("docker", "br-", "veth", "virbr", "lo", "tun", "tap", "wg", "zt", "cni", "flannel")


@dataclass(frozen=True)
class LanAddress:
    """An IPv4 address of this machine, the interface it is on, and whether to recommend it."""

    address: str
    interface: str
    recommended: bool


def _default_route_address() -> str | None:
    """The address this machine sends from by default (no packet is sent: a UDP socket only
    picks its route when it connects)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1, never routed to anyone
            return str(probe.getsockname()[0])
        except OSError:
            return None


def _interface_addresses() -> list[tuple[str, str]]:
    """(interface, IPv4 address) pairs; on Linux asked from the kernel per interface."""
    found: list[tuple[str, str]] = []
    if sys.platform.startswith("linux"):
        import fcntl

        for _index, name in socket.if_nameindex():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                try:
                    packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))  # SIOCGIFADDR
                except OSError:
                    continue
                found.append((name, socket.inet_ntoa(packed[20:24])))
    if not found:
        try:
            for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
                found.append(("", str(info[4][0])))
        except OSError:
            pass
    return found


def lan_addresses() -> list[LanAddress]:
    """This machine's LAN addresses, the recommended one first (a private address on the
    interface of the default route, else any private address on a real interface)."""
    default = _default_route_address()
    candidates: list[tuple[str, str]] = []
    for interface, address in _interface_addresses():
        ip = ipaddress.ip_address(address)
        if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
            continue
        if (interface, address) not in candidates:
            candidates.append((interface, address))

    def rank(pair: tuple[str, str]) -> tuple[int, int, int]:
        interface, address = pair
        virtual = interface.startswith(_VIRTUAL_PREFIXES)
        return (address != default, virtual, not ipaddress.ip_address(address).is_private)

    candidates.sort(key=rank)
    return [LanAddress(address, interface, index == 0 and not interface.startswith(_VIRTUAL_PREFIXES))
            for index, (interface, address) in enumerate(candidates)]
