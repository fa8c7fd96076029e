"""Capacity: N learners at once, each a real app session driven over the web client's protocol.

No browser: each simulated learner opens the WebSocket a phone's Flet web client opens (``/ws``),
speaks its protocol (MessagePack frames ``[action, body]``: register the client, apply the
control patches the server sends, answer the server's method calls such as local-storage reads,
send ``click``/``change`` events and property updates on the control ids found in the patches),
and does what a learner at an event does:

1. opens the event's address (as after scanning its QR code), types the room PIN and joins (the
   server gives them a nickname); with ``--no-event``, starts as a new learner with a nickname;
2. opens the first lesson's quiz and answers its seven questions (the same answers a person gives
   in the browser test: six right), gets the simulator unlocked;
3. opens a trading scenario, buys, moves a day on, sells.

A learner pauses ``--think`` seconds between actions (people read). It measures the time from
sending an answer (``Check``, or a scenario choice) to the first patch the server sends back (the
feedback), and the same for placing an order. The script prints the sessions held at once, the
server's resident memory per session and CPU use, and the p50/p95 latencies.

By default it starts its own ``edu-app event serve`` on 127.0.0.1 with a temporary data dir; an
organiser session opens joining on the organiser screen before the learners arrive, and the
organiser screen and the projector screen stay open (and redraw as people join) throughout. ``--url``
drives a server already running (``--code`` and ``--pin`` to join its event; its process id, for
memory and CPU, with ``--pid``). Traffic goes only to 127.0.0.1; every learner stops after its
script or at ``--duration``, whichever comes first, and the script ends by itself.

Usage: python benchmarks/load_event.py [-n 50] [--think 2 6] [--duration 300] [--ramp 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgpack
from websockets.asyncio.client import connect

REGISTER_CLIENT, PATCH_CONTROL, CONTROL_EVENT, UPDATE_CONTROL_PROPS, INVOKE_METHOD, SESSION_CRASHED = 1, 2, 3, 4, 5, 6
REPLACE, ADD, REMOVE, MOVE = 0, 1, 2, 3
STEP_TIMEOUT = 30.0
# A screen that sent nothing for this long has finished drawing.
SETTLE_SECONDS = 0.1
# After this long without a reply, a learner checks whether the control they tapped was replaced.
RETAP_SECONDS = 2.0
# After the time limit, learners get this long to close their connections.
GRACE_SECONDS = 15.0
# How many levels above a text a tap on it may reach (the text, its row, its tile or button).
TAP_REACH = 5
PAGE_ID = 1
PHONE = {"width": 390.0, "height": 844.0}
QUIZ = "/learn/anti-fraud-essentials/guaranteed-returns/quiz"
SCENARIO = "Start: One hot stock: Google after its IPO (2004-2009)"
TEXT_PROPS = ("value", "content", "label", "semantics_label", "tooltip", "text", "title")


class StepFailed(Exception):
    """A learner could not do the next step (what it waited for never showed)."""


def _decode_ext(code: int, data: bytes) -> Any:
    return data.decode("utf-8") if code in (1, 2, 4) else data


def _controls(value: Any) -> Iterator[dict[str, Any]]:
    """Every control (a dict with an ``_i`` id) inside ``value``."""
    if isinstance(value, dict):
        if "_i" in value:
            yield value
        for child in value.values():
            yield from _controls(child)
    elif isinstance(value, list):
        for child in value:
            yield from _controls(child)


def _shown(control: dict[str, Any]) -> bool:
    if control.get("visible") is False:
        return False
    kind = str(control.get("_c", ""))
    return not (kind.endswith(("Dialog", "BottomSheet", "SnackBar")) and control.get("open") is not True)


@dataclass
class ControlTree:
    """The client's copy of the page: the patches the server sends, applied as the Dart client does."""

    page: dict[str, Any] = field(default_factory=dict)
    index: dict[int, dict[str, Any]] = field(default_factory=dict)

    def reset(self, page: dict[str, Any]) -> None:
        self.page = page
        self.index = {control["_i"]: control for control in _controls(page)}

    def apply(self, control_id: int, patch: list[Any]) -> None:
        root = self.index.get(control_id)
        if root is None:
            return
        paths: dict[int, list[Any]] = {}

        def walk(node: list[Any], path: list[Any]) -> None:
            paths[node[0]] = path
            if len(node) > 1 and isinstance(node[1], dict):
                for key, child in node[1].items():
                    walk(child, [*path, key])

        walk(patch[0], [])

        def target(node: int) -> Any:
            obj: Any = root
            for key in paths[node]:
                obj = obj[key]
            return obj

        for op in patch[1:]:
            kind = op[0]
            if kind == REPLACE:
                target(op[1])[op[2]] = op[3]
                self._index(op[3])
            elif kind == ADD:
                obj = target(op[1])
                if isinstance(obj, list):
                    obj.insert(op[2], op[3])
                else:
                    obj[op[2]] = op[3]
                self._index(op[3])
            elif kind == REMOVE:
                obj = target(op[1])
                if isinstance(obj, list):
                    obj.pop(op[2])
                else:
                    obj.pop(op[2], None)
            elif kind == MOVE:
                source, destination = target(op[1]), target(op[3])
                value = source.pop(op[2])
                if isinstance(destination, list):
                    destination.insert(op[4], value)
                else:
                    destination[op[4]] = value

    def _index(self, value: Any) -> None:
        for control in _controls(value):
            self.index[control["_i"]] = control

    def find(self, match: Callable[[dict[str, Any]], bool]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Shown controls that ``match``, each with its ancestors (nearest last)."""
        found: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []

        def walk(value: Any, ancestors: list[dict[str, Any]]) -> None:
            if isinstance(value, dict):
                if "_i" in value:
                    if not _shown(value):
                        return
                    if match(value):
                        found.append((value, ancestors))
                    ancestors = [*ancestors, value]
                for child in value.values():
                    walk(child, ancestors)
            elif isinstance(value, list):
                for child in value:
                    walk(child, ancestors)

        walk(self.page, [])
        return found


def _clickable(control: dict[str, Any]) -> bool:
    return (control.get("on_click") is True or control.get("on_tap") is True) and control.get("disabled") is not True


def _says(control: dict[str, Any], text: str) -> bool:
    return any(isinstance(control.get(name), str) and text in control[name] for name in TEXT_PROPS)


@dataclass(frozen=True)
class Event:
    """An event the learners join: its code and room PIN."""

    code: str
    pin: str

    @property
    def join_route(self) -> str:
        return f"/event/{self.code}"


@dataclass
class Figures:
    """What all learners measured."""

    answers: list[float] = field(default_factory=list)
    trades: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    retaps: int = 0
    stopped: int = 0
    actions: list[float] = field(default_factory=list)
    finished: int = 0
    connected: int = 0
    peak_connected: int = 0


class Learner:
    """One person on a phone, as the server sees them: one WebSocket, one app session."""

    def __init__(self, number: int, ws_url: str, figures: Figures, think: tuple[float, float], deadline: float,
                 event: Event | None = None) -> None:
        self.number = number
        self.event = event
        self.ws_url = ws_url
        self.figures = figures
        self.think_range = think
        self.deadline = deadline
        self.tree = ControlTree()
        self.storage: dict[str, Any] = {}
        self.changed = asyncio.Event()
        self.patches = 0
        self.ws: Any = None
        self.random = random.Random(number)
        self.done = False

    async def run(self, hold: asyncio.Event) -> None:
        try:
            async with connect(self.ws_url, max_size=None, open_timeout=STEP_TIMEOUT, ping_interval=None) as ws:
                self.ws = ws
                self.figures.connected += 1
                self.figures.peak_connected = max(self.figures.peak_connected, self.figures.connected)
                reader = asyncio.create_task(self._read())
                try:
                    await self._script()
                    self.figures.finished += 1
                    self.done = True
                    # Stay connected (a phone keeps its tab open) until everyone is done.
                    await asyncio.wait_for(hold.wait(), timeout=max(0.0, self.deadline - time.monotonic()))
                finally:
                    reader.cancel()
                    self.figures.connected -= 1
        except Exception as error:  # a protocol surprise is a finding, not a crash of the benchmark
            if self.done:
                return  # closing after the script, e.g. at the time limit
            if time.monotonic() >= self.deadline - 0.5:
                self.figures.stopped += 1  # the run's time limit, not a fault of the server
            else:
                detail = str(error) if isinstance(error, StepFailed) else f"{type(error).__name__}: {error}"
                self.figures.errors.append(f"learner {self.number}: {detail}")

    # -- the wire -------------------------------------------------------------------------------

    async def _send(self, action: int, body: Any) -> None:
        await self.ws.send(b"\x00" + msgpack.packb([action, body]))

    async def _read(self) -> None:
        async for frame in self.ws:
            if not isinstance(frame, bytes) or not frame or frame[0] != 0:
                continue
            action, body = msgpack.unpackb(frame[1:], ext_hook=_decode_ext, strict_map_key=False)
            if action == REGISTER_CLIENT:
                if body.get("error"):
                    self.figures.errors.append(f"learner {self.number}: register: {body['error']}")
                self.tree.reset(body["page_patch"])
            elif action == PATCH_CONTROL:
                self.tree.apply(body["id"], body["patch"])
                self.patches += 1
            elif action == INVOKE_METHOD:
                # A reply too: a tap that opens another screen is first answered by a route change.
                self.patches += 1
                asyncio.create_task(self._answer_call(body))
            elif action == SESSION_CRASHED:
                self.figures.errors.append(f"learner {self.number}: session crashed: {body}")
            self.changed.set()

    async def _answer_call(self, call: dict[str, Any]) -> None:
        """Answer a method call from the server the way the web client does."""
        name, args = call.get("name"), call.get("args") or {}
        result: Any = None
        if name == "get_device_info":
            result = {"browser_name": "chrome", "language": "en", "languages": ["en"], "platform": "Linux armv8l",
                      "user_agent": "invest-quest-load", "vendor": "Google Inc.", "max_touch_points": 5,
                      "locales": [{"language_code": "en", "country_code": None, "script_code": None}]}
        elif name == "get":
            result = self.storage.get(args.get("key"))
        elif name == "set":
            self.storage[args.get("key")] = args.get("value")
            result = True
        elif name in ("remove", "clear"):
            self.storage.pop(args.get("key"), None) if name == "remove" else self.storage.clear()
            result = True
        elif name == "contains_key":
            result = args.get("key") in self.storage
        elif name == "push_route":
            # The browser changes its address, then tells the server about the new route.
            await self._route(args["route"])
        await self._send(INVOKE_METHOD, {"control_id": call["control_id"], "call_id": call["call_id"],
                                         "result": result, "error": None})

    async def _route(self, route: str) -> None:
        await self._send(UPDATE_CONTROL_PROPS, {"id": PAGE_ID, "props": {"route": route}})
        await self._send(CONTROL_EVENT, {"target": PAGE_ID, "name": "route_change", "data": {"route": route}})

    # -- what a person does -----------------------------------------------------------------------

    async def _wait_for(self, *texts: str, kind: str | None = None) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """The shown controls (of class ``kind``, if given) saying the first of ``texts`` that shows up."""
        text = " or ".join(texts)
        end = min(time.monotonic() + STEP_TIMEOUT, self.deadline)
        while True:
            for candidate in texts:
                found = self.tree.find(
                    lambda control: _says(control, candidate) and kind in (None, control.get("_c")))
                if found:
                    return found
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise StepFailed(f"never saw {text!r}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=remaining)
            except asyncio.TimeoutError:
                pass

    async def _think(self) -> None:
        await asyncio.sleep(self.random.uniform(*self.think_range))

    async def _settled(self) -> None:
        """Wait until the screen stops changing (a person taps what they see, not a half-drawn screen)."""
        while True:
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=SETTLE_SECONDS)
            except asyncio.TimeoutError:
                return

    def _tappable(self, text: str) -> dict[str, Any] | None:
        """The control a tap on ``text`` reaches: the clickable control nearest around the text
        (at most a few levels up, as a finger lands on the text), preferring a text that is exactly
        ``text``, then the nearest, then the one drawn last (on top)."""
        best: tuple[tuple[bool, int], dict[str, Any]] | None = None
        for control, ancestors in self.tree.find(lambda node: _says(node, text)):
            around = [control, *reversed(ancestors)][:TAP_REACH]
            distance, target = next(((d, node) for d, node in enumerate(around) if _clickable(node)), (0, None))
            if target is None:
                continue
            rank = (any(control.get(name) == text for name in TEXT_PROPS), -distance)
            if best is None or rank >= best[0]:
                best = (rank, target)
        return best[1] if best else None

    async def click(self, text: str) -> float:
        """Tap the control showing ``text``; the seconds until the server's first reply (a patch,
        or a route change for a tap that opens another screen).

        A tap that got no reply because the screen replaced the control just before it is made
        again on the control that shows ``text`` now, as a person taps again; the time counts
        from the first tap."""
        await self._wait_for(text)
        await self._settled()
        # A button that is still disabled (its enabling patch is on the way) is waited for.
        end = min(time.monotonic() + STEP_TIMEOUT, self.deadline)
        while self._tappable(text) is None and time.monotonic() < end:
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=max(0.0, end - time.monotonic()))
            except asyncio.TimeoutError:
                pass
        sent = time.perf_counter()
        target = self._tappable(text)
        if target is None:
            raise StepFailed(f"{text!r} is not clickable")
        while True:
            before = self.patches
            event = "click" if target.get("on_click") is True else "tap"
            await self._send(CONTROL_EVENT, {"target": target["_i"], "name": event, "data": None})
            end = min(time.monotonic() + STEP_TIMEOUT, self.deadline)
            while self.patches == before and time.monotonic() < end:
                self.changed.clear()
                try:
                    await asyncio.wait_for(self.changed.wait(), timeout=min(RETAP_SECONDS, max(0.0, end - time.monotonic())))
                except asyncio.TimeoutError:
                    # A tap on a control that the screen replaced meanwhile reaches nothing: a
                    # person taps what shows now. A tap on a control still shown is waited out.
                    current = self._tappable(text)
                    if current is not None and current["_i"] != target["_i"]:
                        target = current
                        self.figures.retaps += 1
                        break
            if self.patches != before:
                elapsed = time.perf_counter() - sent
                self.figures.actions.append(elapsed)
                return elapsed
            if time.monotonic() >= end:
                raise StepFailed(f"no reply to a tap on {text!r}")

    async def _tap_until(self, text: str, expected: str, tries: int = 3) -> None:
        """Tap ``text`` until ``expected`` shows: a tap answered only by an unrelated update (the
        event's live counts reach every phone) may have landed on a control just replaced."""
        for attempt in range(tries):
            await self.click(text)
            try:
                await asyncio.wait_for(self._wait_for(expected), timeout=STEP_TIMEOUT / tries)
                return
            except (asyncio.TimeoutError, StepFailed):
                if attempt == tries - 1:
                    raise StepFailed(f"never saw {expected!r}") from None
                self.figures.retaps += 1

    async def type_into(self, label: str, text: str) -> None:
        """Type ``text`` into the field labelled ``label`` (one change event, as after a paste)."""
        field_ = (await self._wait_for(label, kind="TextField"))[-1][0]
        await self._send(UPDATE_CONTROL_PROPS, {"id": field_["_i"], "props": {"value": text}})
        await self._send(CONTROL_EVENT, {"target": field_["_i"], "name": "change", "data": text})

    async def answer(self, *options: str) -> None:
        for option in options:
            await self.click(option)
            await self._think()
        self.figures.answers.append(await self.click("Check"))

    async def _script(self) -> None:
        page = {"route": "/", "pwa": False, "web": True, "debug": False, "wasm": True, "test": False,
                "multi_view": False, "pyodide": False, "platform_brightness": "light", **PHONE, "platform": "android",
                "window": {}, "media": {"device_pixel_ratio": 3.0, "orientation": "portrait"}}
        page["route"] = self.event.join_route if self.event else "/"
        await self._send(REGISTER_CLIENT, {"session_id": None, "page_name": "", "page": page})
        await self._send(UPDATE_CONTROL_PROPS, {"id": PAGE_ID, "props": PHONE})
        if self.event:
            # Scanned the QR code: the event's page asks for the room PIN; joining gives a nickname.
            await self.type_into("Room PIN", self.event.pin)
            await self._think()
            await self.click("Join")
            await self._wait_for("You are ")
        else:
            nickname = "Load" + "".join(self.random.choices(string.ascii_lowercase, k=6))
            await self.type_into("Nickname", nickname)
            await self._think()
            await self.click("Start")
            await self._wait_for("Knowledge score")
        await self._think()
        await self._route(QUIZ)
        await self._wait_for("Question 1 of 7")
        await self.answer("True")
        await self.click("Next question")
        await self.answer("Investments that can earn more usually carry more risk.")
        await self.click("Next question")
        await self.type_into("Your answer", "730")
        await self.answer()
        await self.click("Next question")
        await self.answer("“Guaranteed 2% a day.”", "“Only 50 places left, decide tonight.”",
                          "“Keep this between us, don't tell your family.”")
        await self.click("Next question")
        await self.answer("My plan pays 2%", "Zero risk: your principal", "Only 50 places left. The price", "DM me")
        await self.click("Next question")
        # The scenario is graded when it reaches an ending: the choice is the answer.
        self.figures.answers.append(
            await self.click("Ask how the money is made, and look the seller up on the regulator's list"))
        await self._think()
        await self.click("Next question")
        await self.answer("False")
        await self.click("See results")
        await self._wait_for("Lesson passed!")
        await self._think()
        await self._route("/simulate")
        await self.click(SCENARIO)
        await self._wait_for("Next day")
        for side, quantity in (("Buy", "100"), ("Sell", None)):
            await self._think()
            await self._tap_until(side, "Order ticket")
            if quantity:
                await self.type_into("Quantity", quantity)
            else:
                await self.click("Max")
            await self._think()
            self.figures.trades.append(await self.click(f"Place {side.lower()} order"))
            placed = "Order placed for the next trading day"
            if not _says((await self._wait_for(placed, "Think twice"))[0][0], placed):
                await self._think()
                await self.click("Continue")  # "Think twice" about the order: go on, as the test does
                await self._wait_for(placed)
            if self._tappable("Close") is not None:
                await self.click("Close")
            await self._think()
            await self.click("Next day")


@dataclass
class ServerProcess:
    """The measured server: its process and the worker processes it started (``--workers``),
    and the CPU seconds and memory they used together."""

    pid: int

    def pids(self) -> list[int]:
        found = [self.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == self.pid:
                found.append(int(stat.parent.name))
        return found

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields_[11]) + int(fields_[12])
        return total / os.sysconf("SC_CLK_TCK")

    def waiting_seconds(self) -> float:
        """Seconds the server's threads were ready to run but waited for a core (other programs)."""
        total = 0
        for pid in self.pids():
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    total += int((task / "schedstat").read_text().split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        return total / 1e9

    def rss_mb(self) -> float:
        total = 0.0
        for pid in self.pids():
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            total += next((int(line.split()[1]) / 1024 for line in lines if line.startswith("VmRSS:")), 0.0)
        return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "EDU_APP_DATA_DIR": data_dir}
    process = subprocess.Popen([sys.executable, "-m", "edu_app", "--web", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


def start_event_server(data_dir: str, capacity: int, workers: int = 1) -> tuple[subprocess.Popen[str], str, Event, str]:
    """``edu-app event serve`` on 127.0.0.1: the process, its address, the event and the organiser route."""
    port = _free_port()
    env = {**os.environ, "EDU_APP_DATA_DIR": data_dir, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "edu_app", "event", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--title", "Capacity test", "--capacity", str(max(capacity, 1)), "--workers", str(workers)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    printed: dict[str, str] = {}
    deadline = time.monotonic() + 90
    assert process.stdout is not None
    while time.monotonic() < deadline and not {"pin", "organiser"} <= printed.keys():
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("Attendees open:"):
            printed["attendees"] = line.split()[2]
        elif line.startswith("Room PIN:"):
            printed["pin"] = line.split()[2]
        elif line.startswith("Organiser link"):
            printed["organiser"] = line.rsplit(" ", 1)[-1].strip()
    if not {"attendees", "pin", "organiser"} <= printed.keys():
        process.kill()
        raise RuntimeError(f"edu-app event serve did not print its addresses: {printed}")
    # Nothing more is read from the server; its output must not fill the pipe and stop it.
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    code = urlsplit(printed["attendees"]).path.rsplit("/", 1)[-1]
    organiser = urlsplit(printed["organiser"])
    return process, f"http://127.0.0.1:{port}", Event(code, printed["pin"]), f"{organiser.path}?{organiser.query}"


async def open_screens(ws_url: str, organiser_route: str, figures: Figures, stack: AsyncExitStack) -> None:
    """The organiser opens joining on the organiser screen (a tap, like everyone else's) and keeps
    that screen open, and the projector screen shows the room, both until ``stack`` closes: at an
    event both redraw whenever somebody joins or finishes, and that costs the server too."""
    organiser = await _screen(ws_url, organiser_route, figures, stack, width=1280.0, height=800.0)
    # The organiser screen draws twice at first (once more when the browser's stored organiser
    # token arrives); a tap on the first drawing reaches nothing, so tap again.
    for _attempt in range(5):
        await organiser.click("Open joining")
        try:
            await asyncio.wait_for(organiser._wait_for("Close joining"), timeout=5)
            break
        except (asyncio.TimeoutError, StepFailed):
            continue
    else:
        raise StepFailed("joining could not be opened")
    projector = await _screen(ws_url, organiser_route.replace("/organise", "/screen"), figures, stack,
                              width=1920.0, height=1080.0)
    await projector._wait_for("Joining is open")


async def _screen(ws_url: str, route: str, figures: Figures, stack: AsyncExitStack, width: float,
                  height: float) -> Learner:
    """A big screen's session on ``route``, connected and listening until ``stack`` closes."""
    screen = Learner(-1, ws_url, figures, (0.0, 0.0), time.monotonic() + STEP_TIMEOUT * 2)
    screen.ws = await stack.enter_async_context(connect(ws_url, max_size=None, open_timeout=STEP_TIMEOUT,
                                                        ping_interval=None))
    reader = asyncio.create_task(screen._read())
    stack.callback(reader.cancel)
    page = {"route": route, "web": True, "width": width, "height": height, "platform": "linux"}
    await screen._send(REGISTER_CLIENT, {"session_id": None, "page_name": "", "page": page})
    return screen


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def drive(url: str, server: ServerProcess | None, count: int, think: tuple[float, float], ramp: float,
                duration: float, event: Event | None = None, organiser_route: str | None = None) -> dict[str, Any]:
    """Run ``count`` learners against ``url``; return the figures."""
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load_event drives only a server on this machine (127.0.0.1)")
    ws_url = url.replace("http://", "ws://").rstrip("/") + "/ws"
    figures = Figures()
    async with AsyncExitStack() as screens:
        if event is not None and organiser_route is not None:
            await open_screens(ws_url, organiser_route, figures, screens)
        return await _drive_learners(ws_url, server, figures, count, think, ramp, duration, event)


async def _drive_learners(ws_url: str, server: ServerProcess | None, figures: Figures, count: int,
                          think: tuple[float, float], ramp: float, duration: float,
                          event: Event | None) -> dict[str, Any]:
    deadline = time.monotonic() + duration
    hold = asyncio.Event()
    # The time limit counts from the first arrival; the ramp is part of it.
    rss_idle = server.rss_mb() if server else 0.0
    cpu_start, wall_start = (server.cpu_seconds() if server else 0.0), time.monotonic()
    waited_start = server.waiting_seconds() if server else 0.0
    peak_rss = rss_idle
    learners = [Learner(number, ws_url, figures, think, deadline, event) for number in range(count)]
    tasks = []
    for learner in learners:
        tasks.append(asyncio.create_task(learner.run(hold)))
        await asyncio.sleep(ramp / max(count, 1))
    while any(not task.done() for task in tasks):
        if server:
            peak_rss = max(peak_rss, server.rss_mb())
        if figures.finished + len(figures.errors) + figures.stopped >= count or time.monotonic() > deadline:
            hold.set()
        if time.monotonic() > deadline + GRACE_SECONDS:
            for task in tasks:
                task.cancel()  # a learner still closing its connection: the run is over
            await asyncio.gather(*tasks, return_exceptions=True)
            break
        await asyncio.sleep(0.5)
    wall = time.monotonic() - wall_start
    cpu = (server.cpu_seconds() - cpu_start) if server else float("nan")
    waited = (server.waiting_seconds() - waited_start) if server else float("nan")
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "joined_with_pin": event is not None, "learners": count, "finished": figures.finished, "stopped_at_time_limit": figures.stopped,
        "errors": len(figures.errors),
        "error_samples": figures.errors[:5], "retaps": figures.retaps, "sessions_held": figures.peak_connected,
        "server_processes": len(server.pids()) if server else 0,
        "server_rss_idle_mb": round(rss_idle, 1), "server_rss_peak_mb": round(peak_rss, 1),
        "rss_per_session_mb": round((peak_rss - rss_idle) / max(figures.peak_connected, 1), 2),
        "server_cpu_percent_of_one_core": round(100 * cpu / wall, 1),
        "server_cpu_ms_per_tap": round(1000 * cpu / max(len(figures.actions), 1), 1),
        # Ready to run but kept off the cores by other programs on this machine.
        "server_waiting_for_a_core_percent": round(100 * waited / wall, 1), "wall_seconds": round(wall, 1),
        "answers": len(figures.answers),
        "answer_p50_ms": round(1000 * percentile(figures.answers, 0.5), 1),
        "answer_p95_ms": round(1000 * percentile(figures.answers, 0.95), 1),
        "trades": len(figures.trades),
        "trade_p50_ms": round(1000 * percentile(figures.trades, 0.5), 1),
        "trade_p95_ms": round(1000 * percentile(figures.trades, 0.95), 1),
        "taps": len(figures.actions),
        "tap_p50_ms": round(1000 * percentile(figures.actions, 0.5), 1),
        "tap_p95_ms": round(1000 * percentile(figures.actions, 0.95), 1),
        "generator_cpu_percent_of_one_core": round(100 * (own.ru_utime + own.ru_stime) / wall, 1),
        "machine_load_average_1min": round(os.getloadavg()[0], 1),
    }


def _stop_on_sigterm() -> None:
    """End like Ctrl+C on SIGTERM, so the server this script started is stopped too."""
    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--learners", type=int, default=50, help="simulated learners at once (at most 1000)")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"),
                        help="seconds a learner pauses between actions")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which learners arrive")
    parser.add_argument("--duration", type=float, default=300.0, help="stop everything after this many seconds")
    parser.add_argument("--url", help="a server already running on 127.0.0.1 (default: start an event server)")
    parser.add_argument("--code", help="with --url: the event code to join (with --pin)")
    parser.add_argument("--pin", help="with --url: the event's room PIN (joining must be open)")
    parser.add_argument("--no-event", action="store_true",
                        help="start a plain web server; learners start as new learners, without an event")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (edu-app event serve --workers); CPU and memory are summed")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id, for memory and CPU")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    count = max(1, min(args.learners, 1000))
    if threading.current_thread() is threading.main_thread():
        _stop_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="invest-quest-load-") as data_dir:
        process: subprocess.Popen[Any] | None = None
        event, organiser_route = None, None
        if args.url:
            url, server = args.url, (ServerProcess(args.pid) if args.pid else None)
            event = Event(args.code, args.pin) if args.code and args.pin else None
        elif args.no_event:
            process, url = start_server(data_dir)
            server = ServerProcess(process.pid)
        else:
            process, url, event, organiser_route = start_event_server(data_dir, count, args.workers)
            server = ServerProcess(process.pid)
        try:
            figures = asyncio.run(drive(url, server, count, tuple(args.think), args.ramp, args.duration,  # type: ignore[arg-type]
                                        event, organiser_route))
            if args.json:
                print(json.dumps(figures), flush=True)
            else:
                for name, value in figures.items():
                    print(f"{name:32} {value}", flush=True)
        finally:
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()  # still closing hundreds of connections gracefully
                    process.wait()
    return figures


if __name__ == "__main__":
    main()
