"""environment.yml (conda users) and pyproject.toml (pip users) must name the same runtime dependencies."""

import re
import tomllib

import yaml

# conda-forge packages the same library under another name.
CONDA_NAME = {"pypandoc-binary": "pypandoc"}
# In environment.yml only: the interpreter, the installer and tools pip cannot provide.
CONDA_ONLY = {"python", "pip", "quarto", "pandoc", "jupyter"}


def name_of(requirement: str) -> str:
    return re.split(r"[\s<>=!~\[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_and_pyproject_list_the_same_runtime_dependencies(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    pip_runtime = {CONDA_NAME.get(name_of(r), name_of(r)) for r in project["dependencies"]}
    pip_dev = {name_of(r) for r in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((root / "environment.yml").read_text())
    conda = {name_of(d) for d in env["dependencies"] if isinstance(d, str)}
    # Packages conda-forge lacks come from PyPI through the environment's pip section.
    conda |= {
        name_of(d)
        for section in env["dependencies"]
        if isinstance(section, dict)
        for d in section.get("pip", [])
        if not d.startswith("-")
    }
    missing_in_conda = pip_runtime - conda
    missing_in_pip = conda - pip_runtime - pip_dev - CONDA_ONLY
    assert not missing_in_conda, f"add to environment.yml: {sorted(missing_in_conda)}"
    assert not missing_in_pip, f"add to pyproject.toml dependencies: {sorted(missing_in_pip)}"


def test_environment_yml_installs_the_package_itself(root):
    env = yaml.safe_load((root / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
