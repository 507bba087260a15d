"""Rule code_shard: the rules, supervised and (when on) semantic coders on one shard's passages, and
each of its units' probability that the reference coder would find each theme there."""

from pathlib import Path

from qualsynth.coding.steps import code_shard
from qualsynth.logs import rule_log
from qualsynth.settings import settings_for
from qualsynth.tables import write_outputs


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], f"code_shard.{snakemake.wildcards.shard}"):
        embeddings = snakemake.input.get("embeddings")
        outputs = code_shard(
            Path(snakemake.input.segments),
            Path(snakemake.input.coder),
            Path(embeddings) if embeddings else None,
            Path(snakemake.input.codebook),
            Path(snakemake.input.schema),
            settings_for("code_shard", snakemake.params.settings),
            workers=snakemake.threads,
        )
        write_outputs(outputs, snakemake.output)


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
