#!/usr/bin/env python3
"""Solve a binome matching round with OR-Tools, on exactly the graph binome solved.

    binome match --instance INSTANCE.json --out RESULT.json --emit-edges
    python3 scripts/bench-ortools.py INSTANCE.json RESULT.json

The feasible pairs and their scores are read from RESULT.json's `edges` (written by
`--emit-edges`), so both solvers work on the identical graph; capacities come from
INSTANCE.json. OR-Tools' SimpleMinCostFlow.solve_max_flow_with_min_cost() computes a maximum
flow (most pairs) of minimum cost (scores negated, in millionths as in binome), which is the
same lexicographic objective. Prints time, peak memory, pairs and total score, and compares
with binome's figures in RESULT.json.  Requires: pip install ortools numpy
"""

import json
import re
import resource
import sys
import time
from array import array

import numpy as np
from ortools.graph.python import min_cost_flow

SCALE = 1_000_000
EDGE = re.compile(rb'\["((?:[^"\\]|\\.)*)","((?:[^"\\]|\\.)*)",([-+0-9.eE]+)\]')


def read_edges(path, b_index, v_index):
    """Streams the `edges` array without building millions of Python lists."""
    tails, heads, costs, scores = array("q"), array("q"), array("q"), array("d")
    with open(path, "rb") as f:
        data = f.read()
    start = data.find(b'"edges":')
    if start < 0:
        sys.exit("RESULT.json n'a pas d'« edges » : relancez binome match avec --emit-edges")
    for m in EDGE.finditer(data, start):
        s = float(m.group(3))
        tails.append(b_index[m.group(1).decode()])
        heads.append(v_index[m.group(2).decode()])
        costs.append(-round(s * SCALE))
        scores.append(s)
    end = data.find(b"]]", start) + 2 if data[start + 8:start + 10] != b"[]" else start + 10
    before, after = data[:start].rstrip(), data[end:].lstrip()
    if after.startswith(b","):
        after = after[1:]
    else:
        before = before.rstrip(b",")
    rest = before + after
    header = json.loads(rest)
    return tails, heads, costs, scores, header


def main():
    instance_path, result_path = sys.argv[1], sys.argv[2]
    with open(instance_path) as f:
        instance = json.load(f)
    bs = [p for p in instance["people"] if p["role"] == "beneficiary"]
    vs = [p for p in instance["people"] if p["role"] == "volunteer"]
    nb, nv = len(bs), len(vs)
    # Nodes: source 0, beneficiaries 1..nb, volunteers nb+1..nb+nv, sink nb+nv+1.
    b_index = {p["id"]: 1 + i for i, p in enumerate(bs)}
    v_index = {p["id"]: 1 + nb + i for i, p in enumerate(vs)}
    tails, heads, costs, scores, header = read_edges(result_path, b_index, v_index)
    del instance
    source, sink = 0, nb + nv + 1

    start = time.perf_counter()
    smcf = min_cost_flow.SimpleMinCostFlow()
    ne = len(tails)
    t = np.concatenate([np.zeros(nb, dtype=np.int64), np.frombuffer(tails, dtype=np.int64),
                        np.arange(nb + 1, nb + nv + 1, dtype=np.int64)])
    h = np.concatenate([np.arange(1, nb + 1, dtype=np.int64), np.frombuffer(heads, dtype=np.int64),
                        np.full(nv, sink, dtype=np.int64)])
    caps = np.concatenate([np.ones(nb + ne, dtype=np.int64),
                           np.array([int(p["capacity"]) for p in vs], dtype=np.int64)])
    c = np.concatenate([np.zeros(nb, dtype=np.int64), np.frombuffer(costs, dtype=np.int64),
                        np.zeros(nv, dtype=np.int64)])
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(t, h, caps, c)
    smcf.set_node_supply(source, nb)
    smcf.set_node_supply(sink, -nb)
    status = smcf.solve_max_flow_with_min_cost()
    elapsed = (time.perf_counter() - start) * 1000
    if status != smcf.OPTIMAL:
        sys.exit(f"OR-Tools : statut {status}")
    flows = smcf.flows(arcs[nb:nb + ne])
    chosen = np.nonzero(flows)[0]
    matched = len(chosen)
    total = float(np.frombuffer(scores, dtype=np.float64)[chosen].sum())
    scaled_total = -int(np.frombuffer(costs, dtype=np.int64)[chosen].sum())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"OR-Tools {nb} × {nv} : paires possibles {ne} ; résolution {elapsed:.1f} ms ; "
          f"mémoire max {peak_mb:.0f} Mo (lecture comprise) ; binômes {matched} ; "
          f"score total {total:.6f} (en millionièmes : {scaled_total})")
    if header:
        same = header.get("matched") == matched and abs(header.get("total_score", 0) - total) < 1e-6 * max(1, matched)
        print(f"binome   : binômes {header.get('matched')} ; score total {header.get('total_score')} ; "
              f"{header.get('elapsed_ms')} ms -> {'MÊME OPTIMUM' if same else 'DIFFÉRENT'}")


if __name__ == "__main__":
    main()
