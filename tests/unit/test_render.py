"""The report renderer: the fallback engine on tiny hand-written documents, and engine choice.

Each fixture document in tests/data/qmd/ exercises one Quarto feature; each is rendered once per
test session (module-scoped fixtures) and the expected values below are written from the fixtures.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qualsynth.errors import RenderError
from qualsynth.report.engine import ENGINE_ENV_VAR, RenderResult, choose_engine, engine_description, render_document

QMD_DIR = Path(__file__).resolve().parents[1] / "data" / "qmd"
STYLES = Path(__file__).resolve().parents[2] / "report" / "styles.css"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Page(HTMLParser):
    """Every element of an HTML page with its attributes and its text (whitespace collapsed)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.parts.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and (cls is None or cls in e.classes)]

    @property
    def body_text(self) -> str:
        return self.find("body")[0].text


def render(name: str, out_dir: Path, **kwargs: object) -> RenderResult:
    return render_document(QMD_DIR / name, out_dir, engine="fallback", **kwargs)  # type: ignore[arg-type]


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode("utf-8")


@pytest.fixture(scope="module")
def front_matter(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderResult, Page, str]:
    result = render("front_matter.qmd", tmp_path_factory.mktemp("front_matter"), formats=("html",))
    html = result.outputs["html"].read_text(encoding="utf-8")
    return result, Page(html), html


@pytest.fixture(scope="module")
def echo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Page, str]:
    result = render("echo.qmd", tmp_path_factory.mktemp("echo"), formats=("html",))
    html = result.outputs["html"].read_text(encoding="utf-8")
    return Page(html), html


@pytest.fixture(scope="module")
def asis(tmp_path_factory: pytest.TempPathFactory) -> tuple[Page, str]:
    result = render("asis.qmd", tmp_path_factory.mktemp("asis"), formats=("html",))
    html = result.outputs["html"].read_text(encoding="utf-8")
    return Page(html), html


@pytest.fixture(scope="module")
def figure(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return render("figure.qmd", tmp_path_factory.mktemp("figure"), css=STYLES)


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> tuple[RenderResult, Page]:
    env = {"QUALSYNTH_TEST_MARKER": "marker-from-env"}
    result = render("inline.qmd", tmp_path_factory.mktemp("inline"), formats=("html",), env=env)
    return result, Page(result.outputs["html"].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def callout(tmp_path_factory: pytest.TempPathFactory) -> RenderResult:
    return render("callout.qmd", tmp_path_factory.mktemp("callout"), css=STYLES)


@pytest.fixture(scope="module")
def hidden(tmp_path_factory: pytest.TempPathFactory) -> tuple[Page, str]:
    result = render("hidden.qmd", tmp_path_factory.mktemp("hidden"), formats=("html",))
    html = result.outputs["html"].read_text(encoding="utf-8")
    return Page(html), html


# --- front matter ------------------------------------------------------------------------------


def test_front_matter_sets_title_heading_and_byline(front_matter: tuple[RenderResult, Page, str]) -> None:
    result, page, _ = front_matter
    assert result.engine == "fallback"
    assert result.outputs["html"].name == "front_matter.html"
    assert [e.text for e in page.find("title")] == ["Front matter check"]
    assert [e.text for e in page.find("h1", "title")] == ["Front matter check"]
    assert page.find("em")[0].text == "matter"
    assert [e.text for e in page.find("p", "subtitle")] == ["A subtitle for the test"]
    assert [e.text for e in page.find("p", "author")] == ["Test Author"]
    assert [e.text for e in page.find("p", "date")] == ["2024-05-17"]


def test_a_title_given_replaces_the_front_matters(tmp_path: Path) -> None:
    # A colon in the title: it must stay one title, not become YAML's key and value.
    result = render("front_matter.qmd", tmp_path, formats=("html",), title="Harbourside: a consultation")
    page = Page(result.outputs["html"].read_text(encoding="utf-8"))
    assert [e.text for e in page.find("title")] == ["Harbourside: a consultation"]
    assert [e.text for e in page.find("h1", "title")] == ["Harbourside: a consultation"]
    assert [e.text for e in page.find("p", "subtitle")] == ["A subtitle for the test"]


def test_front_matter_format_options_embed_css_and_toc(front_matter: tuple[RenderResult, Page, str]) -> None:
    _, page, html = front_matter
    assert "max-width: 52rem" in html
    toc = [e for e in page.find("nav") if e.attrs.get("id") == "TOC"]
    assert toc and toc[0].text == "First section Second section"


def test_html_is_self_contained(front_matter: tuple[RenderResult, Page, str]) -> None:
    _, page, _ = front_matter
    assert not page.find("link")
    assert not page.find("script")


# --- echo, plain outputs -----------------------------------------------------------------------


def test_echo_false_hides_code_but_keeps_output(echo: tuple[Page, str]) -> None:
    page, html = echo
    assert "hidden_source_marker" not in html
    assert "visible output marker" in [e.text for e in page.find("pre", "cell-output-stdout")]


def test_echo_default_shows_code_as_python_block(echo: tuple[Page, str]) -> None:
    page, _ = echo
    code = [e.text for e in page.find("pre", "python")]
    assert 'shown_total = 40 + 2 print("total is", shown_total)' in code
    assert "total is 42" in [e.text for e in page.find("pre", "cell-output-stdout")]


def test_dataframe_html_repr_becomes_plain_text(echo: tuple[Page, str]) -> None:
    page, html = echo
    assert not page.find("table")
    assert "dataframe" not in html
    assert page.find("pre", "cell-output-display")[0].text == "colour count 0 teal 7"


def test_ansi_codes_are_stripped(echo: tuple[Page, str]) -> None:
    page, html = echo
    assert "red text" in [e.text for e in page.find("pre", "cell-output-stdout")]
    assert "[31m" not in html
    assert "\x1b" not in html


def test_dotted_language_block_is_shown_not_run(echo: tuple[Page, str]) -> None:
    page, _ = echo
    assert "not_run = 1 / 0" in [e.text for e in page.find("pre")]


def test_cell_option_lines_never_appear(echo: tuple[Page, str], hidden: tuple[Page, str]) -> None:
    for _, html in (echo, hidden):
        assert "#|" not in html
        assert "echo:" not in html


# --- output: asis ------------------------------------------------------------------------------


def test_asis_heading_becomes_h2(asis: tuple[Page, str]) -> None:
    page, html = asis
    assert "Heading from Python" in [e.text for e in page.find("h2")]
    assert "## Heading" not in html


def test_asis_markdown_table_becomes_table(asis: tuple[Page, str]) -> None:
    page, _ = asis
    [table] = page.find("table")
    assert page.find("caption")[0].text == "Themes by document count"
    assert [e.text for e in page.find("th")] == ["Theme", "Documents"]
    assert [e.text for e in page.find("td")] == ["Trust", "3", "Time", "5"]
    assert "|" not in table.text
    assert not page.find("pre")


# --- figures -----------------------------------------------------------------------------------


def test_figure_is_embedded_with_alt_caption_and_id(figure: RenderResult) -> None:
    page = Page(figure.outputs["html"].read_text(encoding="utf-8"))
    [fig] = page.find("figure")
    assert fig.attrs.get("id") == "fig-trend"
    img = page.find("img")[0]
    assert img.attrs["src"].startswith("data:image/png;base64,")
    assert img.attrs["alt"] == "A line chart with three points rising from left to right."
    assert [e.text for e in page.find("figcaption")] == ["Documents per wave rose steadily."]
    assert "import matplotlib" not in page.body_text


def test_uncaptioned_image_keeps_alt_text_and_is_no_figure(figure: RenderResult) -> None:
    page = Page(figure.outputs["html"].read_text(encoding="utf-8"))
    images = page.find("img")
    assert len(images) == 2
    assert images[1].attrs["src"].startswith("data:image/png;base64,")
    assert images[1].attrs["alt"] == "A bar chart with two bars (a & b)."
    assert len(page.find("figure")) == 1
    xml = docx_xml(figure.outputs["docx"])
    assert 'descr="A bar chart with two bars (a &amp; b)."' in xml


def test_figure_in_docx_has_caption_and_alt_text(figure: RenderResult) -> None:
    xml = docx_xml(figure.outputs["docx"])
    assert "Documents per wave rose steadily." in xml
    assert 'descr="A line chart with three points rising from left to right."' in xml
    with zipfile.ZipFile(figure.outputs["docx"]) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())


def test_same_input_gives_identical_files(figure: RenderResult, tmp_path: Path) -> None:
    again = render("figure.qmd", tmp_path, css=STYLES)
    assert again.outputs["html"].read_bytes() == figure.outputs["html"].read_bytes()
    assert again.outputs["docx"].read_bytes() == figure.outputs["docx"].read_bytes()


# --- inline expressions ------------------------------------------------------------------------


def test_inline_expressions_are_replaced_by_values(inline: tuple[RenderResult, Page]) -> None:
    _, page = inline
    text = [e.text for e in page.find("p")]
    assert "The answer is 42." in text
    assert "Hello Ada, from qmd with marker-from-env." in text
    assert "{python}" not in page.body_text


def test_kernel_sees_render_engine(inline: tuple[RenderResult, Page]) -> None:
    result, page = inline
    assert result.engine_version.startswith("fallback: jupytext ")
    assert result.engine_version == engine_description("fallback")
    assert f"Rendered by {result.engine_version}." in [e.text for e in page.find("p")]


# --- callouts ----------------------------------------------------------------------------------


def callout_titles(page: Page) -> dict[str, str]:
    found = {}
    for div in page.find("div", "callout"):
        [kind] = [c for c in div.classes if c.startswith("callout-")]
        found[kind] = div.text
    return found


def test_callouts_have_classes_and_titles_in_html(callout: RenderResult) -> None:
    html = callout.outputs["html"].read_text(encoding="utf-8")
    page = Page(html)
    titles = [e.text for e in page.find("div", "callout-title")]
    assert titles == ["Note", "Mind the gap", "Tip from a heading"]
    assert callout_titles(page) == {
        "callout-note": "Note A plain note body.",
        "callout-warning": "Mind the gap A warning body.",
        "callout-tip": "Tip from a heading A tip body.",
    }
    assert not page.find("h2")  # the tip's heading became its title
    assert ".callout-warning" in html  # the stylesheet is embedded


def test_callouts_stay_distinct_in_docx(callout: RenderResult) -> None:
    xml = docx_xml(callout.outputs["docx"])
    for text in ("Note", "A plain note body.", "Mind the gap", "A warning body.", "Tip from a heading"):
        assert f">{text}<" in xml
    assert xml.count('<w:pStyle w:val="Callout" />') == 6  # title and body of each of 3 callouts
    assert "<w:b />" in xml


# --- output: false, include: false ------------------------------------------------------------


def test_include_false_shows_neither_code_nor_output(hidden: tuple[Page, str]) -> None:
    _, html = hidden
    assert "include-false output" not in html
    assert "set up quietly" not in html


def test_output_false_shows_code_only(hidden: tuple[Page, str]) -> None:
    page, html = hidden
    code = [e.text for e in page.find("pre", "python")]
    assert code == ['ran_marker = secret_setup.upper() print("output-false output")']
    assert "output-false output\n" not in html
    assert [e.text for e in page.find("pre", "cell-output-stdout")] == ["SET UP QUIETLY"]


# --- failures and engine choice ----------------------------------------------------------------


def test_failing_cell_names_file_chunk_and_message(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as caught:
        render("failing.qmd", tmp_path, formats=("html",))
    message = str(caught.value)
    assert "failing.qmd" in message
    assert "bad-chunk" in message
    assert "line 11" in message
    assert "ValueError: the data file is empty" in message
    assert "\x1b" not in message
    assert list(tmp_path.iterdir()) == []


def test_failing_inline_expression_names_file_line_and_expression(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as caught:
        render("failing_inline.qmd", tmp_path, formats=("html",))
    message = str(caught.value)
    assert "failing_inline.qmd" in message
    assert "line 9" in message
    assert 'counts["places"]' in message
    assert "KeyError: 'places'" in message


def test_nothing_is_written_beside_the_documents(
    front_matter: object,
    echo: object,
    asis: object,
    figure: object,
    inline: object,
    callout: object,
    hidden: object,
) -> None:
    assert sorted(p.name for p in QMD_DIR.iterdir()) == [
        "asis.qmd", "callout.qmd", "echo.qmd", "failing.qmd", "failing_inline.qmd", "figure.qmd",
        "front_matter.qmd", "hidden.qmd", "inline.qmd",
    ]  # fmt: skip


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="odt"):
        render("callout.qmd", tmp_path, formats=("odt",))


def test_pdf_is_compiled_by_typst_with_the_figure_and_callout(tmp_path: Path) -> None:
    pytest.importorskip("typst")
    result = render("callout.qmd", tmp_path, formats=("pdf",))
    assert result.outputs["pdf"].read_bytes()[:5] == b"%PDF-"
    figure = render("figure.qmd", tmp_path / "figure", formats=("pdf",)).outputs["pdf"].read_bytes()
    assert b"/Subtype /Image" in figure or b"/Subtype/Image" in figure


def test_pdf_is_skipped_with_a_notice_without_typst(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import qualsynth.report.engine as render_module

    monkeypatch.setattr(render_module, "typst_available", lambda: False)
    with caplog.at_level("WARNING"):
        result = render("callout.qmd", tmp_path, formats=("html", "pdf"))
    assert set(result.outputs) == {"html"}
    assert "skipping PDF: no typst engine" in caplog.text


def test_choose_engine_without_quarto(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert choose_engine("auto") == "fallback"
    assert choose_engine("fallback") == "fallback"
    with pytest.raises(RenderError) as caught:
        choose_engine("quarto")
    message = str(caught.value)
    assert "Install Quarto" in message
    assert "environment.yml" in message
    assert "fallback" in message and "auto" in message


def test_choose_engine_refuses_unknown_names() -> None:
    with pytest.raises(RenderError, match="pandoc"):
        choose_engine("pandoc")


def fake_quarto(folder: Path) -> Path:
    """A stand-in `quarto` that records its arguments and the engine variable, then writes outputs."""
    script = folder / "quarto"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo 1.6.40; exit 0; fi\n'
        f'printf "%s\\n" "$@" > "{folder}/args.txt"\n'
        f'printf "%s" "${ENGINE_ENV_VAR}" > "{folder}/engine.txt"\n'
        "while [ $# -gt 0 ]; do\n"
        '  if [ "$1" = "--output-dir" ]; then out="$2"; fi\n'
        "  shift\n"
        "done\n"
        'echo "<html>quarto</html>" > "$out/callout.html"\n'
        'echo "docx" > "$out/callout.docx"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_quarto_engine_runs_quarto_render(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_quarto(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert choose_engine("auto") == "quarto"
    assert engine_description("quarto") == "Quarto 1.6.40"
    result = render_document(QMD_DIR / "callout.qmd", tmp_path / "out", engine="quarto")
    assert result.engine == "quarto"
    assert result.engine_version == "Quarto 1.6.40"
    out = tmp_path / "out"
    assert result.outputs == {"html": out / "callout.html", "docx": out / "callout.docx"}
    assert result.outputs["html"].read_text() == "<html>quarto</html>\n"
    args = (bin_dir / "args.txt").read_text().splitlines()
    assert args[:4] == ["render", str(QMD_DIR / "callout.qmd"), "--to", "html,docx"]
    assert "embed-resources:true" in args
    assert (bin_dir / "engine.txt").read_text() == "Quarto 1.6.40"


def test_the_reference_docx_keeps_callouts_together_and_carries_no_clock_time(tmp_path):
    from qualsynth.report.pandoc import reference_docx

    with zipfile.ZipFile(reference_docx(tmp_path / "reference.docx")) as docx:
        stamps = {item.date_time for item in docx.infolist()}
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    callout = styles[styles.index('w:styleId="Callout"') :].split("</w:style>")[0]
    assert "<w:keepNext/>" in callout and "<w:keepLines/>" in callout


def test_findings_are_written_as_strict_json_and_read_back_with_their_missing_numbers(tmp_path):
    import json
    import math

    from qualsynth.report.data import read_findings
    from qualsynth.tables import write_json

    path = tmp_path / "findings.json"
    write_json({"trend": {"change": 0.1, "change_lo": float("nan")}, "largest_rise": None, "n": [float("inf")]}, path)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == {"largest_rise": None, "n": [None], "trend": {"change": 0.1, "change_lo": None}}
    back = read_findings(path)
    assert back["largest_rise"] is None and math.isnan(back["trend"]["change_lo"])
