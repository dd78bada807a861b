"""Two source roots and one data folder in one distribution.

setup.cfg's ``find:`` searches a single root, so the packages of ``platform/``
(the host) and ``plugins/`` (first-party plugins) are listed here and each
top-level package is mapped to its root.  ``platform/`` itself is never a
package: it would shadow the standard library's ``platform`` module.

``branch_sites/`` (the built-in microsite themes) becomes the package
``dangjian_branch_sites`` so the themes travel inside the wheel as package
data.  The rich-text editor (TinyMCE, from npm) is copied into the host
package by the build step below, never committed.
"""

import shutil
import subprocess
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOTS = ("platform", "plugins")
HERE = Path(__file__).resolve().parent
TINYMCE_SOURCE = HERE / "node_modules" / "tinymce"
# Kept in step with scripts/_common.sh (ensure_assets) and
# dangjian.sites.visitor_views.TINYMCE_FOLDER.
TINYMCE_TARGET = HERE / "platform" / "dangjian" / "static" / "vendor" / "tinymce"


def packages_and_dirs():
    packages, package_dir = [], {}
    for root in ROOTS:
        if not Path(root).is_dir():
            continue
        for package in find_packages(root):
            packages.append(package)
            if "." not in package:
                package_dir[package] = f"{root}/{package}"
    if Path("branch_sites/__init__.py").is_file():
        packages.append("dangjian_branch_sites")
        package_dir["dangjian_branch_sites"] = "branch_sites"
    return packages, package_dir


def copy_tinymce() -> None:
    """node_modules/tinymce → the host's static/vendor/tinymce.

    Runs ``npm ci`` when neither exists; an sdist carries the copy already,
    so it builds without npm.
    """
    have_copy = (TINYMCE_TARGET / "tinymce.min.js").is_file()
    if not TINYMCE_SOURCE.is_dir() and not have_copy and (HERE / "package-lock.json").is_file() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    if TINYMCE_SOURCE.is_dir():
        version = (TINYMCE_SOURCE / "package.json").read_bytes()
        if have_copy and (TINYMCE_TARGET / "package.json").read_bytes() == version:
            return
        shutil.rmtree(TINYMCE_TARGET, ignore_errors=True)
        shutil.copytree(TINYMCE_SOURCE, TINYMCE_TARGET)
    elif not have_copy:
        raise SystemExit("TinyMCE is missing: install npm (apt-get install npm) and run `npm ci` first.")


class BuildPy(build_py):
    def run(self):
        # An editable install serves the copy scripts/_common.sh makes.
        if not getattr(self, "editable_mode", False):
            copy_tinymce()
            # pip builds in the checkout: files deleted since the last build
            # must not linger in build/lib and reach the wheel.
            shutil.rmtree(self.build_lib, ignore_errors=True)
        super().run()


class Sdist(sdist):
    def run(self):
        copy_tinymce()
        super().run()


packages, package_dir = packages_and_dirs()
setup(packages=packages, package_dir=package_dir, cmdclass={"build_py": BuildPy, "sdist": Sdist})
