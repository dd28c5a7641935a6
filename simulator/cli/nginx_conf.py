"""An nginx configuration for `gameday serve --workers N`: one address in front of N Streamlit
processes over one store, each browser kept on one process (sticky), re-routed when it dies.

Stickiness is a cookie, not the client's address (`ip_hash` would send a whole office behind one
NAT, or every test on loopback, to one process): nginx gives each browser a random
`gameday_route` cookie and picks the process by a consistent hash of it. A browser's page is one
websocket to one process for as long as it stays open; the cookie keeps its other requests
(health checks, uploads, media) on the same process. When that process is gone, nginx passes the
request to the next one (`proxy_next_upstream`), the page's websocket reconnects there, and the
page is drawn again from the URL (`?session=...&participant=...`) and the shared store.

The workers share one cookie secret (`gameday serve` sets it), so Streamlit's XSRF cookie from
one process is good on another after a re-route.

Written for a process that is not root: every path nginx writes is under `prefix`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

ROUTE_COOKIE = "gameday_route"

TEMPLATE = """# Written by `gameday serve --workers {workers} --nginx-config`: run it with
#   nginx -p {prefix} -c {config} -g 'daemon off;'
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    log_format gameday '$remote_addr [$time_local] "$request" $status '
                       'route=$gameday_route upstream=$upstream_addr';
    access_log {prefix}/access.log gameday;

    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    # A browser's route: its cookie, else a new random one (set on the response below).
    map $cookie_{cookie} $gameday_route {{ "" $request_id; default $cookie_{cookie}; }}

    upstream gameday {{
        hash $gameday_route consistent;
{servers}
    }}
    server {{
        listen {listen};
        client_max_body_size 200m;
        location / {{
            proxy_pass http://gameday;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;  # overwritten: never the client's own
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout http_502 http_503;
            add_header Set-Cookie "{cookie}=$gameday_route; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


def listen_on(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def nginx_config(
    listen: tuple[str, int], workers: Sequence[tuple[str, int]], prefix: Path, config: Path
) -> str:
    """The configuration text: nginx on `listen` in front of the `workers` (address, port)."""
    servers = "\n".join(
        f"        server {listen_on(address, port)} max_fails=1 fail_timeout=5s;"
        for address, port in workers
    )
    return TEMPLATE.format(
        workers=len(workers),
        prefix=prefix,
        config=config,
        cookie=ROUTE_COOKIE,
        servers=servers,
        listen=listen_on(*listen),
    )
