"""The package's folders read as the workflow: each stage imports only the core and the stages before it,
and no module imports itself back through others."""

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[2] / "src/qualsynth"
STAGES = ["ingest", "coding", "synthesis", "report", "provenance"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> nx.DiGraph:
    """qualsynth module → the qualsynth modules it imports (at any depth of the file, type-only imports too)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qualsynth"):
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("qualsynth")]
            for target in targets:
                if target in modules and target != name:
                    graph.add_edge(name, target)
    return graph


def stage(module: str) -> int | None:
    """The stage's place in the workflow, None for the core (config, settings, tables, logs…)."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_the_graph_sees_the_imports_it_should():
    graph = import_graph()
    assert graph.has_edge("qualsynth.synthesis.steps", "qualsynth.synthesis.estimates")
    assert graph.has_edge("qualsynth.coding.steps", "qualsynth.settings")
    assert len(graph) > 50


def test_no_module_imports_itself_back_through_others():
    assert list(nx.simple_cycles(import_graph())) == []


def test_no_stage_imports_a_later_stage_and_the_core_imports_no_stage():
    backwards = []
    for source, target in import_graph().edges:
        here, there = stage(source), stage(target)
        if there is not None and (here is None or there > here):
            backwards.append(f"{source} → {target}")
    assert backwards == []


def test_every_stage_is_a_subpackage_and_every_module_is_in_a_stage_or_the_core():
    assert all((PACKAGE / name / "__init__.py").is_file() for name in STAGES)
    core = {module_name(p) for p in PACKAGE.glob("*.py")}
    assert core == {
        "qualsynth",
        "qualsynth.config",
        "qualsynth.console",
        "qualsynth.environment",
        "qualsynth.errors",
        "qualsynth.logs",
        "qualsynth.new",
        "qualsynth.parallel",
        "qualsynth.settings",
        "qualsynth.tables",
    }


def test_only_the_steps_that_find_names_load_spacy():
    # Loading spaCy costs each rule's process more than half a second; the steps that never look for
    # names (every stage's steps module imports the ingest readers) must not pay it.
    modules = ["qualsynth.ingest.steps", "qualsynth.synthesis.steps", "qualsynth.report.steps"]
    probe = f"import sys; import {', '.join(modules)}; print('spacy' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"
