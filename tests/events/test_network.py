"""Which LAN address the organiser is told to use."""

from __future__ import annotations

import pytest

from edu_app.events import network


def test_the_default_route_address_is_recommended_and_virtual_interfaces_come_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "_interface_addresses", lambda: [
        ("lo", "127.0.0.1"), ("docker0", "172.17.0.1"), ("eth0", "10.0.0.5"), ("wlan0", "192.168.1.20"),
        ("eth1", "169.254.3.3"),
    ])
    monkeypatch.setattr(network, "_default_route_address", lambda: "192.168.1.20")
    found = network.lan_addresses()
    assert [(a.interface, a.address, a.recommended) for a in found] == [
        ("wlan0", "192.168.1.20", True), ("eth0", "10.0.0.5", False), ("docker0", "172.17.0.1", False),
    ]


def test_without_a_default_route_a_real_interface_beats_a_container_bridge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "_interface_addresses", lambda: [("docker0", "172.17.0.1"), ("eth0", "10.0.0.5")])
    monkeypatch.setattr(network, "_default_route_address", lambda: None)
    assert [(a.interface, a.recommended) for a in network.lan_addresses()] == [("eth0", True), ("docker0", False)]
