#!/usr/bin/env python3
# Samples per instruction of one JIT-compiled method: the figures of docs/benchmarks.md (sixteenth session).
# Run the bench under perf with DOTNET_PerfMapEnabled=3 DOTNET_JitDisasm=<Method> DOTNET_JitDisasmWithCodeBytes=1
# DOTNET_JitStdOutFile=<listing>; each instruction's offset is summed from the listing's code bytes.
# usage: bench/jit-annotate.py <listing> </tmp/perf-PID.map> <perf.data> <Method> ["(Tier1)" | "(Tier1-OSR)"]
import sys, re, subprocess, collections
dis, pmap, data, meth = sys.argv[1:5]
tier = sys.argv[5] if len(sys.argv) > 5 else '(Tier1)'
lines = open(dis).read().split('\n')
start = None
for i, l in enumerate(lines):
    if l.startswith('; Assembly listing for method') and (':' + meth + '(') in l and l.rstrip().endswith(tier):
        start = i
if start is None: sys.exit('no listing')
body = []
for l in lines[start + 1:]:
    if l.startswith('; Assembly listing for method'): break
    body.append(l)
ins = []  # (offset, text)
off = 0
for l in body:
    m = re.match(r'^\s+([0-9A-F]{2,})\s+([a-z]\S*.*)$', l)
    if m and len(m.group(1)) % 2 == 0:
        ins.append((off, l.rstrip())); off += len(m.group(1)) // 2
    else:
        ins.append((None, l.rstrip()))
size = off
tag = {'(Tier1)': 'OptimizedTier1', '(Tier1-OSR)': 'OptimizedTier1OSR'}[tier]
addr = None
for l in open(pmap):
    a, s, name = l.split(' ', 2)
    if ('::' + meth + '(') in name and name.strip().endswith('[' + tag + ']'):
        addr, msize = int(a, 16), int(s, 16)
if addr is None: sys.exit('no map entry')
ips = subprocess.run(['perf', 'script', '-i', data, '-F', 'ip'], capture_output=True, text=True).stdout.split()
cnt = collections.Counter(); total = 0
for ip in ips:
    a = int(ip, 16); total += 1
    if addr <= a < addr + msize: cnt[a - addr] += 1
print(f'{meth}: listing {size} bytes, map {msize}; samples {sum(cnt.values())} of {total}')
for o, t in ins:
    c = cnt.get(o, 0) if o is not None else ''
    print(f'{c:>5} {"" if o is None else hex(o):>6} {t}')
