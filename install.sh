#!/usr/bin/env bash
# Builds `logchat` and installs it for the current user:
#
#   ./install.sh [PREFIX]        PREFIX: the folder the command goes to (default ~/.local/bin)
#
# The program and the native library it loads (libsodium) go to PREFIX/../lib/logchat; PREFIX/logchat links to it.
# A native (AOT) executable where the toolchain allows: it needs clang, lld and zlib1g-dev, installed with apt when
# run as root and missing. Otherwise a ReadyToRun single-file build, which needs nothing beyond the .NET SDK. The
# last line says which it made. The build happens under .build/install in the repository.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=${1:-$HOME/.local/bin}
prefix=$(mkdir -p "$prefix" && cd "$prefix" && pwd)
libdir=$(dirname "$prefix")/lib/logchat
case $(uname -m) in
    x86_64) rid=linux-x64 ;;
    aarch64 | arm64) rid=linux-arm64 ;;
    *) echo "install.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
command -v dotnet >/dev/null || { echo "install.sh: the .NET 10 SDK is needed (dotnet not found)" >&2; exit 1; }

aot_toolchain() { command -v clang >/dev/null && command -v ld.lld >/dev/null && [[ -f /usr/include/zlib.h ]]; }

if ! aot_toolchain && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing what native AOT needs: clang lld zlib1g-dev" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang lld zlib1g-dev; } >&2 || true
fi

build=$repo/.build/install
out=$build/publish
rm -rf "$out"
publish() { dotnet publish "$repo/src/Client" -c Release -r "$rid" --artifacts-path "$build" -o "$out" -nologo -v quiet "$@"; }

kind=
if aot_toolchain; then
    echo "building a native (AOT) logchat for $rid" >&2
    if publish -p:PublishAot=true >&2; then
        kind="native AOT"
    else
        echo "the native (AOT) build failed; building ReadyToRun instead" >&2
        rm -rf "$out"
    fi
else
    echo "native AOT needs clang, lld and zlib1g-dev (as root: apt-get install clang lld zlib1g-dev); building ReadyToRun instead" >&2
fi
if [[ -z $kind ]]; then
    publish --self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=true >&2
    kind="ReadyToRun single-file"
fi

rm -rf "$libdir"
mkdir -p "$libdir"
install -m 0755 "$out/logchat" "$libdir/logchat"
install -m 0644 "$out"/*.so "$libdir/"
ln -sfn "$libdir/logchat" "$prefix/logchat"
version=$("$prefix/logchat" --version)
case ":$PATH:" in
    *":$prefix:"*) ;;
    *) echo "note: $prefix is not on PATH; add it (e.g. export PATH=\"$prefix:\$PATH\") to run logchat by name" >&2 ;;
esac
echo "installed $version to $prefix/logchat ($kind)"
