"""Sentence-embedding throughput (the semantic coder's main cost) on a generated corpus.

    python bench/bench_embeddings.py [--factor 100] [--sample 5000] [--batch-size 64]

Ingests the corpus (bench/make_corpus.py), then embeds participant passages with all-MiniLM-L6-v2 on
the device the workflow would use (CUDA when torch sees a GPU, else the CPU): a random sample of
``--sample`` passages (0: all of them), fixed seed, after one warm-up batch. Results go to
bench/results/embeddings.json, one entry per device, with the machine and the device named.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_coding import generated  # noqa: E402
from bench_ingest import machine  # noqa: E402

from qualsynth.coding import embeddings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--sample", type=int, default=5000, help="passages to embed (0: every passage)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    segments = generated(args.factor, args.cores)
    said = segments[segments["is_participant"]]
    sample = said.sample(n=args.sample, random_state=0) if 0 < args.sample < len(said) else said
    device = embeddings.device()
    started = time.perf_counter()
    model = embeddings.load_model(device)
    load_s = time.perf_counter() - started
    embeddings.embed(model, sample["text"].head(args.batch_size).tolist(), args.batch_size)  # warm-up
    started = time.perf_counter()
    vectors = embeddings.embed(model, sample["text"].tolist(), args.batch_size)
    seconds = time.perf_counter() - started
    result = {
        "machine": machine(),
        **embeddings.describe_device(device),
        "factor": args.factor,
        "participant_segments_in_corpus": len(said),
        "segments_embedded": len(sample),
        "mean_words": round(float(sample["n_words"].mean()), 1),
        "batch_size": args.batch_size,
        "model_load_s": round(load_s, 2),
        "seconds": round(seconds, 2),
        "segments_per_s": round(len(sample) / seconds, 1),
        "dimensions": int(vectors.shape[1]),
        "whole_corpus_estimate_s": round(len(said) / (len(sample) / seconds)),
    }
    out = ROOT / "bench/results/embeddings.json"
    runs = json.loads(out.read_text())["runs"] if out.exists() else []
    runs = [r for r in runs if r["device"] != device] + [result]
    out.write_text(json.dumps({"runs": sorted(runs, key=lambda r: r["device"])}, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
