#!/usr/bin/env bash
# Two builds of the vehicle bench on the same fixed-iteration run (same seed, so the same work when the plans agree):
# each repetition runs both at once, one pinned to each core, and swaps the cores the next time. The two cores of this
# machine may run at different speeds for minutes (one about 1.4 times slower), so each build is compared with the other
# on the same core: per core the median CPU seconds of each build and their ratio B / A, then the geometric mean of the
# two ratios. Also prints per build the plan's distance (it must agree between builds that claim the same search).
# Pinned .NET processes delay tier-up tenfold unless told otherwise; both get DOTNET_TC_DelaySingleProcMultiplier=1.
# usage: bench/builds-ab.sh <bench dll A> <bench dll B> <instance> <iterations> <repetitions>
set -euo pipefail
a=${1:?bench dll of build A}
b=${2:?bench dll of build B}
instance=${3:?instance, e.g. X-n280-k17}
iterations=${4:?genetic iterations, e.g. 1000}
repetitions=${5:?repetitions, e.g. 6}
data=${WMS_ROUTING_DATA:-$(dirname "$0")/../../shared/benchmarks/routing}
export DOTNET_TC_DelaySingleProcMultiplier=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # dll core output
  taskset -c "$2" dotnet "$1" --set X --instance "$instance" --time 1000000 --max-iterations "$iterations" --seed 1 \
    --data "$data" >"$3"
}
cpu() { sed -n 's/.*search: iterations=.* cpu=\([0-9.]*\)s.*/\1/p' "$1"; }
distance() { awk -v i="$instance" '$1 == i { print $5 }' "$1"; }
declare -A cpus
da=() db=()
for ((r = 0; r < repetitions; r++)); do
  core_a=$((r % 2)) core_b=$(((r + 1) % 2))
  run "$a" $core_a "$work/a" &
  run "$b" $core_b "$work/b" &
  wait
  cpus[a$core_a]+="$(cpu "$work/a") " cpus[b$core_b]+="$(cpu "$work/b") "
  da+=("$(distance "$work/a")") db+=("$(distance "$work/b")")
done
median() { tr ' ' '\n' <<<"$*" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sorted() { tr ' ' '\n' <<<"$*" | grep . | sort -n | tr '\n' ' '; }
printf 'A %s  distance %s\n' "$a" "$(sorted "${da[*]}" | tr ' ' '\n' | grep . | sort -u | tr '\n' ' ')"
printf 'B %s  distance %s\n' "$b" "$(sorted "${db[*]}" | tr ' ' '\n' | grep . | sort -u | tr '\n' ' ')"
ratios=()
for core in 0 1; do
  ma=$(median "${cpus[a$core]:-}") mb=$(median "${cpus[b$core]:-}")
  ratios+=("$(awk -v x="$ma" -v y="$mb" 'BEGIN { printf "%.3f", y / x }')")
  printf 'core %s: A cpu s %s median %s | B cpu s %s median %s | B / A %s\n' "$core" "$(sorted "${cpus[a$core]:-}")" "$ma" \
    "$(sorted "${cpus[b$core]:-}")" "$mb" "${ratios[-1]}"
done
awk -v x="${ratios[0]}" -v y="${ratios[1]}" 'BEGIN { printf "B / A, geometric mean over the two cores: %.3f\n", sqrt(x * y) }'
