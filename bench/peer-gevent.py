"""Peer: the lesson itself — gevent green threads (Debian's python3-gevent) over urllib's urlopen, a pool of
CONCURRENCY greenlets, one new connection per request as urlopen makes. Args: LIST_FILE CONCURRENCY.
Prints one JSON line: { wallMs, bytes, ok, failed }."""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from gevent.pool import Pool  # noqa: E402

counts = {"bytes": 0, "ok": 0}


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            while True:
                chunk = response.read(65536)
                if not chunk:
                    break
                counts["bytes"] += len(chunk)
            if response.status == 200:
                counts["ok"] += 1
    except OSError:
        pass


urls = [line.strip() for line in open(sys.argv[1]) if line.startswith("http")]
started = time.perf_counter()
Pool(int(sys.argv[2])).map(fetch, urls)
wall_ms = (time.perf_counter() - started) * 1000
print(json.dumps({"wallMs": wall_ms, "bytes": counts["bytes"], "ok": counts["ok"], "failed": len(urls) - counts["ok"]}))
