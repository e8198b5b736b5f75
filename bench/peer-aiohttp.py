"""Peer: Python's asyncio coroutines with aiohttp (Debian's python3-aiohttp), one session, a connection
pool of CONCURRENCY, bodies counted chunk by chunk. Args: LIST_FILE CONCURRENCY.
Prints one JSON line: { wallMs, bytes, ok, failed }."""
import asyncio
import json
import sys
import time

import aiohttp


async def main(urls, concurrency):
    counts = {"bytes": 0, "ok": 0}
    gate = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:

        async def fetch(url):
            async with gate:
                try:
                    async with session.get(url) as response:
                        async for chunk in response.content.iter_any():
                            counts["bytes"] += len(chunk)
                        if response.status == 200:
                            counts["ok"] += 1
                except aiohttp.ClientError:
                    pass

        started = time.perf_counter()
        await asyncio.gather(*(fetch(url) for url in urls))
        wall_ms = (time.perf_counter() - started) * 1000
    return wall_ms, counts


urls = [line.strip() for line in open(sys.argv[1]) if line.startswith("http")]
wall_ms, counts = asyncio.run(main(urls, int(sys.argv[2])))
print(json.dumps({"wallMs": wall_ms, "bytes": counts["bytes"], "ok": counts["ok"], "failed": len(urls) - counts["ok"]}))
