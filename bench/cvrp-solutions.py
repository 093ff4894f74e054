#!/usr/bin/env python3
"""Plans of one CVRPLIB instance set side by side: each plan's distance recomputed from the instance's coordinates
(rounded Euclidean, as the X set defines it), and how many routes each pair of plans shares (the same set of customers).
Plans are in CVRPLIB's solution format: the instance's .sol file, HGS-CVRP's output, the bench's --routes files.
Usage: python3 bench/cvrp-solutions.py <instance.vrp> <a.sol> <b.sol> [more.sol ...]. Standard library only."""
import itertools
import math
import sys


def read_instance(path):
    """Coordinates by node id, and the node ids of customers 1..n in file order (the depot left out)."""
    coords, depot, section = {}, 1, None
    for line in open(path):
        fields = line.split()
        if not fields:
            continue
        if fields[0] == "EOF":
            break
        if fields[0].endswith("_SECTION"):
            section = fields[0]
        elif section == "NODE_COORD_SECTION":
            coords[int(fields[0])] = (float(fields[1]), float(fields[2]))
        elif section == "DEPOT_SECTION" and int(fields[0]) > 0:
            depot = int(fields[0])
    return coords, depot, [node for node in sorted(coords) if node != depot]


def read_routes(path):
    return [[int(c) for c in line.split(":", 1)[1].split()] for line in open(path) if line.startswith("Route")]


def main(instance, plans):
    coords, depot, customers = read_instance(instance)

    def arc(a, b):
        return int(math.dist(coords[a], coords[b]) + 0.5)

    def distance(route):
        nodes = [depot] + [customers[c - 1] for c in route] + [depot]
        return sum(arc(a, b) for a, b in zip(nodes, nodes[1:]))

    routes = {path: read_routes(path) for path in plans}
    for path, plan in routes.items():
        print(f"{path}: {len(plan)} routes, distance {sum(distance(r) for r in plan)}")
    for a, b in itertools.combinations(plans, 2):
        shared = {frozenset(r) for r in routes[a]} & {frozenset(r) for r in routes[b]}
        print(f"{a} and {b}: {len(shared)} routes with the same customers")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
