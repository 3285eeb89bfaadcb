"""The package layout stays true: stages import only downwards, the API name is not shadowed."""

import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import redline

ROOT = Path(__file__).resolve().parent.parent


def test_stages_import_only_downwards():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a test dependency"
    run = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:]
    assert "broken" in run.stdout and "0 broken" in run.stdout


def test_every_module_imports_and_compare_stays_the_function():
    for mod in pkgutil.walk_packages(redline.__path__, "redline."):
        importlib.import_module(mod.name)
    assert callable(redline.compare) and redline.compare.__module__ == "redline.api"


def test_the_package_ships_product_code_only():
    names = {p.stem for p in (ROOT / "redline").rglob("*.py")}
    assert "synth" not in names and not any(n.startswith("test") for n in names)
