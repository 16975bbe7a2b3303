"""``python -m kit`` is the same as ``candle``."""

import sys

from kit.cli import main

sys.exit(main())
