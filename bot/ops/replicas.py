"""``make replicas``: N Rasa servers sharing PostgreSQL and Redis, behind nginx, on one machine.

This is Rasa's own way to scale out: every replica reads and writes conversations in the same
SQL tracker store, and the Redis lock store makes the turns of one conversation run one at a
time whichever replica receives them. nginx (Debian's package, installed when missing) balances
REST across replicas and keeps a socket.io client on one replica (ip_hash).

Environment: REPLICAS (2), REPLICA_BASE_PORT (5101), BALANCER_PORT (8000),
REFLECT_TRACKER_DB_URL (postgresql://postgres@127.0.0.1:5432/reflect),
REFLECT_LOCK_STORE_URL (redis://127.0.0.1:6379/0), plus the settings of README "Serving".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from bot.ops.launcher import (
    Service,
    action_service,
    check_stores,
    child_env,
    rasa_service,
    running,
    until_stopped,
)
from bot.settings import Deployment, deployment

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/reflect"
DEFAULT_LOCKS = "redis://127.0.0.1:6379/0"

NGINX_CONF = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {run}/body; proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi; uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
  upstream reflect {{
    ip_hash;  # socket.io keeps a connection's state on one replica
{servers}
  }}
  server {{
    listen {host}:{port};
    location / {{
      proxy_pass http://reflect;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_read_timeout 120s;
    }}
  }}
}}
"""


def replica_settings(count: int, base_port: int, env: Dict[str, str]) -> List[Deployment]:
    shared = {
        "REFLECT_TRACKER_DB_URL": env.get("REFLECT_TRACKER_DB_URL", DEFAULT_DB),
        "REFLECT_LOCK_STORE_URL": env.get("REFLECT_LOCK_STORE_URL", DEFAULT_LOCKS),
    }
    return [deployment({**env, **shared, "PORT": str(base_port + i)}) for i in range(count)]


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("replicas: installing Debian's nginx")
        subprocess.run(
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
            "apt-get install -y -qq nginx-light || apt-get install -y -qq nginx",
            shell=True,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return shutil.which("nginx") or "/usr/sbin/nginx"
    raise SystemExit("error: nginx is needed (Debian: sudo apt-get install nginx-light)")


def balancer_service(replicas: List[Deployment], port: int) -> Service:
    run = replicas[0].data_dir / "run" / "nginx"
    run.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"    server 127.0.0.1:{r.port};" for r in replicas)
    conf = run / "nginx.conf"
    host = replicas[0].bind_host
    conf.write_text(
        NGINX_CONF.format(run=run, servers=servers, host=host, port=port), encoding="utf-8"
    )
    return Service(
        [nginx_binary(), "-c", str(conf), "-p", str(run), "-g", "daemon off;"],
        "nginx.log",
        f"http://{replicas[0].local_host}:{port}/webhooks/rest/",
        port,
        "BALANCER_PORT",
        host,
        name="nginx balancer",
    )


def main() -> int:
    from bot.ops.cli import checked_content

    if checked_content(production=deployment().production) is None:
        return 1
    env = dict(os.environ)
    count = int(env.get("REPLICAS", "2"))
    replicas = replica_settings(count, int(env.get("REPLICA_BASE_PORT", "5101")), env)
    port = int(env.get("BALANCER_PORT", "8000"))
    first = replicas[0]
    services = [
        action_service(first),
        *(rasa_service(r, bool(r.api_token), "REPLICA_BASE_PORT") for r in replicas),
        balancer_service(replicas, port),
    ]
    check_stores(first)
    log_dir = first.data_dir / "logs"
    print(
        f"starting {count} replicas against {first.tracker_db_url} and {first.lock_store_url} "
        f"(logs in {log_dir}) ..."
    )
    try:
        with running(services, child_env(first), log_dir) as processes:
            print(
                f"Reflect: {count} replicas behind http://127.0.0.1:{port}/ "
                f"(REST /webhooks/rest/webhook, socket.io /socket.io). Ctrl-C stops them."
            )
            return until_stopped(processes)
    except KeyboardInterrupt:
        print("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
