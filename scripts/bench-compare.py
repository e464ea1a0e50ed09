#!/usr/bin/env python3
"""Compares pbm-bench runs: before/after, with the run-to-run noise of a repeat.

    scripts/bench-compare.py BEFORE/bench.json AFTER/bench.json [REPEAT/bench.json]

Each figure is taken relative to a baseline of its own run (a shared machine
moves absolute numbers from run to run; the ratios are the point, see
docs/performance.md): throughput as a share of the bare handler of its
transport at the same concurrency (bare tonic for gRPC and for the store's
port, bare axum for /v2, argon2 alone for the argon2-bound operations), p50
as a multiple of it. With a REPEAT (a second run of AFTER's build), the noise
of each figure is |REPEAT / AFTER - 1|, and the noise band is the 90th
percentile of those over every figure. A figure is "worse" when AFTER is
below BEFORE by more than the larger of its own noise and the band.
Prints a Markdown table and a one-line verdict; exits 1 when a figure is worse.
"""

import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def baseline_of(op, transport):
    if transport == "v2":
        return ("bare axum GET user", "baseline")
    if op in ("Login", "argon2id verify"):
        return ("argon2id verify", "argon2")
    if op in ("CreateUser", "argon2id hash"):
        return ("argon2id hash", "argon2")
    return ("bare tonic GetUser", "baseline")


def figures(run):
    """(op, transport, c) -> (throughput share of its baseline, p50 multiple)."""
    by_key = {(m["op"], m["transport"], m["concurrency"]): m for m in run["measurements"]}
    out = {}
    for (op, transport, c), m in by_key.items():
        if transport in ("baseline",) or (transport == "argon2"):
            continue
        base = by_key.get(baseline_of(op, transport) + (c,))
        if not base or not base["throughput"] or not base["p50_us"]:
            continue
        out[(op, transport, c)] = (m["throughput"] / base["throughput"], m["p50_us"] / base["p50_us"])
    return out


def whole_run(run):
    """The figures measured once per run, relative where a baseline exists."""
    out = {}
    stream = run.get("stream_all") or {}
    if stream.get("users_per_second"):
        out["StreamUsers of all users (users/s)"] = stream["users_per_second"]
    imp = run.get("import") or {}
    if imp.get("users_per_second"):
        out["bulk import (users/s)"] = imp["users_per_second"]
    return out


def pct(x):
    return f"{x * 100:+.1f} %"


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    runs = [load(p) for p in argv[1:]]
    before, after = figures(runs[0]), figures(runs[1])
    repeat = figures(runs[2]) if len(runs) == 3 else None

    noise = {}
    if repeat:
        for key in after.keys() & repeat.keys():
            noise[key] = abs(repeat[key][0] / after[key][0] - 1)
        for name, value in whole_run(runs[1]).items():
            other = whole_run(runs[2]).get(name)
            if other:
                noise[name] = abs(other / value - 1)
    values = sorted(noise.values())
    band = values[int(0.9 * (len(values) - 1))] if values else 0.0

    head = ["operation", "via", "c", "before: % of bare", "after: % of bare", "change"]
    if repeat:
        head += ["repeat: % of bare", "noise"]
    head += ["p50 × bare before → after", "verdict"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    worse = []
    for key in sorted(before.keys() & after.keys(), key=lambda k: (k[1], k[0], k[2])):
        (b, bp), (a, ap) = before[key], after[key]
        change = a / b - 1
        own = noise.get(key, 0.0)
        limit = max(own, band)
        verdict = "worse" if change < -limit else ("better" if change > limit else "same (within noise)")
        if verdict == "worse":
            worse.append(key)
        row = [key[0], key[1], str(key[2]), f"{b * 100:.1f}", f"{a * 100:.1f}", pct(change)]
        if repeat:
            r = repeat.get(key)
            row += [f"{r[0] * 100:.1f}" if r else "—", f"{own * 100:.1f} %" if key in noise else "—"]
        row += [f"{bp:.2f} → {ap:.2f}", verdict]
        print("| " + " | ".join(row) + " |")
    for name, b in whole_run(runs[0]).items():
        a = whole_run(runs[1]).get(name)
        if not a:
            continue
        change = a / b - 1
        own = noise.get(name, 0.0)
        limit = max(own, band)
        verdict = "worse" if change < -limit else ("better" if change > limit else "same (within noise)")
        if verdict == "worse":
            worse.append(name)
        row = [name, "", "", f"{b:.0f}", f"{a:.0f}", pct(change)]
        if repeat:
            r = whole_run(runs[2]).get(name)
            row += [f"{r:.0f}" if r else "—", f"{own * 100:.1f} %" if name in noise else "—"]
        row += ["", verdict]
        print("| " + " | ".join(row) + " |")
    changes = sorted(after[k][0] / before[k][0] - 1 for k in before.keys() & after.keys())
    print()
    if changes:
        print(f"Median change over {len(changes)} figures: {pct(changes[len(changes) // 2])}"
              f" (a change the whole build made would move the median; noise moves single figures).")
    if repeat:
        print(f"Median noise: {values[len(values) // 2] * 100:.1f} %." if values else "")
        print(f"Noise band (90th percentile of |repeat / after - 1| over {len(values)} figures): {band * 100:.1f} %.")
    print(f"Worse than the noise: {len(worse)}" + (": " + ", ".join(map(str, worse)) if worse else "."))
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
