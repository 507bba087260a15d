"""Rule audit: the audit folder, report/_output/audit/, with an index.html linking everything in it."""
import shutil
from pathlib import Path

import pandas as pd

from qualsynth.logs import start_log
from qualsynth.provenance.audit import archive_notebook, read_json, summary_table, write_index
from qualsynth.tables import write_csv

log = start_log(snakemake.log[0], "audit")
out = snakemake.output
root = Path.cwd()
shutil.copyfile(snakemake.input.manifest, out.manifest)
shutil.copyfile(snakemake.input.agreement, out.agreement)
write_csv(summary_table(pd.read_csv(snakemake.input.exclusions), "reason", "reason", "units"), Path(out.exclusions))
write_csv(summary_table(pd.read_csv(snakemake.input.redactions), "category", "category", "replacements"),
          Path(out.redactions))
links = [
    ("manifest.json", "manifest.json", "every output with its checksum, rows and columns, the rule that made it "
     "and a checksum of that rule's inputs; raw-data checksums; config and codebook hashes; software versions"),
    ("exclusions_by_reason.csv", "exclusions_by_reason.csv", "raw units left out of the analysis, counted by reason"),
    ("redactions_by_category.csv", "redactions_by_category.csv",
     "identifying details replaced, counted by category (never the values)"),
    ("agreement.csv", "agreement.csv", "agreement of the automatic coding, and of coder B, with coder A, per theme"),
    ("workflow-report.html", "workflow-report.html",
     "Snakemake's own report: the rule graph, run times, and the flagged outputs with captions "
     "(written by `make audit` after this page)"),
]
for executed in snakemake.params.executed:
    name = Path(executed).stem
    archive_notebook(Path(executed), Path(out.notebooks) / f"{name}.html", root)
    links.append((f"notebook {name}", f"notebooks/{name}.html", "the executed notebook, as it ran"))
write_index(Path(out.index), read_json(Path(snakemake.input.manifest)), links)
log.info("audit folder written: %s", Path(out.index).parent)
