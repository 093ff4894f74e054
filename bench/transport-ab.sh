#!/usr/bin/env bash
# A/B of two server builds in one run, alternating A,B,A,B: the transport bench (health check and
# GetServerInfo under h2load), then the pick confirmation and stock query benches against each build.
# usage: bench/transport-ab.sh <commit A> [rounds]     (B = the working tree; A is built into a side directory)
set -euo pipefail
cd "$(dirname "$0")/.."
commit_a=${1:?commit A, e.g. the last commit before a transport change}
rounds=${2:-2}
side=$(mktemp -d /tmp/wms-a-XXXXXX)
git worktree add --detach "$side" "$commit_a" >/dev/null
trap 'git worktree remove --force "$side"' EXIT
dotnet build -c Release "$side/server/Wms.Server" -v q >/dev/null
# A's pick and stock benches are A's own (they seed the database with their own schema, then start their own server).
dotnet build -c Release "$side/bench/Wms.Server.Bench" -v q >/dev/null
dotnet build -c Release bench/Wms.Transport.Bench -v q >/dev/null
dotnet build -c Release bench/Wms.Server.Bench -v q >/dev/null
# Since issue 16 the server and the benches build for linux-x64 (OR-Tools' native code), one folder deeper;
# older commits build into net10.0/ itself.
out() { local d="$1/bin/Release/net10.0"; if [[ -f "$d/linux-x64/$2" ]]; then echo "$d/linux-x64/$2"; else echo "$d/$2"; fi; }
a=$(out "$side/server/Wms.Server" Wms.Server.dll)
b="$PWD/$(out bench/Wms.Transport.Bench Wms.Server.dll)"

dotnet "$(out bench/Wms.Transport.Bench Wms.Transport.Bench.dll)" --server-a "$a" --server-b "$b" --rounds "$rounds"
for round in $(seq 1 "$rounds"); do
  for name in A B; do
    bench=$(out bench/Wms.Server.Bench Wms.Server.Bench.dll)
    [[ $name == A ]] && bench=$(out "$side/bench/Wms.Server.Bench" Wms.Server.Bench.dll)
    echo "== round $round, server $name: pick confirmations"
    dotnet "$bench" pick --duration 15 | tail -4
    echo "== round $round, server $name: stock queries"
    dotnet "$bench" stock --duration 10 | tail -8
  done
done
