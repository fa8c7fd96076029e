"""Start-up time: from process start to the web server accepting connections.

Runs ``edu-app --web`` (and, for comparison in the same run, a bare Flet web app that only
shows one text) several times on a free port with a temporary data dir and prints the figures.

Usage: python benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

BARE_APP = textwrap.dedent(
    """
    import sys, flet as ft
    from flet_web.fastapi.serve_fastapi_web_app import get_fastapi_web_app
    import uvicorn
    app = get_fastapi_web_app(lambda page: page.add(ft.Text("hi")), None, "", ".", ".", no_cdn=True)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
    """
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def time_to_accept(command: list[str], port: int, env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return time.perf_counter() - start
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"{command} exited with {process.returncode}")
                time.sleep(0.005)
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "EDU_APP_DATA_DIR": data_dir}
        results: dict[str, list[float]] = {"edu-app --web": [], "bare flet web app": []}
        for _ in range(runs):
            port = free_port()
            results["edu-app --web"].append(
                time_to_accept([sys.executable, "-m", "edu_app", "--web", "--port", str(port)], port, env)
            )
            port = free_port()
            results["bare flet web app"].append(time_to_accept([sys.executable, "-c", BARE_APP, str(port)], port, env))
    print(f"start-up to accepting connections, {runs} runs, {os.cpu_count()} cores")
    for name, values in results.items():
        print(f"  {name:20s} median {statistics.median(values):.3f} s   min {min(values):.3f} s   max {max(values):.3f} s")
    ratio = statistics.median(results["edu-app --web"]) / statistics.median(results["bare flet web app"])
    print(f"  edu-app / bare flet: {ratio:.2f}x (goal: edu-app under 1.5 s)")


if __name__ == "__main__":
    main()
