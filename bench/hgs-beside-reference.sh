#!/usr/bin/env bash
# Our HGS engine beside HGS-CVRP (Vidal's reference implementation) on shared CVRP X instances, one
# instance after the other in the same run, both on CPU-time budgets of n × factor seconds (HGS-CVRP's
# -t counts clock(); our bench's --cpu-time counts the process's CPU), so a loaded machine stretches
# the wall clock but not the work. HGS-CVRP is NOT fetched or built here: pass the path of a binary you
# built yourself from its public source (github.com/vidalt/HGS-CVRP, `cmake` then `make bin`).
# usage: bench/hgs-beside-reference.sh <path to hgs binary> <factor, e.g. 0.24> <seeds, e.g. 1,2> <instance,...>
# With SAME_ITERATIONS=1 ours runs as many genetic iterations as HGS-CVRP ran in its budget, not the same CPU time:
# the two compared per iteration, speed aside.
set -euo pipefail
cd "$(dirname "$0")/.."
hgs=${1:?path to the HGS-CVRP binary}
factor=${2:?seconds per customer, e.g. 0.24}
seeds=${3:?seeds, e.g. 1,2,3}
instances=${4:?instances, e.g. X-n101-k25,X-n115-k10}
data=${WMS_ROUTING_DATA:-../shared/benchmarks/routing}
# Pinned to one core (taskset, as the grids run), the .NET runtime takes itself for a single-processor machine and waits
# ten times longer (1 s instead of 100 ms after the last tier-0 compilation) before optimising hot methods: about 3.4 s
# more CPU per run of ours (docs/benchmarks.md, twenty-second session). The grids measure the solver, not that heuristic.
export DOTNET_TC_DelaySingleProcMultiplier=${DOTNET_TC_DelaySingleProcMultiplier:-1}
bench=bench/Wms.Routing.Vehicles.Bench/bin/Release/net10.0/linux-x64/Wms.Routing.Vehicles.Bench.dll
[[ -f $bench ]] || dotnet build -c Release bench/Wms.Routing.Vehicles.Bench -v q >/dev/null
out=$(mktemp -d /tmp/hgs-beside-XXXXXX)
trap 'rm -rf "$out"' EXIT

# The last two columns: genetic iterations per CPU second of each (HGS-CVRP's from its log, ours from the bench).
echo "instance,n,seed,budget_s,bks,reference,ours,reference_gap_pct,our_gap_pct,reference_iter_per_cpu_s,our_iter_per_cpu_s"
for instance in ${instances//,/ }; do
  file="$data/cvrp/$instance.vrp"
  n=$(( $(awk '/^DIMENSION/ { gsub(/[^0-9]/, "", $0); print }' "$file") - 1 ))
  budget=$(awk -v n="$n" -v f="$factor" 'BEGIN { printf "%.2f", n * f }')
  bks=$(awk -F, -v i="$instance" '$1 == i { print $4 }' "$data/bks.csv")
  for seed in ${seeds//,/ }; do
    "$hgs" "$file" "$out/sol" -seed "$seed" -t "$budget" -log 1 >"$out/log"
    reference=$(awk '/^Cost/ { print $2 }' "$out/sol")
    reference_speed=$(awk '/GENETIC ALGORITHM FINISHED AFTER/ { printf "%.0f", $6 / $NF }' "$out/log")
    limit=(--time "$budget" --cpu-time)
    if [[ ${SAME_ITERATIONS:-0} == 1 ]]; then
      limit=(--time 1000000 --max-iterations "$(awk '/GENETIC ALGORITHM FINISHED AFTER/ { print $6 }' "$out/log")")
    fi
    dotnet "$bench" --set X --instance "$instance" "${limit[@]}" --seed "$seed" --data "$data" >"$out/ours"
    ours=$(awk -v i="$instance" '$1 == i { print $5 }' "$out/ours")
    our_speed=$(awk -F'iterations/cpu-s=' '/search: iterations=/ { split($2, rest, " "); print rest[1] }' "$out/ours")
    awk -v i="$instance" -v n="$n" -v s="$seed" -v t="$budget" -v b="$bks" -v r="$reference" -v o="$ours" -v rs="$reference_speed" -v os="$our_speed" \
      'BEGIN { printf "%s,%d,%d,%s,%s,%s,%s,%.3f,%.3f,%s,%s\n", i, n, s, t, b, r, o, 100 * (r - b) / b, 100 * (o - b) / b, rs, os }'
  done
done
