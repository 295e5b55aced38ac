"""The project holds together: one dependency list, layers one way, a fast public import."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import mhnotebook

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mhnotebook"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_installs_the_package_instead_of_repeating_its_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    project = _pyproject()["project"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_lists = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    # Conda provides only Python and pip; every package comes from pyproject.toml.
    assert sorted(c.split("=")[0] for c in conda) == ["pip", "python"]
    python = next(c for c in conda if c.startswith("python="))
    minimum = project["requires-python"].removeprefix(">=")
    assert python.split("=")[1] == minimum, "environment.yml and requires-python disagree"
    assert pip_lists == [[pip_lists[0][0]]], "environment.yml must pip-install the package only"
    line = pip_lists[0][0]
    assert line.startswith("-e .[") and line.endswith("]")
    extras = set(line[len("-e .[") : -1].split(","))
    declared = set(project["optional-dependencies"])
    assert extras <= declared, f"environment.yml asks for extras pyproject lacks: {extras - declared}"
    assert {"app", "test", "pdf"} <= extras


def test_makefile_installs_the_same_extras_as_environment_yml():
    makefile = (ROOT / "Makefile").read_text()
    env_line = (ROOT / "environment.yml").read_text().split("-e .[")[1].split("]")[0]
    assert f"EXTRAS ?= {env_line}" in makefile


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


# Layers, one way: a module may import only from its own layer or the ones before it.
LAYERS = [
    "errors",
    "paths",
    "models",
    "validation",
    "rules",
    "rendering",
    "analytics",
    "store",
    "samples",
    "launch",
    "ui",
    "cli",
]
HEAVY = {"pandas", "jinja2", "altair", "ipywidgets", "IPython", "typer"}


def _layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """Modules imported at run time (imports only for type checkers do not count)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            node.body = []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_layers_import_only_downwards(path):
    rel = path.relative_to(SRC)
    layer = rel.parts[0].removesuffix(".py")
    if layer == "__init__":
        return
    rank = LAYERS.index(layer)
    for name in _imports(path):
        if name.startswith("mhnotebook."):
            target = _layer_of(name)
            assert LAYERS.index(target) <= rank, f"{rel} ({layer}) imports {name} ({target}): upward"
        if layer in ("models", "validation", "rules", "paths", "errors"):
            assert name.split(".")[0] not in HEAVY, f"{rel} imports {name}; the core stays light"


def test_importing_mhnotebook_loads_no_heavy_library():
    code = (
        "import sys, mhnotebook; heavy = [m for m in ('pydantic', 'yaml', 'pandas', 'typer', 'jinja2') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_all_resolve():
    for name in mhnotebook.__all__:
        assert getattr(mhnotebook, name) is not None
    with pytest.raises(AttributeError):
        mhnotebook.no_such_name  # noqa: B018


def test_version_comes_from_package_metadata():
    assert mhnotebook.__version__ == _pyproject()["project"]["version"]


def test_security_md_says_where_data_lives():
    text = (ROOT / "SECURITY.md").read_text()
    for words in ("MHNOTEBOOK_DATA_DIR", "0700", "0600", "network"):
        assert words in text


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    return next(out.glob("mhnotebook-*.whl"))


@pytest.mark.slow
def test_the_wheel_ships_samples_templates_and_notebooks(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    samples = [n for n in names if n.startswith("mhnotebook/_data/samples/cases/") and n.endswith(".yaml")]
    assert len(samples) == len(list((ROOT / "data" / "samples" / "cases").glob("*.yaml")))
    assert "mhnotebook/_data/notebooks/00-start-here.ipynb" in names
    assert any(n.startswith("mhnotebook/_data/templates/") for n in names)


@pytest.mark.slow
def test_a_normal_install_works_outside_the_checkout(wheel, tmp_path):
    """`pip install .` then `mhnotebook ...` from any folder: resources come from the wheel."""
    import site
    import sysconfig

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies come from this test environment (appended after the new venv's own packages).
    inner = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [p for p in site.getsitepackages() if p != sysconfig.get_paths()["stdlib"]]
    Path(inner, "deps-from-test-env.pth").write_text("\n".join(outer) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True
    )
    data_dir = tmp_path / "data"
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "MHNOTEBOOK_DATA_DIR": str(data_dir),
        "HOME": str(tmp_path),
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(venv / "bin" / "mhnotebook"), *args], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "site-packages" in run("where")
    assert "residential-eating-disorder" in run("samples")
    command = run("lab", "--dry-run", "--no-browser")
    assert f"--ServerApp.root_dir={data_dir.resolve() / 'notebooks'}" in command
    copied = data_dir.resolve() / "notebooks" / "00-start-here.ipynb"
    assert copied.is_file() and oct(copied.stat().st_mode & 0o777) == "0o600"


def test_all_lists_exactly_the_lazy_exports():
    assert set(mhnotebook.__all__) == set(mhnotebook._EXPORTS) | {"__version__"}
