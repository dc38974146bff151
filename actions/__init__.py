"""Rasa custom actions: thin glue between the dialogue and bot.knowledge (no content here)."""
