"""``python -m bot.rasa_ext.server run ...``: Rasa's own command line, with our speed-ups
applied first (bot/rasa_ext/speedups.py). The launcher starts the Rasa server this way."""

from rasa.__main__ import main

from bot.rasa_ext import speedups

if __name__ == "__main__":
    speedups.apply()
    main()
