"""Rule manifest: check the raw data is as the run found it, then list every output with its provenance."""
import json
from importlib.metadata import version
from pathlib import Path

from qualsynth.logs import start_log
from qualsynth.provenance.manifest import build_manifest, git_commit, software_versions, verify_raw
from qualsynth.report.pandoc import pandoc_version
from qualsynth.tables import write_json

log = start_log(snakemake.log[0], "manifest")
root = Path.cwd()
recorded = json.loads(Path(snakemake.input.raw).read_text(encoding="utf-8"))
raw = verify_raw(Path(snakemake.params.raw_dir), recorded)
rendered = next(p for p in snakemake.params.rules["render_report"]["outputs"] if p.endswith("render.json"))
engine = json.loads(Path(rendered).read_text(encoding="utf-8"))["engine_version"]
manifest = build_manifest(
    snakemake.params.rules, root, raw, snakemake.params.raw_dir, snakemake.params.config,
    Path(snakemake.params.codebook), software_versions({"pandoc": pandoc_version(), "report renderer": engine}),
    {"version": version("qualsynth"), "git_commit": git_commit(root)},
)
# Where the sentence embeddings were computed (CPU or which GPU), when the semantic coder is on.
devices = {Path(p).read_text(encoding="utf-8") for step, files in snakemake.params.rules.items()
           if step.startswith("embed_shard") for p in files["outputs"] if p.endswith("device.json")}
if devices:
    manifest["embeddings"] = [json.loads(d) for d in sorted(devices)]
write_json(manifest, Path(snakemake.output[0]))
log.info("manifest of %d outputs; raw data unchanged since the start (%d files)", len(manifest["outputs"]), len(raw))
