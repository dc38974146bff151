"""Identifying details: redaction before Rasa sees a message, and retention of what is stored."""
