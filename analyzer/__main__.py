"""``python -m analyzer`` runs the ``coc`` command line."""

import sys

from analyzer.cli import main

sys.exit(main())
