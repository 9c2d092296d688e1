"""The product's occupation search as the server runs it: load time, memory, latency.

    LOTSE_ENV=demo OMP_NUM_THREADS=1 uv run python benchmarks/occupation_product.py [--queries N]
        [--set esp]

Uses the index in LOTSE_DATA_DIR (build it with `lotse occupations import-esco …` or
`lotse occupations build-index`), lexical + semantic as configured. Queries: the first N titles
of a MELO set (esp unless --set says another; when ../shared/data is there) and one-word titles
in languages without ESCO labels, three times each. Titles in a language the first model never
learned (--set bgr, rou) often ask the second model too, which takes longer.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_ENV", "demo")

import django

django.setup()

from lotse.occupations import search  # noqa: E402
from lotse.occupations.engine.melo import read_melo  # noqa: E402

MELO = Path(__file__).resolve().parents[2] / "shared/data/benchmarks/melo"
ONE_WORD_TITLES = ["ممرضة", "зварник", "aşçı", "hemşire", "kaynakçı", "бухгалтер", "آشپز"]
ONE_WORD_TITLES += ["جوشکار", "öğretmen", "fırıncı", "kucharz", "Krankenschwester (m/w/d)"]
ONE_WORD_TITLES += ["آرایشگر", "راننده کامیون", "кухар", "зварювальник"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300, help="MELO titles to use")
    parser.add_argument("--set", default="esp", help="the MELO set they come from (esp, bgr, …)")
    arguments = parser.parse_args()
    started = time.perf_counter()
    loaded = search._load()
    load = time.perf_counter() - started
    if loaded is None:
        raise SystemExit(f"no index: {search.index_status()}")
    titles = ONE_WORD_TITLES * 3
    if MELO.exists():
        melo = next(MELO.glob(f"{arguments.set}_*"), None)
        if melo is None:
            raise SystemExit(f"no MELO set {arguments.set!r} in {MELO}")
        titles = list(read_melo(melo).queries.values())[: arguments.queries] + titles
    meaning = loaded.meaning
    second_model_asked = 0
    if meaning is not None:  # count the titles that ask the second model: they set the p95
        answer = meaning.second_opinion

        def counted(*args: Any, **options: Any) -> Any:
            nonlocal second_model_asked
            second_model_asked += 1
            return answer(*args, **options)

        meaning.second_opinion = counted  # type: ignore[method-assign]
    latencies = []
    for title in titles:
        started = time.perf_counter()
        search._rank(loaded, title, 10, None)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    vectors = meaning.vectors.memory_bytes / 2**20 if meaning else 0.0
    concepts = meaning.e5_vectors.vectors.nbytes / 2**20 if meaning and meaning.e5_vectors else 0
    print(search.index_status())
    print(
        f"load {load:.2f} s (index and models); lexical {loaded.index.memory_bytes / 2**20:.0f} "
        f"MiB, label vectors {vectors:.0f} MiB, e5 concept vectors {concepts:.1f} MiB; "
        f"process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MiB"
    )
    print(
        f"{len(titles)} queries: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)]:.1f} ms, max {latencies[-1]:.1f} ms; "
        f"{second_model_asked} asked the second model"
    )
    print(
        "command: LOTSE_ENV=demo OMP_NUM_THREADS=1 uv run python benchmarks/occupation_product.py"
        + (f" --set {arguments.set}" if arguments.set != "esp" else "")
    )


if __name__ == "__main__":
    main()
