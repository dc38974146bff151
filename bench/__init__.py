"""Benchmarks: accuracy and speed figures, printed (make bench-*)."""

import logging


def quiet_rasa_logs() -> None:
    """Rasa's structured log prints every parse at debug level unless configured otherwise."""
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
