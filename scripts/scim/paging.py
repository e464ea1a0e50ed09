"""Times /scim/v2/Users pages of 100 across a whole tenant (scripts/scim-paging.sh).

Reads every page in order (startIndex 1, 101, 201, ...) as an identity
provider does, timing each request, then a few pages reached by a jump (no
page before them was read, so pbm skips rows to get there). Prints the
median of the first and the last ten pages in order, their ratio, and the
jumps. Standard library only: python3 paging.py BASE_URL KEY USERS
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import urllib.request


def page(base: str, key: str, start: int, count: int = 100) -> tuple[float, dict]:
    request = urllib.request.Request(
        f"{base}/Users?startIndex={start}&count={count}&excludedAttributes=emails,phoneNumbers",
        headers={"Authorization": f"Bearer {key}"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request) as answer:
        body = json.load(answer)
    return time.perf_counter() - started, body


def main(base: str, key: str, users: int) -> None:
    times: list[float] = []
    seen = 0
    start = 1
    while True:
        elapsed, body = page(base, key, start)
        resources = body.get("Resources", [])
        times.append(elapsed)
        seen += len(resources)
        if len(resources) < 100:
            break
        start += 100
    total = body["totalResults"]
    if seen != total or total < users:
        sys.exit(f"paging.py: read {seen} users of {total} (expected at least {users})")
    first, last = statistics.median(times[:10]), statistics.median(times[-10:])
    jumps = {at: page(base, key, at)[0] for at in (total // 2 - total // 2 % 100 + 1, total - total % 100 - 99)}
    print(f"{len(times)} pages of 100 in order over {total} users: first ten {first * 1000:.1f} ms (median), "
          f"last ten {last * 1000:.1f} ms, last/first {last / first:.2f}; all {sum(times):.1f} s")
    for at, elapsed in jumps.items():
        print(f"a jump to startIndex {at} (no cursor): {elapsed * 1000:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
