"""``python -m bot.rasa_ext.server run ...``: Rasa's own command line, with our speed-ups
applied first (bot/rasa_ext/speedups.py). The launcher starts the Rasa server this way."""

from rasa.__main__ import main

from bot.knowledge import knowledge, production_refusal
from bot.rasa_ext import speedups
from bot.settings import deployment

if __name__ == "__main__":
    # However it is started (make serve, replicas, a script of a partnership's own), a production
    # server never starts with a safety contact missing its number.
    refusal = production_refusal(knowledge()) if deployment().production else None
    if refusal:
        raise SystemExit(refusal)
    speedups.apply()
    main()
