"""The immediate-risk screen's rule layer and its rules (the Rasa component that combines it with
the classifier is bot/nlu/risk_screen.py)."""
