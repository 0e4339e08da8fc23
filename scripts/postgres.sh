#!/usr/bin/env bash
# Shared functions for a private PostgreSQL instance: no system service, one data directory per use.
# Sourced by run.sh and test.sh; the caller has `set -euo pipefail`.
#
# Layout of an instance directory (INSTANCE):
#   INSTANCE/password   superuser password, mode 0600, owned by the caller
#   INSTANCE/data/      the cluster (initdb), owned by the server's user, mode 0700
#   INSTANCE/run/       unix socket and server log, owned by the server's user
# The server listens on 127.0.0.1 only and every login needs the password (scram-sha-256).
# PostgreSQL refuses to run as root: when the caller is root, the server runs as the unprivileged
# `postgres` user (created by Debian's package; created here if absent).

PG_SUPERUSER=logchat
PG_SERVER_USER=postgres

# Sets PG_BIN to the folder holding initdb and pg_ctl, or returns 1.
pg_find_binaries() {
    local candidate
    # initdb on PATH may be a symbolic link: the real folder also has psql and createdb.
    if candidate=$(command -v initdb 2>/dev/null) && candidate=$(dirname "$(readlink -f "$candidate")") \
        && [[ -x "$candidate/pg_ctl" && -x "$candidate/psql" ]]; then
        PG_BIN=$candidate
        return 0
    fi
    # Debian installs the binaries off PATH, one folder per major version: take the newest.
    candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$candidate" && -x "$candidate/initdb" && -x "$candidate/pg_ctl" && -x "$candidate/psql" ]]; then
        PG_BIN=$candidate
        return 0
    fi
    return 1
}

# Makes sure the PostgreSQL binaries exist: installs Debian's package when root, otherwise says what to install.
pg_ensure_binaries() {
    pg_find_binaries && return 0
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "PostgreSQL binaries not found: installing the postgresql package" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
        pg_find_binaries && return 0
    fi
    cat >&2 <<'MSG'
PostgreSQL (initdb, pg_ctl) is not installed. Install it, then run this again:
    sudo apt-get update && sudo apt-get install -y postgresql
(on other systems: the PostgreSQL 15+ server package, with initdb and pg_ctl on PATH)
MSG
    exit 1
}

# Runs a command as the user that owns the server: `postgres` when we are root, ourselves otherwise.
pg_as_server_user() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$PG_SERVER_USER" -- "$@"
    else
        "$@"
    fi
}

# When root: makes sure the unprivileged server user exists and can reach INSTANCE.
pg_prepare_server_user() {
    local instance=$1
    [[ $EUID -eq 0 ]] || return 0
    if ! id -u "$PG_SERVER_USER" >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
            --shell /usr/sbin/nologin "$PG_SERVER_USER"
    fi
    if ! runuser -u "$PG_SERVER_USER" -- test -x "$instance"; then
        echo "The $PG_SERVER_USER user cannot reach $instance (a parent folder is private)." >&2
        echo "Move the checkout to a world-traversable path, or set LOGCHAT_STATE_DIR to one." >&2
        exit 1
    fi
}

# Creates the instance INSTANCE unless it already exists (a second run reuses its data).
pg_init() {
    local instance
    instance=$(readlink -m "$1")
    mkdir -p "$instance"
    chmod 0711 "$instance" # the server user may pass through, not list
    pg_prepare_server_user "$instance"
    [[ -f "$instance/data/PG_VERSION" ]] && return 0

    rm -rf "$instance/data" "$instance/run"
    mkdir -m 0700 "$instance/data" "$instance/run"
    [[ $EUID -eq 0 ]] && chown "$PG_SERVER_USER:" "$instance/data" "$instance/run"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$instance/password")
    # initdb reads the password from a file: a copy in the server user's private folder, removed at once.
    install -m 0600 "$instance/password" "$instance/run/initdb-password"
    [[ $EUID -eq 0 ]] && chown "$PG_SERVER_USER:" "$instance/run/initdb-password"
    pg_as_server_user "$PG_BIN/initdb" --pgdata="$instance/data" --username="$PG_SUPERUSER" \
        --pwfile="$instance/run/initdb-password" --auth=scram-sha-256 --encoding=UTF8 --no-locale \
        --no-instructions >/dev/null
    rm -f "$instance/run/initdb-password"
}

# Prints the superuser password of INSTANCE.
pg_password() {
    cat "$1/password"
}

# Starts INSTANCE on 127.0.0.1:PORT and waits until it accepts connections.
# setsid keeps it out of the terminal's process group: Ctrl-C reaches the app, which can then shut
# down cleanly against a database that is still up, and the caller stops the server afterwards.
pg_start() {
    local instance port=$2
    instance=$(readlink -m "$1") # the server resolves relative paths against its data directory
    pg_stop "$instance" # a server left over by a killed run would hold the data directory
    pg_as_server_user setsid "$PG_BIN/pg_ctl" --pgdata="$instance/data" --log="$instance/run/server.log" \
        --wait --timeout=60 --silent \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$instance/run'" \
        start || {
        echo "PostgreSQL did not start; its log:" >&2
        tail -n 20 "$instance/run/server.log" >&2 || true
        return 1
    }
}

# Stops INSTANCE if it is running (fast shutdown: open sessions are ended).
pg_stop() {
    local instance=$1
    [[ -f "$instance/data/postmaster.pid" ]] || return 0
    pg_as_server_user "$PG_BIN/pg_ctl" --pgdata="$instance/data" --mode=fast --wait --silent stop >/dev/null 2>&1 || true
}

# Prints an Npgsql connection string for DATABASE on INSTANCE at PORT.
pg_connection_string() {
    local instance=$1 port=$2 database=$3
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' \
        "$port" "$database" "$PG_SUPERUSER" "$(pg_password "$instance")"
}

# Creates DATABASE on INSTANCE at PORT unless it exists.
pg_create_database() {
    local instance=$1 port=$2 database=$3 exists
    exists=$(PGPASSWORD=$(pg_password "$instance") "$PG_BIN/psql" --host=127.0.0.1 --port="$port" \
        --username="$PG_SUPERUSER" --dbname=postgres --no-psqlrc --tuples-only --no-align \
        --command="SELECT 1 FROM pg_database WHERE datname = '$database'")
    [[ "$exists" == 1 ]] && return 0
    PGPASSWORD=$(pg_password "$instance") "$PG_BIN/createdb" --host=127.0.0.1 --port="$port" \
        --username="$PG_SUPERUSER" "$database"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on (from the dynamic range).
pg_free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port found on 127.0.0.1" >&2
    return 1
}
