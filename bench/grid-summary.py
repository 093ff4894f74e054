#!/usr/bin/env python3
"""The CSV lines of bench/hgs-beside-reference.sh summed up, for any number of files, instances and seeds.
Prints:
- per instance and seed, the docs' table row (both plans, both gaps, both engines' iterations per CPU second);
- per instance over its seeds, the docs' grid table row (both engines' gaps seed by seed and their means, both engines'
  mean iterations per CPU second, and our speed as a share of HGS-CVRP's: mean, and its range over the seeds);
- per seed: both engines' mean gap over the instances that seed ran, the ratio ours / HGS-CVRP's, where ours is better,
  worse or equal, and our speed as a share of HGS-CVRP's (mean, and its range by instance);
- over the seeds that ran every instance: the mean of the per-seed means, their ratio, and the spread (the lowest and
  highest per-seed ratio, and each engine's lowest and highest per-seed mean);
- whether the two engines' gaps differ beyond the luck of the seed: a paired sign-flip test over all instance-seed runs
  where the two ended apart (if the engines were alike, each such difference would be as likely to go either way), its
  two-sided p exact up to 16 such runs and otherwise estimated from 200,000 draws of a fixed seed; beside it the sign
  test, which counts only which way each difference goes (two-sided binomial).
A line repeated (same instance and seed, e.g. a file passed twice) is an error rather than counted twice.
Usage: python3 bench/grid-summary.py <csv> [more csv ...]. Standard library only."""
import csv
import itertools
import math
import random
import statistics
import sys


def read(paths):
    rows = {}
    for path in paths:
        for row in csv.DictReader(open(path)):
            key = (row["instance"], int(row["seed"]))
            if key in rows:
                sys.exit(f"{path}: {key[0]} seed {key[1]} is already in an earlier file")
            rows[key] = row
    return rows


def gap(row, engine):
    """From the plans' values rather than the CSV's gap columns, which are rounded to 0.001 %: one unit on X-n376-k94
    is 0.0007 %."""
    return 100 * (float(row[engine]) - float(row["bks"])) / float(row["bks"])


def ratio(ours, reference):
    return ours / reference if reference else float("nan")


def main(paths):
    rows = read(paths)
    size = {i: int(r["n"]) for (i, _), r in rows.items()}
    instances = sorted(size, key=lambda i: (size[i], i))
    seeds = sorted({s for _, s in rows})

    print("| instance | seed | n | budget (CPU s) | HGS-CVRP | ours | HGS-CVRP gap % | our gap % | HGS-CVRP it/CPU-s | our it/CPU-s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for instance in instances:
        for seed in seeds:
            r = rows.get((instance, seed))
            if r:
                print(f"| {instance} | {seed} | {r['n']} | {float(r['budget_s']):.1f} | {float(r['reference']):.0f} | "
                      f"{float(r['ours']):.0f} | {float(r['reference_gap_pct']):.3f} | {float(r['our_gap_pct']):.3f} | "
                      f"{int(r['reference_iter_per_cpu_s']):,} | {int(float(r['our_iter_per_cpu_s'])):,} |")

    print()
    print("| instance | n | HGS-CVRP | mean | ours | mean | HGS-CVRP it/CPU-s | our it/CPU-s | our speed (range) |")
    print("| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for instance in instances:
        runs = [rows[(instance, s)] for s in seeds if (instance, s) in rows]
        gaps = {e: [float(r[f"{e}_gap_pct"]) for r in runs] for e in ("reference", "our")}
        its = {e: [float(r[f"{e}_iter_per_cpu_s"]) for r in runs] for e in ("reference", "our")}
        speed = [o / h for o, h in zip(its["our"], its["reference"])]
        print(f"| {instance} | {size[instance]} | {' / '.join(f'{g:.3f}' for g in gaps['reference'])} | "
              f"{statistics.mean(gaps['reference']):.3f} | {' / '.join(f'{g:.3f}' for g in gaps['our'])} | "
              f"{statistics.mean(gaps['our']):.3f} | {statistics.mean(its['reference']):,.0f} | {statistics.mean(its['our']):,.0f} | "
              f"{statistics.mean(speed):.2f} ({min(speed):.2f}-{max(speed):.2f}) |")

    complete = []
    print()
    for seed in seeds:
        runs = [rows[(i, seed)] for i in instances if (i, seed) in rows]
        reference = statistics.mean(gap(r, "reference") for r in runs)
        ours = statistics.mean(gap(r, "ours") for r in runs)
        better = sum(float(r["ours"]) < float(r["reference"]) for r in runs)
        worse = sum(float(r["ours"]) > float(r["reference"]) for r in runs)
        speed = [float(r["our_iter_per_cpu_s"]) / float(r["reference_iter_per_cpu_s"]) for r in runs]
        print(f"seed {seed}: {len(runs)}/{len(instances)} instances · HGS-CVRP {reference:.4f} % · ours {ours:.4f} % · "
              f"{ratio(ours, reference):.3f}× · ours better on {better}, worse on {worse}, equal on {len(runs) - better - worse} · "
              f"speed {statistics.mean(speed):.3f}× ({min(speed):.2f}-{max(speed):.2f})")
        if len(runs) == len(instances):
            complete.append((seed, reference, ours))

    if len(complete) > 1:
        reference = statistics.mean(c[1] for c in complete)
        ours = statistics.mean(c[2] for c in complete)
        ratios = [ratio(c[2], c[1]) for c in complete]
        print(f"seeds {','.join(str(c[0]) for c in complete)} (all {len(instances)} instances each): "
              f"HGS-CVRP {reference:.4f} % ({min(c[1] for c in complete):.4f}-{max(c[1] for c in complete):.4f}) · "
              f"ours {ours:.4f} % ({min(c[2] for c in complete):.4f}-{max(c[2] for c in complete):.4f}) · "
              f"{ratio(ours, reference):.3f}× (per seed {min(ratios):.3f}-{max(ratios):.3f})")

    sign_flip(list(rows.values()))


def sign_flip(runs):
    differences = [gap(r, "ours") - gap(r, "reference") for r in runs]
    differences = [d for d in differences if d != 0]
    if not differences:
        print("sign-flip test: the two ended equal on every run")
        return
    observed = abs(sum(differences)) - 1e-12
    if len(differences) <= 16:
        signs = itertools.product((1, -1), repeat=len(differences))
        draws = 2 ** len(differences)
    else:
        rng = random.Random(1)
        draws = 200_000
        signs = ([rng.choice((1, -1)) for _ in differences] for _ in range(draws))
    extreme = sum(abs(sum(s * d for s, d in zip(sign, differences))) >= observed for sign in signs)
    worse = sum(d > 0 for d in differences)
    n, fewer = len(differences), min(worse, len(differences) - worse)
    sign_p = min(1.0, 2 * sum(math.comb(n, k) for k in range(fewer + 1)) / 2 ** n)
    print(f"sign-flip test over the {n} runs the two ended apart (ours worse on {worse}): "
          f"mean difference {statistics.mean(differences):+.4f} points, p = {extreme / draws:.3f}; sign test p = {sign_p:.3f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
