#!/usr/bin/env python3
"""Summarises `solversuite kinetic compare --json-out` files of several evaluation seeds.

Per model: mean over seeds of the a-priori relative MSE of S:T, of the relative errors of the
time-averaged order parameter <s> and mean speed <|u|> against the kinetic run of the same seed
(and their signed mean: a bias), of the spectrum error mean |dlog10 E(k)|, of ms per step and of
the onset time; plus the kinetic solver's own seed-to-seed spread (the noise floor of a single
trajectory's time averages). Usage: kinetic_seed_summary.py FILE.jsonl ...
"""
import json
import statistics as st
import sys

runs = {}
for path in sys.argv[1:]:
    for line in open(path):
        if line.strip():
            o = json.loads(line)
            runs.setdefault(o["seed"], {})[o["model"]] = o

seeds = sorted(runs)
models = [m for m in runs[seeds[0]] if all(m in runs[s] for s in seeds)]
kin_s = [runs[s]["kinetic"]["mean_order_parameter"] for s in seeds]
kin_u = [runs[s]["kinetic"]["mean_speed"] for s in seeds]
print(f"evaluation seeds {seeds}; time averages over the second half of each run")
print(f"kinetic seed-to-seed spread (std/mean): <s> {st.pstdev(kin_s) / st.mean(kin_s):.4f}, "
      f"<|u|> {st.pstdev(kin_u) / st.mean(kin_u):.4f}")
hdr = f"{'model':<11} {'a-priori':>9} {'|d<s>|':>7} {'d<s>':>7} {'|d<|u|>|':>8} {'d<|u|>':>7} {'spectrum':>8} " \
      f"{'ms/step':>7} {'x kin':>6} {'ns/pt':>6} {'onset t':>7}"
print(hdr)
for m in models:
    def mean(key):
        xs = [runs[s][m].get(key) for s in seeds]
        xs = [x for x in xs if x is not None]
        return st.mean(xs) if xs else float("nan")
    ds = [(runs[s][m]["mean_order_parameter"] - runs[s]["kinetic"]["mean_order_parameter"]) /
          runs[s]["kinetic"]["mean_order_parameter"] for s in seeds]
    du = [(runs[s][m]["mean_speed"] - runs[s]["kinetic"]["mean_speed"]) / runs[s]["kinetic"]["mean_speed"] for s in seeds]
    print(f"{m:<11} {mean('a_priori_rel_mse_ST'):9.3e} {st.mean(map(abs, ds)):7.4f} {st.mean(ds):+7.4f} "
          f"{st.mean(map(abs, du)):8.4f} {st.mean(du):+7.4f} {mean('time_avg_spectrum_mean_abs_log10_error'):8.4f} "
          f"{1e3 * mean('seconds_per_step'):7.3f} {mean('cost_ratio_vs_kinetic'):6.3f} {mean('closure_ns_per_point'):6.0f} "
          f"{mean('onset_time'):7.2f}")
if "bingham" in models:
    print("seeds on which the model is at least as close to the kinetic run as Bingham (<s>, <|u|>, spectrum):")
    def err(s, m):
        k = runs[s]["kinetic"]
        return (abs(runs[s][m]["mean_order_parameter"] - k["mean_order_parameter"]),
                abs(runs[s][m]["mean_speed"] - k["mean_speed"]),
                runs[s][m]["time_avg_spectrum_mean_abs_log10_error"])
    for m in models:
        if m in ("kinetic", "bingham"):
            continue
        wins = [sum(err(s, m)[j] <= err(s, "bingham")[j] for s in seeds) for j in range(3)]
        print(f"  {m:<11} {wins[0]}/{len(seeds)}, {wins[1]}/{len(seeds)}, {wins[2]}/{len(seeds)}")
print("|d<s>|, |d<|u|>|: mean over seeds of |model - kinetic| / kinetic; d<s>, d<|u|>: signed mean (bias);")
print("spectrum: mean |log10 E_model(k) - log10 E_kinetic(k)| over shells 1..n/3 of the time-averaged spectra.")
