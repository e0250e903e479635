"""A throw-away PostgreSQL server on 127.0.0.1 for functional tests and benchmarks.

    with PgServer() as pg:                      # initdb in a temp dir, start on a free port
        url = pg.create_database("archive")      # postgresql://lezpay:<pw>@127.0.0.1:<port>/archive
        ...                                      # stopped and removed on exit

The server binaries come from PATH (nix develop) or /usr/lib/postgresql/<version>/bin (Debian).
PostgreSQL refuses to run as root: as root, every server command runs as the `postgres` system
user (created by the Debian package), or `nobody` without it, through runuser/setpriv, and the
temp dir is handed to that user. Authentication is scram-sha-256 with a random password, over
TCP on loopback only (no Unix socket outside the temp dir). `fast=True` (tests) turns fsync off;
benchmarks pass fast=False to measure a durable server. Standard library only.
"""
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time

SERVER_TOOLS = ("initdb", "pg_ctl", "postgres", "createdb", "psql")


def find_bin_dir():
    """The directory holding initdb/pg_ctl/postgres/createdb, or None."""
    on_path = shutil.which("initdb")
    candidates = [os.path.dirname(on_path)] if on_path else []

    def version(path):
        try:
            return int(path.rstrip("/").split("/")[-2])
        except ValueError:
            return 0

    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for d in candidates:
        if all(os.access(os.path.join(d, t), os.X_OK) for t in SERVER_TOOLS):
            return d
    return None


def unavailable_reason():
    """None when a server can be started here, else a sentence saying why not."""
    if find_bin_dir() is None:
        return ("PostgreSQL server binaries (initdb, pg_ctl, postgres, createdb, psql) not found on PATH nor in "
                "/usr/lib/postgresql/*/bin: install the Debian package postgresql (scripts/bootstrap.sh does)")
    if os.geteuid() == 0 and not (shutil.which("runuser") or shutil.which("setpriv")):
        return "running as root without runuser or setpriv: cannot start PostgreSQL as an unprivileged user"
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, fast=True, user="lezpay"):
        self.fast = fast
        self.user = user
        self.password = secrets.token_hex(16)
        self.bin_dir = find_bin_dir()
        self.root = None
        self.port = None
        self.run_as = None  # pwd entry of the unprivileged user when we are root

    # --- process helpers ---

    def _cmd(self, tool, *args):
        cmd = [os.path.join(self.bin_dir, tool), *args]
        if self.run_as is None:
            return cmd
        if shutil.which("runuser"):
            return ["runuser", "-u", self.run_as.pw_name, "--", *cmd]
        return ["setpriv", f"--reuid={self.run_as.pw_uid}", f"--regid={self.run_as.pw_gid}", "--clear-groups", *cmd]

    def _run(self, tool, *args, env_extra=None, timeout=120):
        env = dict(os.environ)
        env.update(env_extra or {})
        # cwd inside the temp dir: the unprivileged user may not be able to read the caller's cwd.
        proc = subprocess.run(self._cmd(tool, *args), cwd=self.root, env=env, capture_output=True, text=True,
                              timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed (rc {proc.returncode}): "
                               f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        return proc.stdout

    # --- lifecycle ---

    def start(self, timeout=60):
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.root = tempfile.mkdtemp(prefix="lezpay-pg-")
        if os.geteuid() == 0:
            try:
                self.run_as = pwd.getpwnam("postgres")
            except KeyError:
                self.run_as = pwd.getpwnam("nobody")
            os.chown(self.root, self.run_as.pw_uid, self.run_as.pw_gid)
        os.chmod(self.root, 0o700)
        pwfile = os.path.join(self.root, "pwfile")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.run_as:
            os.chown(pwfile, self.run_as.pw_uid, self.run_as.pw_gid)
        os.chmod(pwfile, 0o600)
        data = os.path.join(self.root, "data")
        init_args = ["-D", data, "-U", self.user, "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8",
                     "--locale=C"]
        if self.fast:
            init_args.append("--no-sync")
        self._run("initdb", *init_args)
        os.unlink(pwfile)
        # The probed port can be taken by another process before the server binds it (test files run
        # side by side): then pg_ctl fails and another free port is tried.
        for attempt in range(3):
            self.port = free_port()
            options = [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={self.root}",
                       "-c max_connections=50"]
            if self.fast:
                options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
            try:
                self._run("pg_ctl", "-D", data, "-l", os.path.join(self.root, "server.log"), "-w", "-t", str(timeout),
                          "-o", " ".join(options), "start", timeout=timeout + 10)
                self._options = options
                return self
            except RuntimeError:
                if attempt == 2 or "could not bind" not in self.log():
                    raise
        return self

    def create_database(self, name):
        """Creates database `name` and answers its URL (with the password)."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name,
                  env_extra={"PGPASSWORD": self.password})
        return self.url(name)

    def sql(self, dbname, statement):
        """Runs one statement with psql and answers its unaligned output (no headers), stripped."""
        return self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, "-d", dbname, "-X", "-A",
                         "-t", "-v", "ON_ERROR_STOP=1", "-c", statement,
                         env_extra={"PGPASSWORD": self.password}).strip()

    def url(self, dbname):
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def log(self):
        try:
            with open(os.path.join(self.root, "server.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def restart_command(self, timeout=60):
        """The argv that restarts this server in place (for a child process to run)."""
        # -l: the restarted server must not inherit the caller's stdout/stderr (a pipe a test reads
        # to its end would then never close).
        return self._cmd("pg_ctl", "-D", os.path.join(self.root, "data"), "-l", os.path.join(self.root, "server.log"),
                         "-w", "-t", str(timeout), "-m", "fast", "restart")

    def restart(self, timeout=60):
        """Restarts the server in place (same port and data): every client connection drops."""
        self._run("pg_ctl", "-D", os.path.join(self.root, "data"), "-l", os.path.join(self.root, "server.log"), "-w",
                  "-t", str(timeout), "-m", "fast", "restart", timeout=timeout + 10)

    def halt(self, timeout=60):
        """Stops the server but keeps its data and port: clients see it gone until resume()."""
        self._run("pg_ctl", "-D", os.path.join(self.root, "data"), "-w", "-t", str(timeout), "-m", "fast", "stop",
                  timeout=timeout + 10)

    def resume(self, timeout=60):
        """Starts a halted server again on the same port with the same data."""
        self._run("pg_ctl", "-D", os.path.join(self.root, "data"), "-l", os.path.join(self.root, "server.log"), "-w",
                  "-t", str(timeout), "-o", " ".join(self._options), "start", timeout=timeout + 10)

    def stop(self):
        if self.root is None:
            return
        data = os.path.join(self.root, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            try:
                self._run("pg_ctl", "-D", data, "-w", "-m", "fast", "stop", timeout=60)
            except (RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", data, "-m", "immediate", "stop", timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False
