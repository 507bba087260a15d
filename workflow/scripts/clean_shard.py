"""Rule clean_shard: parse, attribute, de-identify and segment one shard's documents."""

from pathlib import Path

from qualsynth.ingest.steps import clean_shard
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    shard = int(snakemake.wildcards.shard)
    with rule_log(snakemake.log[0], f"clean_shard.{shard}"):
        outputs = clean_shard(
            Path(snakemake.input.documents),
            Path(snakemake.input.roster),
            Path(snakemake.input.schema),
            Path(snakemake.input.scan),
            Path(snakemake.params.raw_dir),
            settings_for("clean_shard", snakemake.params.settings),
            shard,
            snakemake.params.shards,
            workers=snakemake.threads,
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
