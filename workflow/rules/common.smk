# Shared helpers: config validation, paths, and the list of raw sources.
import csv
import json
from pathlib import Path

from snakemake.utils import validate

from qualsynth.config import check_config, load_schema, normalise_dates

# Our own check first: its message names the key and the expected value.
check_config(
    config,
    load_schema(Path(workflow.basedir) / "workflow/schemas/config.schema.yaml"),
    "the configuration (config/config.yaml or --config)",
)
normalise_dates(config)
validate(config, "../schemas/config.schema.yaml")

RAW = Path(config["raw_dir"])
PROCESSED = Path(config["processed_dir"])
REPORT_OUT = Path("report/_output")
LOGS = Path("logs")
BENCH = Path("logs/benchmarks")
# The software each rule runs with (the conda route); `make` builds the same set in .venv.
ENV = "../../environment.yml"


def raw_sources(wildcards=None):
    """Source files named in the register that exist; validate_inputs reports the rest."""
    register = RAW / "documents.csv"
    if not register.exists():
        return []
    with open(register, encoding="utf-8-sig", newline="") as handle:
        paths = [row.get("path", "").strip() for row in csv.DictReader(handle)]
    return sorted({str(RAW / p) for p in paths if p and (RAW / p).is_file()})


def processed(name):
    """Path of a file under the processed-data folder."""
    return str(PROCESSED / name)


def human_codes_input(wildcards=None):
    """The human codes: imported from a QDA project when the config names one, else the human codes
    file when it names one, else no input."""
    if config.get("qdpx_import"):
        return [processed("human_codes_from_qdpx.csv")]
    return [config["human_codes"]] if config.get("human_codes") else []


def qdpx_import_input(wildcards=None):
    return config["qdpx_import"]


if config.get("qdpx_import") and Path(config["qdpx_import"]).resolve().is_relative_to(PROCESSED.resolve()):
    raise ValueError(
        f"config key 'qdpx_import': {config['qdpx_import']} is inside processed_dir, which the workflow "
        "rewrites. Save the project coded in your QDA tool elsewhere (e.g. data/raw/coded.qdpx) and name that."
    )


# The rules whose outputs the manifest lists, in workflow order.
PROVENANCE_RULES = ["validate_inputs", "clean", "code_themes", "discover_themes", "synthesise", "render_report",
                    "export_qdpx"] + (["import_qdpx"] if config.get("qdpx_import") else [])
NOTEBOOK_RULES = ["code_themes", "discover_themes", "synthesise"]


def _paths(items):
    """Plain paths from a rule's inputs or outputs, calling input functions (they take no wildcards here)."""
    found = []
    for item in items:
        item = item(None) if callable(item) else item
        found.extend(str(i) for i in item) if isinstance(item, (list, tuple)) else found.append(str(item))
    return found


def provenance():
    """Each provenance rule's input and output paths."""
    return {name: {"inputs": _paths(getattr(rules, name).rule.input), "outputs": _paths(getattr(rules, name).rule.output)}
            for name in PROVENANCE_RULES}


def raw_files(wildcards=None):
    """Every file under the raw folder (hidden ones aside): the checksum record depends on them all."""
    return sorted(str(p) for p in RAW.rglob("*") if p.is_file() and not p.name.startswith("."))
