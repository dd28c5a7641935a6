"""`gameday serve [--port 8501] [--address 127.0.0.1] [--database-url URL]`: start the web app.

Runs `streamlit run app.py` (the project's `app.py`, next to the `simulator` package, else the one
in the current directory) as a child process with the interpreter running `gameday`, so the app
sees the same installed packages. Before it starts it opens the session store (creating the tables
when needed, so a bad URL fails here with a clear message) and prints the URL and the store in use.
The child gets the store as `GAMEDAY_DATABASE_URL`.

With `--metrics-port PORT` this process also serves `/metrics` (the Prometheus exposition of
every live session, `simulator/prometheus/exposition.py`) on ADDRESS:PORT from a thread of its own:
Streamlit runs in a child process, and the metrics server reads the same store with its own engine
cache, so a scrape never waits for a page and a page never waits for a scrape.

This process also runs the forwarder (`simulator/integrations/forwarder.py`) in a thread: it
sends the alerts, pages, injects and status updates of sessions whose facilitator turned
forwarding on to their Alertmanager and webhook. Sessions that never set it cost it nothing (one
query per pass finds the others).

With `--workers N` it starts N Streamlit processes on PORT, PORT+1, ..., all over the one store
(each keeps its own engine cache in step with the store), for a reverse proxy with sticky
sessions in front; `--nginx-config FILE` writes an nginx configuration for them
(`simulator/cli/nginx_conf.py`), listening on `--nginx-port`. The workers share a cookie secret,
so a browser re-routed to another process keeps a valid XSRF cookie. A worker that dies leaves
the others serving; `gameday serve` exits when the last one has.

Ctrl-C (SIGINT) or SIGTERM stops the app and exits 0 (`simulator/cli/supervise.py`); on Linux
the child also gets SIGTERM when this process dies any other way (SIGKILL included: prctl
PR_SET_PDEATHSIG, set by `simulator.cli.orphan_guard`), so no Streamlit is left holding the port.
A port already in use, a bad store URL and a damaged SQLite file (`PRAGMA quick_check`) are
reported before Streamlit starts (exit 1).

With `--sign-in FILE` people sign in with the company's OpenID Connect provider (`st.login`) and
the facilitator role belongs to the users and groups the file names (`simulator/cli/sign_in.py`
reads and checks it and gives Streamlit its `[auth]` settings in a private file).
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import os
import secrets
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

from simulator.cli import EXIT_INVALID, UsageError
from simulator.cli.sign_in import SignIn, load_sign_in, write_secrets
from simulator.cli.supervise import supervise

DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"
APP_FILE = "app.py"
DEFAULT_NGINX_PORT = 8080
MAX_WORKERS = 32
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
# The workers' garbage collector, set up for serving (app_pages/common/collector.py) unless the
# operator set GAMEDAY_GC (to `python`: Python's defaults).
GC_ENV = "GAMEDAY_GC"
GC_SERVING = "serving"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="start the web app (Streamlit) and print its URL",
        description="Start the web app with Streamlit on ADDRESS:PORT. The session store is "
        "--database-url, else $GAMEDAY_DATABASE_URL, else the SQLite file under .gameday/. "
        "Ctrl-C stops it.",
    )
    parser.add_argument(
        "--port", type=port_arg, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}"
    )
    parser.add_argument("--address", default=DEFAULT_ADDRESS, help=f"default {DEFAULT_ADDRESS}")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="session store: sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB",
    )
    parser.add_argument(
        "--metrics-port",
        type=port_arg,
        metavar="PORT",
        help="also serve /metrics (Prometheus) for the live sessions on this port (default: off)",
    )
    parser.add_argument(
        "--workers",
        type=workers_arg,
        default=1,
        metavar="N",
        help="Streamlit processes on PORT, PORT+1, ... over the one store, for a reverse proxy "
        "with sticky sessions in front (default 1; see --nginx-config)",
    )
    parser.add_argument(
        "--nginx-config",
        type=Path,
        metavar="FILE",
        help="write an nginx configuration for the workers to FILE (sticky sessions by cookie, "
        "re-routing when a worker dies) and print how to run it",
    )
    parser.add_argument(
        "--nginx-port",
        type=port_arg,
        default=DEFAULT_NGINX_PORT,
        metavar="PORT",
        help=f"the port nginx listens on, in --nginx-config (default {DEFAULT_NGINX_PORT})",
    )
    parser.add_argument(
        "--sign-in",
        type=Path,
        metavar="FILE",
        help="company sign-in with OpenID Connect: a TOML file with the provider and who "
        "facilitates (docs/how-to/run-it-for-a-company.md); default: off (join codes and "
        "facilitator secrets)",
    )
    parser.add_argument(
        "--app",
        type=Path,
        metavar="FILE",
        help=f"the Streamlit script (default: the project's {APP_FILE})",
    )
    parser.set_defaults(func=run)


def port_arg(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535 (got {port})")
    return port


def workers_arg(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of workers: {text!r}") from None
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"workers must be 1-{MAX_WORKERS} (got {count})")
    return count


# ------------------------------------------------------------------ finding things


def app_candidates() -> list[Path]:
    """Where `app.py` is looked for: next to the `simulator` package, then the current directory."""
    import simulator

    project = Path(simulator.__file__).resolve().parent.parent
    candidates = [project / APP_FILE]
    here = Path.cwd().resolve() / APP_FILE
    if here not in candidates:
        candidates.append(here)
    return candidates


def find_app(explicit: Path | None = None) -> Path:
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"no such app file: {explicit}")
        return explicit.resolve()
    candidates = app_candidates()
    for path in candidates:
        if path.is_file():
            return path
    looked = ", ".join(str(p) for p in candidates)
    raise UsageError(
        f"cannot find the web app ({APP_FILE}); looked in: {looked}. Run from the project "
        "directory, or name the script with --app FILE"
    )


def port_problem(address: str, port: int) -> str | None:
    """Why Streamlit could not listen on address:port (None when it can), found by binding."""
    try:
        infos = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot listen on {address!r}: {exc.strerror}"
    family, kind, proto, _, sockaddr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # Tornado sets SO_REUSEADDR too, so a port in TIME_WAIT is not reported as busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(sockaddr)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {address} is already in use (another `gameday serve`?); "
                    "stop it or choose another port with --port"
                )
            return f"cannot listen on {address}:{port}: {exc.strerror}"
    return None


def absolute_sqlite(url: str) -> str:
    """A relative SQLite path made absolute (Streamlit runs in the app's directory)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # the store reports the bad URL
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or Path(database).expanduser().is_absolute():
        return url
    absolute = str(Path(database).expanduser().resolve())
    return parsed.set(database=absolute).render_as_string(hide_password=False)


def open_store(url: str) -> str:
    """Open the store once (creating its tables) and check it is sound (SQLite's quick check), so
    a bad URL or a damaged file fails now, before Streamlit starts; its printable URL."""
    from simulator.session import Store
    from simulator.session.integrity import check_integrity

    store = Store(url)
    try:
        check_integrity(store)
        return store.url.render_as_string(hide_password=True)
    finally:
        store.close()


def url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


# ------------------------------------------------------------------ running


def streamlit_command(
    app: Path, address: str, port: int, secrets_file: Path | None = None
) -> list[str]:
    extra = [] if secrets_file is None else ["--secrets.files", str(secrets_file)]
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--browser.gatherUsageStats",
        "false",
        # Served, not developed: no watcher thread walking the project tree (with its .venv) and
        # handling every inotify event from test runs and installs next to it.
        "--server.fileWatcherType",
        "none",
        *extra,
    ]


def run(args: argparse.Namespace) -> int:
    from simulator.session.store import database_url

    app = find_app(args.app)
    if importlib.util.find_spec("streamlit") is None:
        print(
            f"gameday: error: Streamlit is not installed for {sys.executable}; "
            "install the project (`make run` does) or `pip install streamlit`",
            file=sys.stderr,
        )
        return EXIT_INVALID
    sign_in = load_sign_in(args.sign_in) if args.sign_in is not None else None
    ports = list(range(args.port, args.port + args.workers))
    problem = ports_problem(args, ports)
    if problem:
        print(f"gameday: error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    url = absolute_sqlite(args.database_url.strip() if args.database_url else database_url())
    shown = open_store(url)

    from simulator.engine.kernel.warm import describe

    print(f"gameday: {describe()}", flush=True)  # before the app: no page pays the compile
    print(f"gameday: serving {app}" + (f" with {args.workers} workers" if args.workers > 1 else ""))
    for port in ports:
        print(f"  URL:      http://{url_host(args.address)}:{port}")
    print(f"  database: {shown}")
    if sign_in is not None:
        print(sign_in.describe())
    if args.nginx_config is not None:
        write_nginx_config(args, ports)
    if args.metrics_port is not None:
        start_metrics(url, args.address, args.metrics_port)
        print(f"  metrics:  http://{url_host(args.address)}:{args.metrics_port}/metrics")
    start_forwarding(url)
    print("  Ctrl-C stops it.", flush=True)

    return _launch(app, args.address, ports, worker_environment(url, args.workers), sign_in)


def worker_environment(
    url: str, workers: int, base: Mapping[str, str] = os.environ
) -> dict[str, str]:
    """The workers' environment: `base` with the store's URL, the collector set up for serving
    (unless the operator chose with GAMEDAY_GC) and, with several workers, one XSRF cookie
    secret for all, so that a browser re-routed to another worker stays valid."""
    from simulator.session.store import ENV_URL

    env = dict(base)
    env[ENV_URL] = url
    env.setdefault(GC_ENV, GC_SERVING)
    if workers > 1:
        env.setdefault(COOKIE_SECRET_ENV, secrets.token_hex(32))
    return env


def _launch(
    app: Path, address: str, ports: list[int], env: dict[str, str], sign_in: SignIn | None
) -> int:
    """Run the workers; with sign-in, over a private `[auth]` file removed when they stop."""
    if sign_in is None:
        commands = [streamlit_command(app, address, port) for port in ports]
        return supervise(commands, env, app.parent)
    env.update(sign_in.environment())
    secrets_file = write_secrets(sign_in)
    try:
        commands = [streamlit_command(app, address, p, secrets_file) for p in ports]
        return supervise(commands, env, app.parent)
    finally:
        secrets_file.unlink(missing_ok=True)


def ports_problem(args: argparse.Namespace, ports: list[int]) -> str | None:
    """Why the workers (and the metrics server, nginx) cannot have their ports, or None."""
    if ports[-1] > 65535:
        return f"--workers {args.workers} from port {args.port} goes past port 65535"
    for port in ports:
        problem = port_problem(args.address, port)
        if problem:
            return problem
    if args.metrics_port is not None:
        problem = port_problem(args.address, args.metrics_port)
        if problem or args.metrics_port in ports:
            return f"--metrics-port: {problem or 'one of the workers ports'}"
    if args.nginx_config is not None and args.nginx_port in ports:
        return f"--nginx-port {args.nginx_port} is one of the workers' ports"
    return None


def write_nginx_config(args: argparse.Namespace, ports: list[int]) -> None:
    """Write the nginx configuration for the workers and say how to run it."""
    from simulator.cli.nginx_conf import nginx_config

    config = args.nginx_config.resolve()
    prefix = config.parent / "nginx"
    try:
        prefix.mkdir(parents=True, exist_ok=True)
        workers = [(args.address, port) for port in ports]
        listen = (args.address, args.nginx_port)
        config.write_text(nginx_config(listen, workers, prefix, config))
    except OSError as exc:
        raise UsageError(f"--nginx-config: cannot write {config}: {exc.strerror}") from None
    print(f"  nginx:    nginx -p {prefix} -c {config} -g 'daemon off;'")
    print(f"  proxy:    http://{url_host(args.address)}:{args.nginx_port}")


def start_metrics(url: str, address: str, port: int) -> None:
    """Serve /metrics from a daemon thread over its own session service."""
    from simulator.prometheus.exposition import serve_metrics
    from simulator.session import open_service

    service = open_service(url)
    serve_metrics(lambda: service, address, port)


def start_forwarding(url: str) -> None:
    """Forward alerts and messages of the sessions that asked for it, from a daemon thread."""
    from simulator.integrations.forwarder import start_forwarder
    from simulator.session import open_service

    start_forwarder(open_service(url))
