"""Rule embed_shard: sentence embeddings of one shard's participant passages → embeddings.parquet."""
from pathlib import Path

import pandas as pd

from qualsynth.coding import embeddings
from qualsynth.logs import clear_errors, start_log
from qualsynth.tables import read_parquet, write_json, write_parquet

log = start_log(snakemake.log[0], f"embed_shard.{snakemake.wildcards.shard}")
with clear_errors(log):
    segments = read_parquet(Path(snakemake.input.segments))
    said = segments[segments["is_participant"]].sort_values("segment_id")
    device = embeddings.device()
    model = embeddings.load_model(device)
    vectors = embeddings.embed(model, said["text"].tolist(), snakemake.params.batch_size)
    table = pd.DataFrame({"segment_id": said["segment_id"].to_numpy(), "embedding": list(vectors)})
    write_parquet(table, Path(snakemake.output.embeddings))
    write_json(embeddings.describe_device(device), Path(snakemake.output.device))
    log.info("%d passages embedded on %s", len(said), device)
