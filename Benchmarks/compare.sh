#!/usr/bin/env bash
# Runs Bellman's release build and the C reference (../shared/bench/ref.c) alternately, in one
# sitting, and prints the ratio bellman/reference per workload (min, median, max over the
# pairs). Figures from different days or machines are not comparable; ratios from one sitting are.
# It also sets each workload's checksums beside the reference's, and exits 1 if any differ.
#
#   Benchmarks/compare.sh [--native] [PAIRS] [REF_C]   # PAIRS default 5; REF_C default ../shared/bench/ref.c
#   WORKLOADS="w5 w7" Benchmarks/compare.sh             # some workloads only (default w1 .. w9)
#   BELLMAN=/path/to/release/bellman Benchmarks/compare.sh   # a release build made already
#
# --native builds Bellman for this CPU (-target-cpu native, in .build/native), as the reference
# is built with -march=native; without it Bellman is the portable release build.
set -euo pipefail
cd "$(dirname "$0")/.."
native=0
if [ "${1:-}" = "--native" ]; then native=1; shift; fi
pairs=${1:-5}
ref_c=${2:-../shared/bench/ref.c}
[ -f "$ref_c" ] || { echo "compare.sh: no C reference at $ref_c (give its path as the second argument)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cc -O3 -march=native -o "$scratch/ref" "$ref_c" -lm
if [ -n "${BELLMAN:-}" ]; then
    bellman=$BELLMAN   # a release build made already (the same sources)
elif [ "$native" = 1 ]; then
    log=$(swift build -c release --scratch-path .build/native -Xswiftc -target-cpu -Xswiftc native 2>&1) || { echo "$log" >&2; exit 1; }
    bellman=.build/native/release/bellman
else
    log=$(swift build -c release 2>&1) || { echo "$log" >&2; exit 1; }
    bellman=.build/release/bellman
fi

figure() { sed -n 's/.*"figure":\([0-9.e+-]*\).*/\1/p'; }
differ=0
for w in ${WORKLOADS:-w1 w2 w3 w4 w5 w6 w7 w8 w9}; do
    ratios=() bs=() cs=()
    for _ in $(seq "$pairs"); do
        bj=$("$bellman" bench "$w" --repeat 1 --format json)
        cj=$("$scratch/ref" "$w")
        b=$(echo "$bj" | figure) c=$(echo "$cj" | figure)
        ratios+=("$(python3 -c "print($b / $c)")") bs+=("$b") cs+=("$c")
    done
    # The last pair's checksums: every number both print but the timings, to the reference's
    # printed digits (W4's rates are the reference's alone).
    python3 - "$w" "${ratios[*]}" "${bs[*]}" "${cs[*]}" "$bj" "$cj" <<'PY' || differ=1
import json, statistics, sys
w = sys.argv[1]
rs, bs, cs = (sorted(float(x) for x in a.split()) for a in sys.argv[2:5])
b, c = json.loads(sys.argv[5]), json.loads(sys.argv[6])
timing = {"workload", "impl", "seconds", "figure", "min", "max", "unit", "peak_mb"}
keys = [k for k in c if k in b and k not in timing]
bad = [f"{k} {b[k]} against {c[k]}" for k in keys if f"{b[k]:.6f}" != f"{c[k]:.6f}"]
sums = f"checksums agree ({', '.join(keys)})" if not bad else "checksums DIFFER: " + "; ".join(bad)
print(f"{w}  bellman {statistics.median(bs):.3g}  C {statistics.median(cs):.3g}  bellman/C  min {rs[0]:.3f}  median {statistics.median(rs):.3f}  max {rs[-1]:.3f}  ({len(rs)} pairs)  {sums}")
sys.exit(1 if bad else 0)
PY
done
exit "$differ"
