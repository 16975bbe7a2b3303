"""Package layout for setuptools (the project's metadata is in pyproject.toml).

All package layout lives here. The kit's templates and notebooks stay at the repository's
top level, where people edit them, and ship inside the package: ``templates/`` becomes ``kit._data.templates`` and ``notebooks/``
becomes ``kit._data.notebooks`` (see kit/resources.py). pyproject.toml cannot add mapped
packages to the ones it finds, hence this file.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {"kit._data.templates": "templates", "kit._data.notebooks": "notebooks"}
DATA_FILES = {
    "kit.app": ["candle.svg", "share/voila/templates/candle/*"],  # the Voila app template, the icon
    "kit._data.templates": ["forms/*.yaml", "vocab/*.yaml", "research/*", "reviews/*.ipynb",
                            "reviews/html/*/*"],
    "kit._data.notebooks": ["*.ipynb", "research/*.ipynb"],
}

setup(
    packages=find_packages(include=["kit", "kit.*"]) + list(DATA_PACKAGES),
    package_dir=DATA_PACKAGES,
    package_data=DATA_FILES,
)
