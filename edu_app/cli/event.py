"""The ``edu-app event`` sub-commands: run an event (a room of attendees on their phones) and
write its report. See docs/event-mode.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from edu_app.cli.arguments import port_number, worker_count
from edu_app.cli.errors import CliError

if TYPE_CHECKING:
    import socket

    from edu_app.events.network import LanAddress
    from edu_app.ui.context import AppContext


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``event`` command group."""
    parser = subparsers.add_parser("event", help="run an event for a room of attendees, and report on it",
                                   description=__doc__)
    commands = parser.add_subparsers(dest="event_command", metavar="EVENT_COMMAND", required=True)

    serve = commands.add_parser("serve", help="start the app in event mode and print the links and the PIN")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to serve on (default 127.0.0.1: this computer only; 0.0.0.0 for phones "
                            "on the local network)")
    serve.add_argument("--port", type=port_number, default=8550, help="port (default 8550)")
    serve.add_argument("--title", default="Invest Quest", help="the event's title (shown on every screen)")
    serve.add_argument("--workers", type=worker_count, default=1, metavar="N",
                       help="server processes sharing the port (Linux; default 1). One process uses one "
                            "core: for a room of hundreds, use as many as the computer has cores")
    serve.add_argument("--event", metavar="CODE",
                       help="run an earlier event again (its code) instead of creating a new one; "
                            "a new organiser link is printed and the old one stops working")
    setup = serve.add_argument_group("set-up of a new event (all can be changed on the organiser screen)")
    setup.add_argument("--lesson", action="append", metavar="PACK/LESSON",
                       help="a lesson to assign, e.g. anti-fraud-essentials/pig-butchering (repeatable)")
    setup.add_argument("--skill", action="append", metavar="SKILL",
                       help="a skill for the pre-test and post-test, e.g. verify-licences (repeatable)")
    setup.add_argument("--items-per-skill", type=int, choices=range(1, 6), metavar="N",
                       help="items per skill in each test (1-5, default 2)")
    setup.add_argument("--live-questions", type=int, choices=range(1, 21), metavar="N",
                       help="questions in the live quiz (1-20, default 3)")
    setup.add_argument("--no-live-quiz", action="store_true", help="no live quiz round")
    setup.add_argument("--speed-bonus", action="store_true",
                       help="extra live-quiz points for quick right answers (off by default)")
    setup.add_argument("--capacity", type=int, metavar="N", help="most attendees who may join (default 300)")
    setup.add_argument("--challenge", metavar="SCENARIO",
                       help="a trading challenge on this scenario (see: edu-app sim scenarios)")
    setup.add_argument("--grant", action="append", metavar="FEATURE",
                       help="a simulator feature attendees may use during the event, e.g. orders.limit (repeatable)")
    serve.set_defaults(func=_serve)

    report = commands.add_parser("report", help="write an event's report (HTML and CSV) into a folder")
    report.add_argument("event", metavar="EVENT", help="the event's code (see: edu-app event list), or 'latest'")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder to write into")
    report.add_argument("--nicknames", action="store_true",
                        help="include a table of nicknames and their scores (off by default)")
    report.add_argument("--language", choices=("en", "zh-CN"), default="en",
                        help="language of item texts and skill names (default en)")
    report.set_defaults(func=_report)

    listing = commands.add_parser("list", help="list the events in this data folder")
    listing.set_defaults(func=_list)


def _open():  # type: ignore[no-untyped-def]
    from edu_app import paths
    from edu_app.events.service import EventService
    from edu_app.learning.catalog import PackCatalog
    from edu_app.services.access import ProfileAccess
    from edu_app.store import StoreOpenError, open_database

    try:
        opened = open_database(paths.data_dir())
    except StoreOpenError as error:
        raise CliError(error.message("en"), 3) from None
    catalog = PackCatalog()
    return opened.database, catalog, EventService(opened.database, catalog, ProfileAccess(opened.database))


def _list(_args: argparse.Namespace) -> int:
    _db, _catalog, events = _open()
    found = events.list()
    if not found:
        print("No events yet. Start one with: edu-app event serve --title \"My event\"")
    for event in found:
        print(f"{event.code}  {event.status:<7} {event.title}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from edu_app.events import report as reports

    db, catalog, events = _open()
    code = args.event
    if code == "latest":
        found = events.list()
        if not found:
            raise CliError("there are no events in this data folder", 1)
        code = found[0].code
    if events.find(code) is None:
        raise CliError(f"no event has the code {code!r}; see: edu-app event list", 1)
    from edu_app.events.challenge import ChallengeBoard
    from edu_app.learning import LearningService, clock_from_env
    from edu_app.trading.wiring import trading_service

    clock = clock_from_env()
    trading = trading_service(db, catalog, LearningService(db, catalog, clock), clock)
    built = reports.build(db, catalog, events, code, language=args.language, with_nicknames=args.nicknames,
                          board=ChallengeBoard(db, trading))
    try:
        written = reports.write(built, args.output)
    except OSError as error:
        raise CliError(f"cannot write into {args.output}: {error.strerror or error}", 1) from None
    for path in written:
        print(path)
    if built.items_hidden:
        print(f"Per-item figures are left out: fewer than {reports.MIN_GROUP} attendees answered an item.")
    return 0


def _config(args: argparse.Namespace, catalog):  # type: ignore[no-untyped-def]
    """The set-up given on the command line, checked against the installed packs."""
    from pydantic import ValidationError

    from edu_app.events.config import EventConfig, LessonRef

    values: dict[str, object] = {}
    try:
        if args.lesson:
            values["lessons"] = [LessonRef.parse(text) for text in args.lesson]
    except ValueError as error:
        raise CliError(str(error)) from None
    for lesson in values.get("lessons", []):  # type: ignore[attr-defined]
        pack = catalog.pack(lesson.pack_id)
        if pack is None or pack.lesson(lesson.lesson_id) is None:
            raise CliError(f"no installed lesson {lesson.key()}; see: edu-app pack list")
    if args.skill:
        known = set(catalog.taxonomy()) | {s.id for p in catalog.packs() for s in p.manifest.skills}
        unknown = [skill for skill in args.skill if skill not in known]
        if unknown:
            raise CliError(f"unknown skill {unknown[0]!r}; skills are named in the packs' pack.yaml")
        values["test_skills"] = list(args.skill)
    for name, value in (("items_per_skill", args.items_per_skill), ("live_questions", args.live_questions),
                        ("capacity", args.capacity)):
        if value is not None:
            values[name] = value
    if args.challenge:
        from simulator.scenarios import load_scenarios

        if args.challenge not in {s.id for s in load_scenarios()}:
            raise CliError(f"no scenario {args.challenge!r}; see: edu-app sim scenarios")
        values["trading_challenge"], values["scenario_id"] = True, args.challenge
    if args.grant:
        from simulator.features import FEATURE_NAMES

        unknown = [f for f in args.grant if f not in FEATURE_NAMES]
        if unknown:
            raise CliError(f"unknown feature {unknown[0]!r}; features: {', '.join(sorted(FEATURE_NAMES))}")
        values["granted_features"] = list(args.grant)
    values["live_quiz"] = not args.no_live_quiz
    values["speed_bonus"] = bool(args.speed_bonus)
    try:
        return EventConfig(**values)  # type: ignore[arg-type]
    except ValidationError as error:
        raise CliError(f"invalid set-up: {error.errors()[0]['msg']}") from None


def _serve(args: argparse.Namespace) -> int:
    from edu_app import paths
    from edu_app.store.errors import StoreOpenError
    from edu_app.ui.app import make_main
    from edu_app.ui.context import AppContext
    from edu_app.ui.launch import serve_web
    from edu_app.ui.server_processes import start_workers, stop_workers, wait_until_serving

    try:
        app = AppContext.open(paths.data_dir())
    except StoreOpenError as error:
        print(f"edu-app: {error.message('en')}", file=sys.stderr)
        return 3
    sockets = _listening_sockets(args)
    events = app.events
    if args.event:
        event = events.find(args.event)
        if event is None:
            raise CliError(f"no event has the code {args.event!r}; see: edu-app event list", 1)
        if event.status == "ended":
            raise CliError(f"the event {args.event} has ended; write its report with: edu-app event report {args.event} -o DIR", 1)
        code, pin, token = event.code, event.pin, events.new_organiser_token(event.code)
    else:
        created = events.create(args.title, _config(args, app.catalog))
        code, pin, token = created.code, created.pin, created.token
    event = events.get(code)
    lan = args.host in ("0.0.0.0", "::")
    addresses = event_links(app, args.host, args.port, code)
    local = f"http://127.0.0.1:{args.port}" if lan or args.host == "127.0.0.1" else f"http://{args.host}:{args.port}"
    listener = sockets[0] if sockets else None
    workers = start_workers(sockets[1:], args.host, args.port, code, paths.data_dir())

    def ready() -> None:
        app.warm_up()
        # Links only once every process serves: nobody is sent to a server still starting.
        serving = wait_until_serving(workers) + 1
        if serving < len(workers) + 1:
            print(f"edu-app: only {serving} of {len(workers) + 1} server processes started; serving with those.",
                  file=sys.stderr, flush=True)
        print("", flush=True)
        print(f"Event: {event.title} (code {code})")
        if lan and addresses:
            best = addresses[0]
            print(f"Attendees open: {app.event_urls[0]}   <- use this one (network interface {best.interface or '?'})")
            for url, other in zip(app.event_urls[1:], addresses[1:], strict=False):
                print(f"  also reachable at {url} (interface {other.interface or '?'})")
        else:
            print(f"Attendees open: {app.event_urls[0]}")
            if not lan:
                print("  Only this computer can reach it. For phones on the local network, start with --host 0.0.0.0.")
        print(f"Room PIN: {pin}")
        if workers:
            print(f"Served by {serving} processes on port {args.port}.")
        print(f"Projector screen (organiser only): {local}/event/{code}/screen?organiser={token}")
        print(f"Organiser link (keep it to yourself): {local}/event/{code}/organise?organiser={token}", flush=True)
        print("Joining opens when you press 'Open joining' on the organiser screen.", flush=True)

    if workers:
        import signal

        # After its graceful stop, uvicorn sends SIGTERM to this process again; ending through
        # Python instead of the default handler lets the workers be stopped too.
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    try:
        return serve_web(make_main(app), args.host, args.port, on_ready=ready, host_key=app.host_key, listener=listener)
    finally:
        stop_workers(workers)


def event_links(app: AppContext, host: str, port: int, code: str) -> list[LanAddress]:
    """Set the addresses attendees open on ``app`` (best first); the LAN interfaces they are on."""
    from edu_app.events.network import lan_addresses

    lan = host in ("0.0.0.0", "::")
    addresses = lan_addresses() if lan else []
    shown = [a.address for a in addresses] or ([host] if not lan else ["127.0.0.1"])
    app.event_code = code
    app.event_urls = [f"http://{address}:{port}/event/{code}" for address in shown]
    return addresses


def _listening_sockets(args: argparse.Namespace) -> list[socket.socket]:
    """With ``--workers N`` (N > 1): N sockets listening together on the port, one per process."""
    from edu_app.ui.launch import cannot_bind
    from edu_app.ui.server_processes import can_share_a_port, listening_sockets

    if args.workers == 1:
        return []
    if not can_share_a_port():
        print("Several server processes need Linux; serving with one.", flush=True)
        return []
    # Refuse a port that is taken, even by a server that shares its port with others.
    problem = cannot_bind(args.host, args.port)
    if problem:
        raise CliError(f"cannot serve on {args.host}:{args.port}: {problem}. Choose another port with --port.")
    try:
        return listening_sockets(args.host, args.port, args.workers)
    except OSError as error:
        raise CliError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
