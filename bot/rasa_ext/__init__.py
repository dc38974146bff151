"""Extensions of Rasa 3.6: each is named in config.yml or the endpoints, or applied explicitly
when our Rasa server starts (bot/rasa_ext/rasa_command.py)."""
