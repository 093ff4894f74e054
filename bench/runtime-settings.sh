#!/usr/bin/env bash
# The vehicle bench's CPU under .NET runtime settings: the same run (fixed iterations and seed, so the same work and the
# same plan) with the default settings and with each setting given, alternating, one process at a time, pinned to one
# core (CORE, default 0) so that the other core's load moves each run alike. Prints per setting the plan's distance
# (it must not change), the search's CPU seconds sorted, and their median. Pinned, the runtime takes itself for a
# single-processor machine and delays tier-up tenfold (DOTNET_TC_DelaySingleProcMultiplier, default 10), so the default's
# first seconds run unoptimised code; CORE=0,1 runs unpinned.
# usage: bench/runtime-settings.sh <instance> <iterations> <repetitions> <NAME=VALUE[,NAME=VALUE...]> ...
# e.g.   bench/runtime-settings.sh X-n351-k40 1000 10 DOTNET_TieredPGO=0 DOTNET_TieredCompilation=0
set -euo pipefail
cd "$(dirname "$0")/.."
instance=${1:?instance, e.g. X-n351-k40}
iterations=${2:?genetic iterations, e.g. 1000}
repetitions=${3:?repetitions per setting, e.g. 10}
shift 3
data=${WMS_ROUTING_DATA:-../shared/benchmarks/routing}
bench=bench/Wms.Routing.Vehicles.Bench/bin/Release/net10.0/linux-x64/Wms.Routing.Vehicles.Bench.dll
[[ -f $bench ]] || dotnet build -c Release bench/Wms.Routing.Vehicles.Bench -v q >/dev/null
settings=(default "$@")
declare -A cpu distance
for ((r = 0; r < repetitions; r++)); do
  for setting in "${settings[@]}"; do
    environment=()
    [[ $setting == default ]] || IFS=, read -ra environment <<<"$setting"
    out=$(env "${environment[@]}" taskset -c "${CORE:-0}" dotnet "$bench" --set X --instance "$instance" \
      --time 1000000 --max-iterations "$iterations" --seed 1 --data "$data")
    cpu[$setting]+="$(sed -n 's/.*search: iterations=.* cpu=\([0-9.]*\)s.*/\1/p' <<<"$out") "
    distance[$setting]+="$(awk -v i="$instance" '$1 == i { print $5 }' <<<"$out") "
  done
done
for setting in "${settings[@]}"; do
  sorted=$(tr ' ' '\n' <<<"${cpu[$setting]}" | grep . | sort -n | tr '\n' ' ')
  median=$(tr ' ' '\n' <<<"$sorted" | grep . | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  distances=$(tr ' ' '\n' <<<"${distance[$setting]}" | grep . | sort -u | tr '\n' ' ')
  printf '%-40s distance %s  cpu s: %s median %s\n' "$setting" "$distances" "$sorted" "$median"
done
