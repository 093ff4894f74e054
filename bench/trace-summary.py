#!/usr/bin/env python3
"""One genetic search's population log summed up: HGS-CVRP's `-log 1` (with bench/hgs-cvrp-diagnostics.patch for the
infeasible make-up) or the bench's `--trace N`, which prints the same figures in the same words.
Prints, per log:
- the stretches between restarts (a restart shows as the feasible best going up) and the best each ended at;
- over the snapshots with an infeasible make-up: the mean capacity penalty, the share whose infeasible best uses at most
  --routes routes, the infeasible members' routes and excess weight, and each subpopulation's diversity (the `Div`
  figures: broken-pairs distance among its best 25; an empty subpopulation's -1 left out), averaged;
- the first snapshot's share of feasible offspring and penalty (the initial population's, at the starting penalty; in
  HGS-CVRP's log after its first child and penalty update) and, over several logs, that share's mean;
- the share of feasible offspring from iteration --from on: its mean, and by the penalty in force while they were made
  (the printed penalty is the one after that period's adjustment: undone by 1.2 or 0.85 as the share was under 0.15 or
  over 0.25; so with penalties held fixed only the mean applies).
Usage: python3 bench/trace-summary.py [--routes 16] [--from 5000] <log> [more logs ...]. Standard library only."""
import argparse
import re
import statistics

SNAPSHOT = re.compile(r"It\s+(\d+)\s+\d+\s.*?\| Feas \d+ ([\d.]+) .*\| Feas ([\d.]+)(?: [\d.]+)? \| Pen ([\d.]+)")
DIVERSITY = re.compile(r"\| Div (-?[\d.]+) (-?[\d.]+)")
MAKEUP = re.compile(r"InfBest routes (\d+) dist \d+ excess \d+ \| InfMean routes ([\d.]+) excess ([\d.]+)")


def summarise(path, routes, first):
    stretches, penalties, makeups, diversities, shares, bins = [], [], [], ([], []), [], {}
    opening = None
    for line in open(path):
        snapshot = SNAPSHOT.search(line)
        if not snapshot:
            continue
        iteration, best, share, penalty = int(snapshot[1]), float(snapshot[2]), float(snapshot[3]), float(snapshot[4])
        opening = opening or (iteration, share, penalty)
        if not stretches or best > stretches[-1][2] + 0.5:
            stretches.append([iteration, iteration, best])
        else:
            stretches[-1][1:] = [iteration, best]
        makeup = MAKEUP.search(line)
        if makeup:
            penalties.append(penalty)
            makeups.append((int(makeup[1]), float(makeup[2]), float(makeup[3])))
            diversity = DIVERSITY.search(line)
            if diversity:
                for kept, value in zip(diversities, (float(diversity[1]), float(diversity[2]))):
                    if value >= 0:  # an empty subpopulation prints -1
                        kept.append(value)
        if iteration >= first:
            shares.append(share)
            in_force = penalty / 1.2 if share < 0.15 else penalty / 0.85 if share > 0.25 else penalty
            bins.setdefault(int(in_force) // 2 * 2, []).append(share)

    print(path)
    if opening:
        print(f"  first snapshot (iteration {opening[0]}): feasible share {opening[1]:.2f} at penalty {opening[2]:.2f}")
    print("  stretches: " + " · ".join(f"{a}-{b}: {c:.0f}" for a, b, c in stretches))
    if makeups:
        print(f"  {len(makeups)} snapshots: penalty {statistics.mean(penalties):.2f}, "
              f"infeasible best on {routes} routes or fewer {100 * sum(m[0] <= routes for m in makeups) / len(makeups):.0f} %, "
              f"infeasible members {statistics.mean(m[1] for m in makeups):.2f} routes / "
              f"{statistics.mean(m[2] for m in makeups):.1f} excess, diversity "
              + " / ".join(f"{statistics.mean(d):.3f}" if d else "-" for d in diversities) + " (feasible / infeasible)")
    if shares:
        print(f"  feasible share from iteration {first}: {statistics.mean(shares):.3f} over {len(shares)} snapshots")
    print("  feasible share by penalty in force: " + " ".join(
        f"{b}-{b + 2}: {statistics.mean(v):.2f} (n={len(v)})" for b, v in sorted(bins.items())))
    return opening


parser = argparse.ArgumentParser()
parser.add_argument("--routes", type=int, default=16)
parser.add_argument("--from", dest="first", type=int, default=5000)
parser.add_argument("logs", nargs="+")
arguments = parser.parse_args()
openings = [o for o in (summarise(log, arguments.routes, arguments.first) for log in arguments.logs) if o]
if len(openings) > 1:
    print(f"first snapshots' feasible share, mean over {len(openings)} logs: {statistics.mean(o[1] for o in openings):.3f}")
