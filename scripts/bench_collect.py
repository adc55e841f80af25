"""Time a collect of N hosts x M pages on loopback, one request at a time against at once.

Starts N small web servers on 127.0.0.1 (one port each: politeness is per host:port),
each with a robots.txt, an RSS feed and M invented article pages, then runs
``briefing.collector.collect`` twice into fresh SQLite stores: serially
(``fetch.max_connections = 1``) and concurrently (``--connections``, default 8), with the
same ``fetch.per_host_delay``. Prints both times, the ratio, and what each run stored.
A figure to watch, not a test.

    python scripts/bench_collect.py                        # 4 hosts x 10 pages, 0.5 s delay
    python scripts/bench_collect.py --hosts 8 --pages 20 --delay 1
    python scripts/bench_collect.py --slow-host 3          # host 0 takes 3 s per answer
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.collector import collect  # noqa: E402
from briefing.config import FetchSettings, Settings, SourceSettings  # noqa: E402
from briefing.store import Store  # noqa: E402

TOWNS = ["Ardmore", "Belcross", "Carrow", "Dunmere", "Eskley", "Fennick", "Glanmor", "Holt"]
THINGS = ["harbour wall", "rail depot", "flood defences", "bus station", "library", "bridge"]


def article(host: int, page: int) -> str:
    """An invented article, different on every page so each is stored as its own."""
    town, thing = TOWNS[(host + page) % len(TOWNS)], THINGS[(host * 7 + page) % len(THINGS)]
    paragraphs = [
        f"The council of {town} voted on Tuesday to spend {page + 3} million euro on the "
        f"{thing}, after a report found it in poor repair for the {host + 2}nd year running.",
        f"Councillor number {page * 11 + host} said the work on the {thing} would begin in "
        f"spring and last {page % 4 + 1} years, with the site closed for {page + 2} months.",
        f"Residents of {town} have asked for repairs since {1990 + page + host}, saying the "
        f"{thing} was a danger to the {page * 3 + 40} families living beside it.",
        f"Engineers told desk {host} that another winter would cost the town "
        f"{page * 5 + 12} thousand euro in emergency work if nothing were done.",
    ]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    title = f"{town} to repair its {thing} (report {host}-{page})"
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}"
            f"</title><meta property=\"og:site_name\" content=\"Desk {host}\"></head><body>"
            f"<nav><a href=\"/\">Home</a></nav><article><h1>{escape(title)}</h1>{body}"
            f"</article><footer>Desk {host}</footer></body></html>")


def feed(base: str, host: int, pages: int) -> str:
    items = "".join(f"<item><title>Report {host}-{i}</title><link>{base}/news/{i}</link>"
                    f"<guid>{base}/news/{i}</guid></item>" for i in range(pages))
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Desk {host}</title><link>{base}/</link><description>News</description>"
            f"{items}</channel></rss>")


def start_host(host: int, pages: int, slow: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/robots.txt":
                body, kind = "User-agent: *\nDisallow: /private/\n", "text/plain"
            elif self.path == "/rss":
                body, kind = feed(base, host, pages), "application/rss+xml"
            elif self.path.startswith("/news/") and self.path[6:].isdigit():
                time.sleep(slow)
                body, kind = article(host, int(self.path[6:])), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(servers: list[ThreadingHTTPServer], connections: int, delay: float) -> tuple[float, str]:
    settings = Settings()
    settings.sources = [SourceSettings(kind="feed", name=f"Desk {n}",
                                       url=f"http://127.0.0.1:{s.server_address[1]}/rss")
                        for n, s in enumerate(servers)]
    settings.fetch = FetchSettings(per_host_delay=delay, max_connections=connections,
                                   retries=0)
    with tempfile.TemporaryDirectory() as folder, \
            Store(f"sqlite:///{folder}/briefing.db") as store:
        start = time.perf_counter()
        report = collect(settings, store)
        return time.perf_counter() - start, str(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--pages", type=int, default=10, help="article pages per host")
    parser.add_argument("--delay", type=float, default=0.5, help="fetch.per_host_delay (s)")
    parser.add_argument("--connections", type=int, default=8,
                        help="fetch.max_connections of the concurrent run")
    parser.add_argument("--slow-host", type=float, default=0.0, metavar="SECONDS",
                        help="host 0 takes this long to answer each page")
    args = parser.parse_args()
    servers = [start_host(h, args.pages, args.slow_host if h == 0 else 0.0)
               for h in range(args.hosts)]
    print(f"{args.hosts} hosts x {args.pages} pages on loopback, per_host_delay "
          f"{args.delay:g} s" + (f", host 0 answering in {args.slow_host:g} s"
                                 if args.slow_host else ""))
    serial, serial_report = run(servers, 1, args.delay)
    print(f"serial     (max_connections=1):  {serial:7.2f} s  {serial_report}")
    parallel, parallel_report = run(servers, args.connections, args.delay)
    print(f"concurrent (max_connections={args.connections}): {parallel:7.2f} s  "
          f"{parallel_report}")
    print(f"ratio serial/concurrent: {serial / parallel:.2f}")
    for server in servers:
        server.shutdown()


if __name__ == "__main__":
    main()
