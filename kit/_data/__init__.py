"""The kit's own files: ``templates`` (forms, reviews, vocabulary, research word lists) and
``notebooks`` (the practitioner, lead and researcher pages), as data packages.

In an installed kit they sit in this folder: setup.py maps the repository's top-level
``templates/`` and ``notebooks/`` folders to ``kit._data.templates`` and
``kit._data.notebooks``. In a source checkout (``PYTHONPATH`` or an editable install) this
folder holds no copies, so the same mapping is made here by adding the checkout to the
package's search path. Either way :mod:`kit.resources` finds them with importlib.resources.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_CHECKOUT = _HERE.parent.parent
if not (_HERE / "templates").is_dir() and (_CHECKOUT / "setup.py").is_file():
    __path__.append(str(_CHECKOUT))
