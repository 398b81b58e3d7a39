"""Seeded synthetic instances of any size, for tests and benchmarks.

Sites are scattered over central and western China's longitudes and latitudes with random
costs, hazards and land; items are reserves with demand, minimum scale, dispersion, redundancy
and survival rules, fixed and unit costs. The numbers mean nothing beyond exercising the
model: they are random draws from ``numpy.random.default_rng(seed)``, so the same arguments
always give the same files.

Command line: ``python -m benchmarks.synthetic OUT_FOLDER --sites 200 --items 30 --seed 0``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import yaml


def write_synthetic(folder: Path, n_sites: int = 40, n_items: int = 10, seed: int = 0) -> Path:
    """Write a synthetic instance folder and return it."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    sites = pd.DataFrame({
        "site_id": [f"S{i:04d}" for i in range(n_sites)],
        "province": [f"P{i % 12:02d}" for i in range(n_sites)],
        "region": rng.choice(["East", "Central", "West"], n_sites),
        "lon": rng.uniform(95, 115, n_sites).round(3),
        "lat": rng.uniform(22, 40, n_sites).round(3),
        "hinterland": True,
        "cost_index": rng.uniform(0.7, 1.3, n_sites).round(2),
        "hazard": rng.uniform(0, 0.8, n_sites).round(2),
        "coast_km": rng.uniform(100, 2000, n_sites).round(),
        "border_km": rng.uniform(100, 2000, n_sites).round(),
        "open_cost": rng.integers(5, 30, n_sites),
        "cap_land": rng.integers(10, 40, n_sites),
    })
    items = pd.DataFrame({
        "item_id": [f"K{i:03d}" for i in range(n_items)],
        "task": "reserve",
        "demand": rng.integers(10, 40, n_items),
        "min_scale": rng.integers(1, 5, n_items),
        "max_share": 0.4,
        "min_sites": 3,
        "survive_share": 0.6,
        "max_hazard": 0.6,
        "fixed_cost": rng.integers(5, 40, n_items),
        "unit_capex": rng.integers(1, 10, n_items),
        "unit_opex": 0.5,
        "transport_cost": 0.002,
        "serves": "C1;C2",
        "use_land": rng.uniform(0.2, 1, n_items).round(2),
    })
    centres = pd.DataFrame({"centre_id": ["C1", "C2"], "name": ["Beijing", "Shanghai"],
                            "lon": [116.407, 121.474], "lat": [39.904, 31.23]})
    sites.to_csv(folder / "sites.csv", index=False)
    items.to_csv(folder / "items.csv", index=False)
    centres.to_csv(folder / "centres.csv", index=False)
    settings = {
        "name": f"synthetic-{n_sites}x{n_items}-seed{seed}",
        "description": "Random synthetic instance (benchmarks/synthetic.py); no real data.",
        "regions": {"West": {"min_share": 0.4}},
    }
    (folder / "instance.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_synthetic(args.out, args.sites, args.items, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
