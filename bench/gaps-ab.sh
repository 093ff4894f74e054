#!/usr/bin/env bash
# Two builds of the vehicle bench (or one build under two environments) on CPU-time budgets of n × factor seconds, their
# gaps to the best known side by side. Each seed runs both at once, one pinned to each core, and the cores swap seed by
# seed, so neither build keeps the faster core. The bench's outputs are kept as <outdir>/<instance>-<a|b>-s<seed>.txt;
# the script prints per instance and build the gaps seed by seed, their mean and how many runs ended off the best known.
# A_ENV / B_ENV: settings for each build's runs, e.g. B_ENV=WMS_SWAPSTAR_RELOCATION=1 (the switches of
# bench/solver-experiments.patch). Pinned .NET processes delay tier-up tenfold unless told otherwise; both get
# DOTNET_TC_DelaySingleProcMultiplier=1, as in hgs-beside-reference.sh.
# usage: bench/gaps-ab.sh <bench dll A> <bench dll B> <factor, e.g. 0.24> <seeds, e.g. 1,2,3> <instance,...> <outdir>
set -euo pipefail
a=${1:?bench dll of build A}
b=${2:?bench dll of build B}
factor=${3:?seconds per customer, e.g. 0.24}
seeds=${4:?seeds, e.g. 1,2,3}
instances=${5:?instances, e.g. X-n143-k7}
out=${6:?directory for the outputs}
data=${WMS_ROUTING_DATA:-$(dirname "$0")/../../shared/benchmarks/routing}
export DOTNET_TC_DelaySingleProcMultiplier=1
mkdir -p "$out"
run() { # dll settings core instance seed output
  # shellcheck disable=SC2086 # the settings are words for env
  env ${2:-} taskset -c "$3" dotnet "$1" --set X --instance "$4" --time-per-customer "$factor" --cpu-time --seed "$5" \
    --data "$data" >"$6"
}
i=0
for instance in ${instances//,/ }; do
  for seed in ${seeds//,/ }; do
    run "$a" "${A_ENV:-}" $((i % 2)) "$instance" "$seed" "$out/$instance-a-s$seed.txt" &
    run "$b" "${B_ENV:-}" $(((i + 1) % 2)) "$instance" "$seed" "$out/$instance-b-s$seed.txt" &
    wait
    i=$((i + 1))
  done
done
echo "A $a ${A_ENV:-}"
echo "B $b ${B_ENV:-}"
for instance in ${instances//,/ }; do
  for build in a b; do
    for seed in ${seeds//,/ }; do
      awk -v i="$instance" '$1 == i { print $9 }' "$out/$instance-$build-s$seed.txt"
    done | awk -v i="$instance" -v b="${build^^}" \
      '{ g = g (NR > 1 ? " / " : "") $1; s += $1; off += ($1 > 0) }
       END { printf "%s %s: %s | mean %.3f %% | off the best known %d of %d\n", i, b, g, s / NR, off, NR }'
  done
done
