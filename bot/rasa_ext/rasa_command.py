"""``python -m bot.rasa_ext.rasa_command <rasa arguments>``: Rasa's own command line as Reflect
runs it (the servers, training, data validation, story tests):

- logs that identify no one (bot/privacy/log_filter.py), for every command;
- Rasa's known-harmless warnings left out of the output (bot/rasa_ext/quiet.py), installed
  before Rasa is imported, since importing it is what raises most of them;
- for ``run``, the speed-ups (bot/rasa_ext/speedups.py), the handling of outages
  (bot/rasa_ext/outages.py), and in production a refusal to start while a safety contact has
  no number (bot/knowledge, ``production_refusal``).
"""

import sys

from bot.privacy import log_filter
from bot.rasa_ext import quiet

if __name__ == "__main__":
    quiet.install()
    log_filter.install()
    from rasa.__main__ import main

    from bot.rasa_ext import outages, speedups

    if sys.argv[1:2] == ["run"]:
        # However a server is started (make serve, replicas, a partnership's own script), in
        # production it never starts with a safety contact missing its number.
        from bot.knowledge import knowledge, production_refusal
        from bot.settings import deployment

        refusal = production_refusal(knowledge()) if deployment().production else None
        if refusal:
            raise SystemExit(refusal)
        speedups.apply()
        outages.apply()
    main()
