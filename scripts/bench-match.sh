#!/bin/sh
# binome and OR-Tools on the same graphs, in one run: 10,000 × 10,000, 100,000 × 100,000 and
# the dense Île-de-France instance (8,000 × 6,000). Every figure is printed beside the load
# average, as the machine may be shared.
#
#   scripts/bench-match.sh [BINARY [FOLDER]]    (default ./target/release/binome, bench/)
#
# Needs `pip install ortools numpy`; the 100k RESULT.json with its edges is about 1.4 GB and
# OR-Tools needs about 6 GB of memory to read it.
set -eu
bin=${1:-./target/release/binome}
dir=${2:-bench}
"$bin" bench-match --sizes 10000,100000,idf --out-dir "$dir"
for n in 10000 100000 idf; do
    echo "charge : $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "binome match $n : %e s, %M Ko" \
        "$bin" match --instance "$dir/instance-$n.json" --out "$dir/result-$n.json" --emit-edges
    echo "charge : $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "OR-Tools $n : %e s, %M Ko" \
        python3 scripts/bench-ortools.py "$dir/instance-$n.json" "$dir/result-$n.json"
done
