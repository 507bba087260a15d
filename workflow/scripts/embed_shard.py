"""Rule embed_shard: sentence embeddings of one shard's participant passages → embeddings.parquet."""

from pathlib import Path

from qualsynth.coding.steps import embed_shard
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], f"embed_shard.{snakemake.wildcards.shard}"):
        outputs = embed_shard(Path(snakemake.input.segments), settings_for("embed_shard", snakemake.params.settings))
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
