"""Rule audit: the audit folder, report/_output/audit/, with an index.html linking everything in it."""

from pathlib import Path

from qualsynth.logs import rule_log
from qualsynth.provenance.steps import audit


def main(snakemake) -> None:
    with rule_log(snakemake.log[0], "audit"):
        audit(
            Path(snakemake.input.manifest),
            Path(snakemake.input.exclusions),
            Path(snakemake.input.redactions),
            Path(snakemake.input.agreement),
            [Path(p) for p in snakemake.params.executed],
            {name: Path(getattr(snakemake.output, name)) for name in snakemake.output.keys()},
            Path.cwd(),
        )


if __name__ == "__main__":
    main(snakemake)  # noqa: F821 (Snakemake defines it)
