#!/usr/bin/env bash
# The tools the network-namespace lab (tests/LogChat.Lab.Tests) drives: `ip` (iproute2), `nft` (nftables) and `ss`
# (iproute2). Sourced by test.sh; the caller has `set -euo pipefail`.

# Prints the Debian packages of the missing lab tools, one per line.
lab_missing_packages() {
    command -v ip >/dev/null && command -v ss >/dev/null || echo iproute2
    command -v nft >/dev/null || echo nftables
}

# Installs the missing lab tools with apt when root; otherwise says what the lab tests need. Never fails: without the
# tools the lab tests fail with a message of their own, and every other test still runs.
lab_ensure_tools() {
    local missing
    missing=$(lab_missing_packages | tr '\n' ' ')
    [[ -z "$missing" ]] && return 0
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "The network lab needs: $missing; installing" >&2
        # A fresh machine's package lists may not know the package yet: update them only when the install fails.
        # shellcheck disable=SC2086 # one word per package
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing \
            || { DEBIAN_FRONTEND=noninteractive apt-get update -q \
                && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing; } \
            || echo "Could not install $missing: the lab tests will fail." >&2
        return 0
    fi
    echo "The network lab tests need root and these packages: $missing(sudo apt-get install -y $missing)." >&2
}
