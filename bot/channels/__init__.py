"""Our input channels: Rasa's REST and socket.io at their standard paths, plus Reflect's own
endpoints. Every message passes ``guard.handle`` before Rasa's processor sees it."""
