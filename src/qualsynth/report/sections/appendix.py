"""The limitations and the audit appendix."""

from __future__ import annotations

import platform
from collections.abc import Mapping
from importlib.metadata import version
from typing import Any

import pandas as pd

from qualsynth.report.data import Audit, Coding, Inquiry
from qualsynth.report.prose import (
    Markdown,
    markdown_table,
    nice,
)


def limitations(coding: Coding, findings: dict[str, Any]) -> str:
    """What the numbers do not say."""
    out = Markdown()
    out.print(disclosure_control(findings.get("disclosure_control", {})))
    for line in what_the_shares_miss(coding.corrected, coding.kind, coding.human_vs, coding.reference, coding.second):
        out.print(line)
    out.print(SMALL_GROUPS)
    out.print(COMPARISONS)
    return str(out)


def disclosure_control(control: Mapping[str, Any]) -> str:
    """How many table cells were blanked for resting on too few participants, and in which tables."""
    cells = {k.removeprefix("suppressed_cells_"): v for k, v in control.items() if k.startswith("suppressed_cells_")}
    suppressed = sum(cells.values())
    where = ", ".join(f"{v} {nice(k)}" for k, v in cells.items() if v)
    return (
        f"- **Disclosure control.** {suppressed} table cell(s) resting on fewer than {control.get('min_cell_size')} "
        f"participants were blanked in the tables this report reads{f' ({where})' if where else ''}."
    )


def what_the_shares_miss(corrected: bool, kind: str, human_vs: pd.DataFrame, reference: str, second: str) -> list[str]:
    """The limits of the shares, by how they were made: corrected, left uncorrected, or counted by hand."""
    if corrected:
        return corrected_share_limits(kind, human_vs, reference, second)
    if kind == "coded subset":
        return [
            "- **Uncorrected shares beyond the coded units.** The units coded in a QDA tool were chosen, not drawn: "
            "the other units' shares are the automatic coding's, and no interval can say how far they are from what a "
            "person would find."
        ]
    if kind != "census":
        return [
            "- **Uncorrected shares.** No unit was coded in full by hand, so every share is the automatic coding's "
            "and no interval can say how far it is from what a person would find."
        ]
    return []


def corrected_share_limits(kind: str, human_vs: pd.DataFrame, reference: str, second: str) -> list[str]:
    """The limits of corrected shares: one coder's view, pooling across groups, and a sample assumed random."""
    agree = (
        f" (coders {second} and {reference} agree with kappa {human_vs.loc['ALL (pooled)', 'kappa']:.2f})"
        if "ALL (pooled)" in human_vs.index
        else ""
    )
    lines = [
        f"- **What is estimated.** Every share is what coder {reference} would find. A different careful coder "
        f"would find somewhat different shares{agree}; the intervals do not include that.",
        "- **Partially pooled shares** lean on the other groups as far as the machine's errors look alike across "
        "them. Their intervals hold on average over the groups; a group whose machine errs unlike the others, "
        "with too few coded units to show it, can be further off than its interval says.",
    ]
    if kind == "assumed random":
        lines.append("- **The coded units were not drawn at random by qualsynth**; the estimates assume they were.")
    return lines


SMALL_GROUPS = (
    "- **Small groups.** A place has only a few units in each wave; per-place changes and the sequencing rest on "
    "them, and their intervals are wide."
)
COMPARISONS = (
    "- **Places and changes compared.** The places named as differing most are the highest and lowest estimates, "
    "so the gap's interval is taken over every pair of places (Bonferroni); the changes are read together, theme "
    "by theme and place by place, and called clear only at a 5% false discovery rate (Benjamini–Hochberg). A "
    "single comparison named before looking would have a narrower interval."
)


def audit_appendix(inquiry: Inquiry, coding: Coding, audit: Audit) -> str:
    """Exclusions, redactions, the sample, software and input checksums."""
    run = coding.coding_run
    codebook = f"Codebook version {run['codebook_version']}, sha256 `{run['codebook_sha256']}`."
    blocks = [
        codebook,
        exclusions_table(audit.exclusions),
        redactions_table(audit.redactions),
        sample_table(coding.design_table, coding.kind, coding.design),
        software_table(),
        inputs_table(inquiry.documents),
    ]
    return "\n\n".join(blocks) + "\n"


def exclusions_table(exclusions: pd.DataFrame) -> str:
    """The units of raw data excluded, counted by reason, with the table's caption."""
    reasons = exclusions["reason"].value_counts().sort_index()
    table = pd.DataFrame({"Reason": [nice(r) for r in reasons.index], "Units": reasons.to_numpy()})
    return table.to_markdown(index=False) + "\n\n: Units of raw data excluded, by reason"


def redactions_table(redactions: pd.DataFrame) -> str:
    """The identifying details replaced, counted by category, with the table's caption."""
    categories = redactions["category"].value_counts().sort_index()
    table = pd.DataFrame({"Category": [nice(c) for c in categories.index], "Replacements": categories.to_numpy()})
    return table.to_markdown(index=False) + "\n\n: Identifying details replaced, by category (counts only)"


def sample_table(design_table: pd.DataFrame, kind: str, design: Mapping[str, Any]) -> str:
    """The units counted by their status in the human coding sample, with the table's caption."""
    status = design_table["status"].value_counts()
    table = pd.DataFrame({"Units": status.index, "Count": status.to_numpy()})
    return (
        table.to_markdown(index=False)
        + f"\n\n: The units and the human coding sample ({kind}; {design['strata']} strata; per unit in sample_design.csv)"
    )


SOFTWARE = ["qualsynth", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "jupytext", "nbclient", "nbconvert"]


def software_table() -> str:
    """The versions of Python and the packages that computed and rendered the report, with the table's caption."""
    software = {"Python": platform.python_version()} | {name: version(name) for name in SOFTWARE}
    table = pd.DataFrame({"Software": list(software), "Version": list(software.values())})
    return table.to_markdown(index=False) + "\n\n: Software that computed and rendered this report"


# The most documents the appendix lists one by one: past it, pages of checksums bury the report (and take
# its PDF a minute to set), and the manifest holds them all.
MAX_LISTED_DOCUMENTS = 200


def inputs_table(documents: pd.DataFrame, limit: int = MAX_LISTED_DOCUMENTS) -> str:
    """The input documents with their sizes and checksums, with the table's caption; past ``limit``
    documents, their counts and bytes by method, and where each one's checksum is."""
    if len(documents) > limit:
        by_method = documents.groupby("method", sort=True)["n_bytes"].agg(["size", "sum"]).reset_index()
        by_method.columns = ["Method", "Documents", "Bytes"]
        return markdown_table(by_method) + (
            f"\n\n: Input documents by method ({len(documents)} documents; each one's size and sha256 checksum "
            "are in data/processed/raw_checksums.json and the run's manifest.json)"
        )
    inputs = documents.sort_values("doc_id")[["doc_id", "method", "n_bytes", "sha256"]].rename(
        columns={"doc_id": "Document", "method": "Method", "n_bytes": "Bytes", "sha256": "sha256"}
    )
    return markdown_table(inputs) + "\n\n: Input documents with their checksums"
