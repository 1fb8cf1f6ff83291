"""One rule for every app's ``services`` package: each module names its public API in
``__all__``, and the package re-exports all of them, so callers import from the package
(``from courses.services import submission_grade``) and no module is half-exported."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

SERVICE_PACKAGES = ["accounts", "billing", "courses", "resumes", "tracker"]
PACKAGES = [
    app
    for app in SERVICE_PACKAGES
    if hasattr(importlib.import_module(f"{app}.services"), "__path__")
]


def _modules(app: str):
    package = importlib.import_module(f"{app}.services")
    for info in pkgutil.iter_modules(package.__path__):
        yield importlib.import_module(f"{app}.services.{info.name}")


@pytest.mark.parametrize("app", PACKAGES)
def test_every_module_declares_its_public_api(app):
    for module in _modules(app):
        assert hasattr(module, "__all__"), f"{module.__name__} has no __all__"
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                assert obj.__module__ == module.__name__, f"{module.__name__} re-exports {name}"


@pytest.mark.parametrize("app", PACKAGES)
def test_the_package_reexports_every_module(app):
    package = importlib.import_module(f"{app}.services")
    from_modules = {name for module in _modules(app) for name in module.__all__}
    missing = sorted(from_modules - set(package.__all__))
    assert not missing, f"{app}.services does not re-export {missing}"
    for name in package.__all__:
        assert hasattr(package, name), f"{app}.services.__all__ names a missing {name}"


def test_the_rule_covers_the_service_packages():
    assert set(PACKAGES) >= {"billing", "courses", "resumes", "tracker"}
