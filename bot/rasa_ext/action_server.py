"""``python -m bot.rasa_ext.action_server --port N``: rasa_sdk's action server as Reflect runs it.

rasa_sdk's own app (``rasa_sdk.endpoint.create_app``, so its routes and executor), with:

- **Only Rasa's calls.** Every request but ``/health`` must carry the launch's shared secret in
  ``X-Reflect-Action-Key`` (Rasa sends it from the endpoints file, bot/rasa_ext/endpoints.py);
  anything else gets a 403 and runs nothing. rasa_sdk alone runs any action for any
  tracker anyone posts.
- **A crash answers with an apology.** rasa_sdk's handler for an exception logs the request and
  sends the whole tracker back in its 500 reply, which Rasa then logs at ERROR; the practitioner
  got nothing. Here the practitioner gets ``utter_action_failed`` (domain.yml), the turn ends
  (``action_listen``), and the log has the action's name, the exception's type and where it was
  raised: not its message, which may quote what was said.
- **Loopback.** It binds ``REFLECT_BIND_HOST`` (127.0.0.1 unless a deployment sets it);
  rasa_sdk binds 0.0.0.0. CORS is off: no browser has any business here.
- **Logs that identify no one** (bot/privacy/log_filter.py), as on the Rasa server.

The handler replaces rasa_sdk's own for ``Exception`` (Sanic's ``app.exception``), so it is
checked against the rasa_sdk it was written for, like bot/rasa_ext/speedups.py.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import traceback
from typing import List

import rasa_sdk
from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.privacy import log_filter
from bot.settings import (
    ACTION_KEY_HEADER,
    ACTION_SECRET_ENV,
    LAUNCH_HEADER,
    LAUNCH_ID_ENV,
    deployment,
)

RASA_SDK_VERSION = "3.6.2"
APOLOGY = "utter_action_failed"
logger = logging.getLogger(__name__)


def apology() -> dict:
    """What a crashed action returns instead: the apology, then wait for the practitioner."""
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(response=APOLOGY)
    return {"events": [FollowupAction("action_listen")], "responses": dispatcher.messages}


def where(crash: BaseException) -> List[str]:
    """The exception's type and the frames it passed through, without its message."""
    frames = traceback.format_list(traceback.extract_tb(crash.__traceback__))
    return [*frames, type(crash).__name__]


def action_app(actions: str, secret: str, launch_id: str | None = None) -> Sanic:
    if rasa_sdk.__version__ != RASA_SDK_VERSION:
        raise RuntimeError(
            f"bot/rasa_ext/action_server.py was written for rasa_sdk {RASA_SDK_VERSION}, found "
            f"{rasa_sdk.__version__}: re-check its exception handler and routes first."
        )
    if not secret:
        raise SystemExit(f"error: {ACTION_SECRET_ENV} is not set: the action server needs it.")
    app = create_app(actions, cors_origins=None)

    @app.middleware("request")
    async def only_rasa(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None
        presented = request.headers.get(ACTION_KEY_HEADER, "")
        if not hmac.compare_digest(presented.encode(), secret.encode()):
            return response.json({"error": "This server only answers Reflect's Rasa server."}, 403)
        return None

    @app.middleware("response")
    async def prove_launch(request: Request, reply: HTTPResponse) -> None:
        if launch_id and request.path == "/health":
            reply.headers[LAUNCH_HEADER] = launch_id

    @app.exception(Exception)
    async def crashed(request: Request, crash: Exception) -> HTTPResponse:
        if isinstance(crash, SanicException):  # a bad request, not a crash: Sanic's status
            return response.json({"error": type(crash).__name__}, status=crash.status_code)
        call = request.json if isinstance(request.json, dict) else {}
        logger.error(
            "action %s failed; the practitioner was sent %s:\n%s",
            call.get("next_action"),
            APOLOGY,
            "".join(where(crash)),
        )
        return response.json(apology())

    return app


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.rasa_ext.action_server")
    parser.add_argument("--actions", default="actions")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    settings = deployment()
    log_filter.install()
    utils.configure_colored_logging(settings.log_level.upper())
    utils.update_sanic_log_level()
    app = action_app(
        args.actions, os.environ.get(ACTION_SECRET_ENV, ""), os.environ.get(LAUNCH_ID_ENV)
    )
    logger.info(f"action server on http://{settings.bind_host}:{args.port}")
    app.run(settings.bind_host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
