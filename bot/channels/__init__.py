"""Our input channels: Rasa's REST and socket.io at their standard paths, plus Reflect's own
endpoints. Every message passes ``guard.handle`` before Rasa's processor sees it."""

from bot import rasa_speedups

# Rasa imports this package (credentials.yml) in the server process: the place to apply it.
rasa_speedups.apply()
