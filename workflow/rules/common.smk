# Shared helpers: config validation, paths, and the list of raw sources.
import csv
import json
import os
import re
from pathlib import Path

from snakemake.exceptions import IncompleteCheckpointException
from snakemake.utils import validate

from qualsynth.coding.code_files import human_code_files
from qualsynth.config import check_config, coerce_scalars, load_schema, normalise_dates
from qualsynth.environment import prepare_job_environment
from qualsynth.settings import check_moved_keys, params_for

# The qualsynth checkout (its schemas and report template). The working directory is the project
# folder: the checkout itself for the demo, the inquiry's own folder for `make report CONFIG=...`.
QUALSYNTH = Path(workflow.basedir)


def qualsynth_file(name):
    """A file of the qualsynth checkout, as a path relative to the project folder (the manifest and
    the logs never hold the build machine's absolute paths)."""
    return os.path.relpath(QUALSYNTH / name)


# Notebooks find the jupyter-nbconvert beside this Snakemake, PATH or not; their kernels warn no more.
prepare_job_environment(QUALSYNTH)

# Our own checks first: their messages name the key and where it belongs, or the expected value.
CONFIG_SCHEMA = load_schema(QUALSYNTH / "workflow/schemas/config.schema.yaml")
CONFIG_SOURCE = "the configuration ({} or --config)".format(
    " + ".join(os.path.relpath(f) for f in workflow.configfiles) or "config/config.yaml"
)
check_moved_keys(config, CONFIG_SOURCE)
# Nested --config values arrive as text: numbers and flags the schema asks for become numbers and flags.
config.update(coerce_scalars(dict(config), CONFIG_SCHEMA))
check_config(config, CONFIG_SCHEMA, CONFIG_SOURCE)
normalise_dates(config)
validate(config, "../schemas/config.schema.yaml")

RAW = Path(config["raw_dir"])
PROCESSED = Path(config["processed_dir"])
SENSITIVE = Path(config["sensitive_dir"])
REPORT_OUT = Path("report/_output")
LOGS = Path("logs")
BENCH = Path("logs/benchmarks")
# The software each rule runs with (the conda route); `make` builds the same set in .venv.
ENV = "../../environment.yml"


SHARDS = list(range(config["shards"]))


def _registered():
    """(doc_id, path) of each row of the register; validate_inputs checks them properly."""
    register = RAW / "documents.csv"
    if not register.exists():
        return []
    with open(register, encoding="utf-8-sig", newline="") as handle:
        return [
            (row.get("doc_id") or "", (row.get("path") or "").strip())
            for row in csv.DictReader(handle)
        ]


def raw_sources(wildcards=None):
    """Source files named in the register that exist; validate_inputs reports the rest."""
    return sorted({str(RAW / p) for _, p in _registered() if p and (RAW / p).is_file()})


def shard_outputs(template):
    """One path per shard."""
    return expand(template, shard=SHARDS)


def after(checkpoint, template):
    """An input that waits on ``checkpoint``: Snakemake looks again once the checkpoint has run, so a
    shard whose inputs kept the same bytes (the usual case after editing one document) is not run again.
    """

    def inputs(wildcards):
        getattr(checkpoints, checkpoint).get()
        return template.replace("{shard}", getattr(wildcards, "shard", "{shard}"))

    inputs.template = (
        template  # what the manifest lists, without waiting on the checkpoint
    )
    return inputs


def if_semantic(template):
    """``template`` when the semantic coder is on, else no input."""
    return template if SEMANTIC else []


CODING = config["coding"]
SEMANTIC = CODING["semantic"]["enabled"]


def processed(name):
    """Path of a file under the processed-data folder."""
    return str(PROCESSED / name)


def sensitive(name):
    """Path of a file that holds original names (the de-identification review): never published."""
    return str(SENSITIVE / name)


def human_codes_input(wildcards=None):
    """The human codes: every file ``human_codes`` names (a folder stands for the .csv and .xlsx files
    in it), and the codes imported from a QDA project when the config names one."""
    files = [str(p) for p in human_code_files(CODING.get("human_codes"))]
    return files + (
        [processed("human_codes_from_qdpx.csv")] if CODING.get("qdpx_import") else []
    )


def coded_units_input(wildcards=None):
    """The units coded in full, which a new batch leaves out: none before any human code exists (the first
    batch is drawn before anyone codes)."""
    files = [str(p) for p in human_code_files(CODING.get("human_codes"))]
    files += [CODING["qdpx_import"]] if CODING.get("qdpx_import") else []
    coded = files and all(Path(p).exists() for p in files)
    return [processed("coded_units.parquet")] if coded else []


def uncertainty_input(wildcards=None):
    """The units' calibrated probabilities, when the batch is drawn by the machine's uncertainty."""
    return (
        [processed("unit_scores.parquet")]
        if config["sampling"].get("by") == "uncertainty"
        else []
    )


def sample_register_input(wildcards=None):
    """The sample register, when `make sample` has written one, and beside it the units' strata of the
    batches drawn by the machine's uncertainty, when there are any."""
    register = RAW / config["sampling"]["register"]
    strata = register.with_name(f"{register.stem}_strata.csv")
    return [str(p) for p in (register, strata) if p.exists()]


def raw_support_files():
    """Files in the raw folder that are not sources: the register, roster, README, sample register and
    the human codes (paths relative to the raw folder)."""
    support = [
        "documents.csv",
        "participants.csv",
        "README.md",
        config["sampling"]["register"],
        str(
            Path(config["sampling"]["register"]).with_name(
                f"{Path(config['sampling']['register']).stem}_strata.csv"
            )
        ),
    ]
    imported = [Path(CODING["qdpx_import"])] if CODING.get("qdpx_import") else []
    for path in human_code_files(CODING.get("human_codes")) + imported:
        try:
            support.append(path.resolve().relative_to(RAW.resolve()).as_posix())
        except ValueError:
            pass
    return support


def qdpx_import_input(wildcards=None):
    return CODING["qdpx_import"]


if CODING.get("qdpx_import") and Path(CODING["qdpx_import"]).resolve().is_relative_to(
    PROCESSED.resolve()
):
    raise ValueError(
        f"config key 'coding.qdpx_import': {CODING['qdpx_import']} is inside processed_dir, which the workflow "
        "rewrites. Save the project coded in your QDA tool elsewhere (e.g. data/raw/coded.qdpx) and name that."
    )


# The rules whose outputs the manifest lists, in workflow order; the shard rules once per shard.
PROVENANCE_RULES = (
    ["validate_inputs", "scan_corpus", "clean_shard", "clean", "training_set"]
    + (["embed_shard"] if SEMANTIC else [])
    + [
        "train_coder",
        "code_shard",
        "code_themes",
        "discover_themes",
        "synthesise",
        "render_report",
        "export_qdpx",
    ]
    + (["import_qdpx"] if CODING.get("qdpx_import") else [])
)
NOTEBOOK_RULES = ["code_themes", "discover_themes", "synthesise"]


class _ShardWildcards:
    """Stands in for Snakemake's wildcards when listing a shard rule's files."""

    def __init__(self, shard):
        self.shard = str(shard)


def _paths(items, wildcards):
    """Plain paths from a rule's inputs or outputs, calling input functions; an input made by a
    checkpoint (see ``after``) is named by its own path."""
    found = []
    for item in items:
        if callable(item) and hasattr(item, "template"):
            item = item.template
        elif callable(item):
            try:
                item = item(wildcards)
            except IncompleteCheckpointException as waiting:
                item = waiting.targetfile
        for path in (item if isinstance(item, (list, tuple)) else [item]):
            found.append(
                re.sub(r"\{shard(,[^}]*)?\}", wildcards.shard, str(path))
                if wildcards
                else str(path)
            )
    return found


def provenance():
    """Each provenance rule's input and output paths (a shard rule's as "rule shard")."""
    steps = {}
    for name in PROVENANCE_RULES:
        job = getattr(rules, name).rule
        sharded = "shard" in job.wildcard_names
        for wildcards in ([_ShardWildcards(k) for k in SHARDS] if sharded else [None]):
            key = f"{name} {wildcards.shard}" if sharded else name
            steps[key] = {
                "inputs": _paths(job.input, wildcards),
                "outputs": _paths(job.output, wildcards),
            }
    return steps


def raw_files(wildcards=None):
    """Every file under the raw folder (hidden ones aside): the checksum record depends on them all."""
    return sorted(
        str(p) for p in RAW.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
