import nbformat
import pandas as pd

from qualsynth.provenance.audit import SNAKEMAKE_PREAMBLE, archive_notebook, summary_table


def test_archive_notebook_drops_the_preamble_and_the_checkouts_path(tmp_path):
    root = tmp_path / "checkout"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(f"{SNAKEMAKE_PREAMBLE}\nimport sys; sys.path.append('{root}/src')"),
        nbformat.v4.new_markdown_cell("# 01 · Code themes"),
        nbformat.v4.new_code_cell(
            "print(path)",
            outputs=[nbformat.v4.new_output("stream", name="stdout", text=f"{root}/data/processed/codes.parquet\n")],
        ),
    ]
    executed = tmp_path / "01.ipynb"
    nbformat.write(notebook, executed)
    html = archive_notebook(executed, tmp_path / "audit/01.html", root).read_text()
    assert "01 · Code themes" in html and "./data/processed/codes.parquet" in html
    assert str(root) not in html and SNAKEMAKE_PREAMBLE not in html


def test_summary_table_counts_without_values():
    redactions = pd.DataFrame({"category": ["name", "email", "name"], "replacement": ["AF01", "[EMAIL]", "AF02"]})
    assert summary_table(redactions, "category", "category", "replacements").to_dict("records") == [
        {"category": "email", "replacements": 1},
        {"category": "name", "replacements": 2},
    ]
