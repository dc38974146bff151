"""What Reflect decides, on plain data: no Rasa imports here (docs/design.md)."""
