"""One more server process of ``edu-app event serve --workers N``, started by it (not by hand).

It serves the same event from the same data dir on a listening socket it inherits.
"""

from __future__ import annotations

import argparse
import socket
import sys


def main(argv: list[str] | None = None) -> int:
    """Serve event ``--code`` on the inherited socket ``--fd`` until told to stop."""
    parser = argparse.ArgumentParser(prog="edu_app.cli.event_worker")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--parent", type=int, required=True, help="the process id of edu-app event serve")
    parser.add_argument("--ready-fd", type=int, required=True, help="a pipe to write to once serving")
    args = parser.parse_args(argv)

    from edu_app import paths
    from edu_app.cli.event import event_links
    from edu_app.store.errors import StoreOpenError
    from edu_app.ui.app import make_main
    from edu_app.ui.context import AppContext
    from edu_app.ui.launch import serve_web
    from edu_app.ui.server_processes import end_with_parent, say_serving

    end_with_parent(args.parent)
    listener = socket.socket(fileno=args.fd)
    try:
        app = AppContext.open(paths.data_dir())
    except StoreOpenError as error:
        print(f"edu-app: {error.message('en')}", file=sys.stderr)
        return 3
    event_links(app, args.host, args.port, args.code)

    def ready() -> None:
        app.warm_up()
        say_serving(args.ready_fd)

    return serve_web(make_main(app), args.host, args.port, on_ready=ready, host_key=app.host_key,
                     listener=listener, announce=False)


if __name__ == "__main__":
    sys.exit(main())
