# Prints the scaling tables (markdown) from one or more scaling.jsonl files (best of the repeats:
# the run with the smallest setup+solve per kind/precond/ranks, since the machine is shared).
import json, sys
files = sys.argv[1:] or ["results/scaling.jsonl"]
best, loads = {}, []
for f in files:
    for line in open(f):
        r = json.loads(line)
        if r["kind"] == "load":
            loads.append(f'{r["loadavg"]} on {r["cores"]} cores'); continue
        d = r["run"]; key = (r["kind"], d["precond"], d["ranks"])
        t = d["setup_seconds"] + d["solve_seconds"]
        if key not in best or t < best[key][0]: best[key] = (t, d, best.get(key, (0, 0, 0))[2] + 1)
        else: best[key] = (best[key][0], best[key][1], best[key][2] + 1)
if loads: print("load average at start of each sweep:", "; ".join(loads))
for kind in ("strong", "weak"):
    print(f"\n{kind} scaling (best of repeats):\n")
    print("| precond | ranks | grid | unknowns/rank | its | rel. residual | assembly s | setup s | solve s | setup+solve s | efficiency |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for pc in ("jacobi", "gamg", "hypre"):
        base = None
        for np in (1, 2, 4):
            if (kind, pc, np) not in best: continue
            t, d, _ = best[(kind, pc, np)]
            base = base or t
            eff = base / t / (np if kind == "strong" else 1)
            print(f'| {pc} | {np} | {d["grid"]} | {d["n"] // np} | {d["iterations"]} | {d["relative_residual"]:.1e} | '
                  f'{d["assembly_seconds"]:.3f} | {d["setup_seconds"]:.3f} | {d["solve_seconds"]:.3f} | {t:.3f} | {eff:.2f} |')
