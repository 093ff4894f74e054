#!/usr/bin/env bash
# Our HGS engine beside HGS-CVRP (Vidal's reference implementation) on the shared CVRP X instances,
# both with budgets in CPU seconds (HGS-CVRP's -t counts clock(); our bench's --cpu-time), seed 1,
# one instance after the other so both see the same machine load.
#
# Usage: bench/hgs-cvrp/compare.sh HGS_CVRP_SOURCE_DIR SECONDS_PER_CUSTOMER INSTANCE...
#   HGS_CVRP_SOURCE_DIR: a checkout of https://github.com/vidalt/HGS-CVRP (not part of this repository);
#   it is built in /tmp/hgs-cvrp-build. Run from the repository root after
#   `dotnet build -c Release bench/Wms.Routing.Vehicles.Bench`.
set -euo pipefail
src=$1; factor=$2; shift 2
data=${DATA:-../shared/benchmarks/routing}
bench=${BENCH:-bench/Wms.Routing.Vehicles.Bench/bin/Release/net10.0/linux-x64/Wms.Routing.Vehicles.Bench.dll}
build=/tmp/hgs-cvrp-build
mkdir -p "$build"
(cd "$build" && cmake "$src" -DCMAKE_BUILD_TYPE=Release > /dev/null && make bin > /dev/null)
printf '%-12s %5s %10s %10s %10s %8s %8s\n' instance n bks hgs-cvrp ours gapRef% gapOurs%
for name in "$@"; do
  file="$data/cvrp/$name.vrp"
  n=$(awk -F: '/^DIMENSION/ { gsub(/[^0-9]/, "", $2); print $2 - 1 }' "$file")
  seconds=$(awk -v n="$n" -v f="$factor" 'BEGIN { printf "%.2f", n * f }')
  bks=$(awk -F, -v k="$name" '$1 == k { print $4 }' "$data/bks.csv")
  "$build/hgs" "$file" "/tmp/hgs-cvrp-$name.sol" -seed 1 -t "$seconds" > /dev/null
  ref=$(awk '/^Cost/ { print $2 }' "/tmp/hgs-cvrp-$name.sol")
  ours=$(dotnet "$bench" --data "$data" --set X --instance "$name" --time "$seconds" --seed 1 --cpu-time | awk -v k="$name" '$1 == k { print $5 }')
  awk -v k="$name" -v n="$n" -v b="$bks" -v r="$ref" -v o="$ours" \
    'BEGIN { printf "%-12s %5d %10.0f %10.0f %10.0f %8.3f %8.3f\n", k, n, b, r, o, 100 * (r - b) / b, 100 * (o - b) / b }'
done
