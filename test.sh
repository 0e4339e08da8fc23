#!/usr/bin/env bash
# Builds the solution and runs every test project against a throwaway PostgreSQL, then prints one last
# line "N passed, N failed" summed over all projects. Exits non-zero when anything failed or no test ran.
# Extra arguments go to every `dotnet test` (e.g. ./test.sh --filter "Category!=Postgres").
#
# The tests find PostgreSQL through LOGCHAT_TEST_POSTGRES, an admin connection string; each fixture
# creates its own database on it (tests/LogChat.Testing/PostgresServer.cs). As root it also installs the network lab's
# tools (iproute2, nftables) when missing (scripts/lab-tools.sh).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/postgres.sh
source "$repo/scripts/postgres.sh"
# shellcheck source=scripts/lab-tools.sh
source "$repo/scripts/lab-tools.sh"
cd "$repo"

work=$(mktemp -d "${TMPDIR:-/tmp}/logchat-test.XXXXXX")
chmod 0711 "$work" # PostgreSQL's own user must pass through to its data directory
instance=$work/postgres

cleanup() {
    pg_stop "$instance"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_ensure_binaries
lab_ensure_tools
pg_init "$instance"
port=$(pg_free_port)
pg_start "$instance" "$port"
LOGCHAT_TEST_POSTGRES=$(pg_connection_string "$instance" "$port" postgres)
export LOGCHAT_TEST_POSTGRES

passed=0
failed=0

if ! dotnet build LogChat.sln; then
    echo "The build failed: no test ran." >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# A project's summary line looks like: "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total: ..."
summary_pattern='(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+)'

for project in tests/*Tests/*.csproj; do
    output=$work/$(basename "$project" .csproj).log
    status=0
    dotnet test "$project" --no-build "$@" 2>&1 | tee "$output" || status=$?

    project_failed=0
    project_passed=0
    while IFS= read -r line; do
        if [[ $line =~ $summary_pattern ]]; then
            project_failed=$((project_failed + BASH_REMATCH[2]))
            project_passed=$((project_passed + BASH_REMATCH[3]))
        fi
    done <"$output"

    # A test host that crashed or aborted leaves no (or a too rosy) summary: count it as a failure.
    if [[ $status -ne 0 && $project_failed -eq 0 ]]; then
        echo "$project: dotnet test exited with status $status; counted as one failure" >&2
        project_failed=1
    fi
    passed=$((passed + project_passed))
    failed=$((failed + project_failed))
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
