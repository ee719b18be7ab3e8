#!/usr/bin/env python3
"""Peer for `solversuite-bench mmread`: times scipy.io.mmread on the same files.

Usage:
  mmread_peer.py [--min-seconds S] [--swift-json FILE] FILE...

Prints one JSON object per file with the best time of scipy.io.mmread (to COO, as SciPy returns it)
and of mmread + tocsr() (the same end product as MatrixMarket.read). With --swift-json (the output of
`solversuite-bench mmread`), prints a comparison table with speed ratios instead.
"""
import json, os, sys, time

import scipy
import scipy.io


def best_time(fn, min_seconds):
    best, total, runs = float("inf"), 0.0, 0
    while runs < 3 or total < min_seconds:
        t0 = time.perf_counter()
        fn()
        t = time.perf_counter() - t0
        best, total, runs = min(best, t), total + t, runs + 1
    return best


def main(argv):
    min_seconds, swift_json, files = 0.5, None, []
    i = 0
    while i < len(argv):
        if argv[i] == "--min-seconds":
            min_seconds = float(argv[i + 1]); i += 2
        elif argv[i] == "--swift-json":
            swift_json = argv[i + 1]; i += 2
        else:
            files.append(argv[i]); i += 1
    results = []
    for f in files:
        coo = best_time(lambda: scipy.io.mmread(f), min_seconds)
        csr = best_time(lambda: scipy.io.mmread(f).tocsr(), min_seconds)
        results.append({"file": f, "bytes": os.path.getsize(f), "scipy_mmread_seconds": coo,
                        "scipy_mmread_tocsr_seconds": csr, "scipy": scipy.__version__})
    if swift_json is None:
        for r in results:
            print(json.dumps(r))
        return
    swift = {}
    with open(swift_json) as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("{"):
                d = json.loads(line)
                swift[d["file"]] = d
    print(f"scipy {scipy.__version__}; times are best of repeated runs, warm page cache")
    print(f"{'file':28s} {'MB':>6s} {'swift ms':>9s} {'MB/s':>7s} {'scipy ms':>9s} {'+tocsr ms':>9s} {'x mmread':>9s} {'x +tocsr':>9s}")
    for r in results:
        s = swift.get(r["file"])
        if not s or "best_seconds" not in s:
            print(f"{os.path.basename(r['file']):28s} swift result missing")
            continue
        t = s["best_seconds"]
        print(f"{os.path.basename(r['file']):28s} {r['bytes']/1e6:6.2f} {t*1e3:9.2f} {s['mb_per_s']:7.0f} "
              f"{r['scipy_mmread_seconds']*1e3:9.2f} {r['scipy_mmread_tocsr_seconds']*1e3:9.2f} "
              f"{r['scipy_mmread_seconds']/t:9.2f} {r['scipy_mmread_tocsr_seconds']/t:9.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
