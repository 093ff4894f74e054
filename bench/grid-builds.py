#!/usr/bin/env python3
"""Two builds of ours against each other, from two grids of bench/hgs-beside-reference.sh over the same instances and
seeds on the same budgets (each grid one or more CSV files: pass A's files, then `--`, then B's). HGS-CVRP ran in both
grids, so its gaps in the two show how much a rerun alone moves; the question here is whether B's gaps differ from A's
beyond that luck.
Prints per instance both builds' mean gaps and HGS-CVRP's in each grid, then over the instance-seed runs both grids hold:
how often HGS-CVRP ended on the same value in both and how fast it ran in B's grid against A's (the two machines), both
builds' mean gaps, where B is better, worse or equal, and grid-summary.py's paired sign-flip and sign tests with A in
HGS-CVRP's place.
Usage: python3 bench/grid-builds.py <A csv> [more A csv ...] -- <B csv> [more B csv ...]. Standard library only."""
import importlib.util
import pathlib
import statistics
import sys

spec = importlib.util.spec_from_file_location("grid_summary", pathlib.Path(__file__).with_name("grid-summary.py"))
summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(summary)


def main(args):
    if args.count("--") != 1 or args.index("--") in (0, len(args) - 1):
        sys.exit(__doc__)
    split = args.index("--")
    a, b = summary.read(args[:split]), summary.read(args[split + 1:])
    both = sorted(set(a) & set(b), key=lambda k: (int(a[k]["n"]), k))
    if not both:
        sys.exit("the two grids share no instance and seed")
    other = [k for k in both if a[k]["budget_s"] != b[k]["budget_s"]]
    if other:
        sys.exit(f"{other[0][0]} seed {other[0][1]} ran on {a[other[0]]['budget_s']} s in A and {b[other[0]]['budget_s']} s in B")

    print("| instance | runs | A mean gap % | B mean gap % | HGS-CVRP in A's grid | HGS-CVRP in B's grid |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for instance in dict.fromkeys(i for i, _ in both):
        keys = [k for k in both if k[0] == instance]
        means = [statistics.mean(summary.gap(grid[k], engine) for k in keys)
                 for grid, engine in ((a, "ours"), (b, "ours"), (a, "reference"), (b, "reference"))]
        print(f"| {instance} | {len(keys)} | " + " | ".join(f"{m:.3f}" for m in means) + " |")

    same = sum(float(a[k]["reference"]) == float(b[k]["reference"]) for k in both)
    speed = [float(b[k]["reference_iter_per_cpu_s"]) / float(a[k]["reference_iter_per_cpu_s"]) for k in both]
    print()
    print(f"HGS-CVRP: the same value in both grids on {same} of {len(both)} runs · its iterations per CPU second in B's grid "
          f"{statistics.mean(speed):.2f}× A's ({min(speed):.2f}-{max(speed):.2f})")

    # A's plans stand where HGS-CVRP's stand in grid-summary.py, so its test reads "ours" as B.
    pairs = [{"bks": b[k]["bks"], "reference": a[k]["ours"], "ours": b[k]["ours"]} for k in both]
    better = sum(float(p["ours"]) < float(p["reference"]) for p in pairs)
    worse = sum(float(p["ours"]) > float(p["reference"]) for p in pairs)
    print(f"{len(both)} runs in both grids · A {statistics.mean(summary.gap(a[k], 'ours') for k in both):.4f} % · "
          f"B {statistics.mean(summary.gap(b[k], 'ours') for k in both):.4f} % · "
          f"B better on {better}, worse on {worse}, equal on {len(both) - better - worse}")
    print("(below, 'ours' is B and the other is A)")
    summary.sign_flip(pairs)


if __name__ == "__main__":
    main(sys.argv[1:])
