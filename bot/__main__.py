"""``python -m bot``: Reflect's command line (bot/ops/cli.py)."""

import sys

from bot.ops.cli import main

sys.exit(main())
