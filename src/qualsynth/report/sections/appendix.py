"""The limitations and the audit appendix."""

from __future__ import annotations

import platform
from importlib.metadata import version

import pandas as pd

from qualsynth.report.data import ReportData
from qualsynth.report.prose import (
    Markdown,
    markdown_table,
    nice,
)


def limitations(d: ReportData) -> str:
    """What the numbers do not say."""
    corrected, findings, human_vs, kind, reference, second = (
        d.corrected,
        d.findings,
        d.human_vs,
        d.kind,
        d.reference,
        d.second,
    )
    out = Markdown()
    control = findings.get("disclosure_control", {})
    cells = {k.removeprefix("suppressed_cells_"): v for k, v in control.items() if k.startswith("suppressed_cells_")}
    suppressed = sum(cells.values())
    where = ", ".join(f"{v} {nice(k)}" for k, v in cells.items() if v)
    out.print(
        f"- **Disclosure control.** {suppressed} table cell(s) resting on fewer than {control.get('min_cell_size')} "
        f"participants were blanked in the tables this report reads{f' ({where})' if where else ''}."
    )
    if corrected:
        out.print(
            f"- **What is estimated.** Every share is what coder {reference} would find. A different careful coder "
            "would find somewhat different shares"
            + (
                f" (coders {second} and {reference} agree with kappa {human_vs.loc['ALL (pooled)', 'kappa']:.2f})"
                if "ALL (pooled)" in human_vs.index
                else ""
            )
            + "; the intervals do not include that."
        )
        out.print(
            "- **Partially pooled shares** lean on the other groups as far as the machine's errors look alike across "
            "them. Their intervals hold on average over the groups; a group whose machine errs unlike the others, "
            "with too few coded units to show it, can be further off than its interval says."
        )
        if kind == "assumed random":
            out.print("- **The coded units were not drawn at random by qualsynth**; the estimates assume they were.")
    elif kind == "coded subset":
        out.print(
            "- **Uncorrected shares beyond the coded units.** The units coded in a QDA tool were chosen, not drawn: "
            "the other units' shares are the automatic coding's, and no interval can say how far they are from what a "
            "person would find."
        )
    elif kind != "census":
        out.print(
            "- **Uncorrected shares.** No unit was coded in full by hand, so every share is the automatic coding's "
            "and no interval can say how far it is from what a person would find."
        )
    out.print(
        "- **Small groups.** A place has only a few units in each wave; per-place changes and the sequencing rest on "
        "them, and their intervals are wide."
    )
    out.print(
        "- **Places and changes compared.** The places named as differing most are the highest and lowest estimates, "
        "so the gap's interval is taken over every pair of places (Bonferroni); the changes are read together, theme "
        "by theme and place by place, and called clear only at a 5% false discovery rate (Benjamini–Hochberg). A "
        "single comparison named before looking would have a narrower interval."
    )
    return str(out)


def audit_appendix(d: ReportData) -> str:
    """Exclusions, redactions, the sample, software and input checksums."""
    coding_run, design, design_table, documents, exclusions, kind, redactions = (
        d.coding_run,
        d.design,
        d.design_table,
        d.documents,
        d.exclusions,
        d.kind,
        d.redactions,
    )
    out = Markdown()
    out.print(f"Codebook version {coding_run['codebook_version']}, sha256 `{coding_run['codebook_sha256']}`.\n")
    reasons = exclusions["reason"].value_counts().sort_index()
    out.print(
        pd.DataFrame({"Reason": [nice(r) for r in reasons.index], "Units": reasons.to_numpy()}).to_markdown(index=False)
    )
    out.print()
    out.print(": Units of raw data excluded, by reason")
    out.print()
    categories = redactions["category"].value_counts().sort_index()
    out.print(
        pd.DataFrame(
            {"Category": [nice(c) for c in categories.index], "Replacements": categories.to_numpy()}
        ).to_markdown(index=False)
    )
    out.print()
    out.print(": Identifying details replaced, by category (counts only)")
    out.print()
    status = design_table["status"].value_counts()
    out.print(pd.DataFrame({"Units": status.index, "Count": status.to_numpy()}).to_markdown(index=False))
    out.print()
    out.print(
        f": The units and the human coding sample ({kind}; {design['strata']} strata; per unit in sample_design.csv)"
    )
    out.print()
    software = {"Python": platform.python_version()}
    software.update(
        {
            name: version(name)
            for name in [
                "qualsynth",
                "pandas",
                "numpy",
                "scipy",
                "scikit-learn",
                "matplotlib",
                "jupytext",
                "nbclient",
                "nbconvert",
            ]
        }
    )
    out.print(pd.DataFrame({"Software": list(software), "Version": list(software.values())}).to_markdown(index=False))
    out.print()
    out.print(": Software that computed and rendered this report")
    out.print()
    inputs = documents.sort_values("doc_id")[["doc_id", "method", "n_bytes", "sha256"]].rename(
        columns={"doc_id": "Document", "method": "Method", "n_bytes": "Bytes", "sha256": "sha256"}
    )
    out.print(markdown_table(inputs))
    out.print()
    out.print(": Input documents with their checksums")
    return str(out)
