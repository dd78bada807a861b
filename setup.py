"""Two source roots in one distribution.

setup.cfg's ``find:`` searches a single root, so the packages of ``platform/``
(the host) and ``plugins/`` (first-party plugins) are listed here and each
top-level package is mapped to its root.  ``platform/`` itself is never a
package: it would shadow the standard library's ``platform`` module.
"""
from pathlib import Path

from setuptools import find_packages, setup

ROOTS = ("platform", "plugins")


def packages_and_dirs():
    packages, package_dir = [], {}
    for root in ROOTS:
        if not Path(root).is_dir():
            continue
        for package in find_packages(root):
            packages.append(package)
            if "." not in package:
                package_dir[package] = f"{root}/{package}"
    return packages, package_dir


packages, package_dir = packages_and_dirs()
setup(packages=packages, package_dir=package_dir)
