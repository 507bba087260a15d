"""Rule record_raw_checksums: sha256 of every raw file as the run starts."""
from pathlib import Path

from qualsynth.logs import start_log
from qualsynth.provenance.manifest import raw_checksums
from qualsynth.tables import write_json

log = start_log(snakemake.log[0], "record_raw_checksums")
checksums = raw_checksums(Path(snakemake.params.raw_dir))
write_json(checksums, Path(snakemake.output[0]))
log.info("recorded %d raw files", len(checksums))
