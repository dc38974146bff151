#!/usr/bin/env bash
# The README's test command (`make test`), also run by CI (.ci/run). From a clean clone it
# installs everything, trains if the model is stale, then: content check, lint, Rasa data
# validation, pytest (unit, action, end-to-end against served bots, browser), and Rasa's story
# tests (end to end: the user text goes through NLU too), where any failed story fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser

export PYTHONPATH="$PWD" TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false
PY=.venv/bin/python

echo "== content"; $PY -m bot check-content
echo "== lint"; .venv/bin/ruff check bot actions tests bench tools
echo "== model"; $PY -m bot train
echo "== rasa data validate"
# Rasa's command line as Reflect runs it: Rasa's known-harmless warnings are left out
# (bot/rasa_ext/quiet.py says which, and why).
RASA="$PY -m bot.rasa_ext.rasa_command"
$RASA data validate --domain domain.yml --data data --config config.yml --fail-on-warnings
echo "== pytest"; $PY -m pytest -q "$@"
echo "== story tests"
$RASA test core --model models/reflect.tar.gz --stories tests/stories \
  --e2e --fail-on-prediction-errors --out results/stories
echo "== all tests passed"
