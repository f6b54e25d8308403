#!/usr/bin/env bash
# Installs the project's dependencies with `npm ci` under Node >= 22.
#
# Why: Hardhat 3 runs on EDR, whose native package (@nomicfoundation/edr-<platform>) declares
# engines "node >= 22". npm running under an older Node silently skips that optional dependency and
# Hardhat then fails with HHE27. So when the `node` on PATH is older, we first install the Node that
# package-lock.json pins (the npm package `node`) into a cache outside the repo and run npm under it.
#
# Fast and silent-ish when nothing changed: a stamp in node_modules records the sha256 of
# package-lock.json that was installed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
min_major=22
stamp=node_modules/.tessera-bootstrap

say() { printf 'bootstrap: %s\n' "$*"; }
die() {
  printf 'bootstrap: error: %s\n' "$*" >&2
  exit 1
}

[[ -f package-lock.json ]] || die "package-lock.json is missing in $root"
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)

# The EDR native package for this machine, e.g. edr-linux-x64-gnu (glob: gnu/musl/msvc suffix).
edr_native_installed() {
  local os arch d
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$os" in mingw* | msys* | cygwin*) os=win32 ;; esac
  arch=$(uname -m)
  case "$arch" in x86_64 | amd64) arch=x64 ;; aarch64) arch=arm64 ;; esac
  for d in node_modules/@nomicfoundation/edr-"$os"-"$arch"*; do
    [[ -f "$d/package.json" ]] && return 0
  done
  return 1
}

if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_hash" && -x node_modules/.bin/node ]] &&
  edr_native_installed; then
  say "dependencies up to date ($(node_modules/.bin/node -v), lock ${lock_hash:0:12})"
  exit 0
fi

# PATH without this repo's node_modules/.bin: npm scripts put it first, and `npm ci` is about to
# delete the Node binary in it, which lifecycle scripts during the install would otherwise find.
clean_path=$(printf '%s' "$PATH" | tr ':' '\n' | { grep -vxF "$root/node_modules/.bin" || true; } | paste -sd: -)

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

system_node=$(PATH=$clean_path command -v node || true)
[[ -n "$system_node" ]] || die "no node on PATH: install Node (any version >= 18) to bootstrap"

if (($(node_major "$system_node") >= min_major)); then
  node_dir=$(dirname "$system_node")
  say "using $("$system_node" -v) from $node_dir"
else
  # The Node version that the project pins (devDependency `node`), as resolved in the lock.
  version=$("$system_node" -p '
    const lock = require("./package-lock.json");
    const pinned = lock.packages?.["node_modules/node"]?.version;
    pinned ?? require("./package.json").devDependencies.node.replace(/^[^0-9]*/, "")')
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read the pinned node version (got '$version')"
  cache_root=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/tessera
  cache_dir=$cache_root/node-$version
  node_dir=$cache_dir/node_modules/.bin
  if [[ "$(node_major "$node_dir/node")" -ge $min_major ]]; then
    say "system node is $("$system_node" -v); using cached Node v$version from $cache_dir"
  else
    say "system node is $("$system_node" -v); installing Node v$version into $cache_dir"
    mkdir -p "$cache_root"
    # Install beside the final place, then rename: a concurrent or interrupted run never leaves a
    # half-installed cache that the check above would take for a good one.
    tmp=$(mktemp -d "$cache_root/.node-$version.XXXXXX")
    chmod 755 "$tmp"
    trap 'rm -rf "$tmp"' EXIT
    PATH=$clean_path npm install --prefix "$tmp" --no-save --no-audit --no-fund \
      --loglevel=error "node@$version" >/dev/null ||
      die "npm install node@$version failed (is the npm registry reachable?)"
    rm -rf "$cache_dir"
    mv -T "$tmp" "$cache_dir" 2>/dev/null || [[ -x "$node_dir/node" ]] ||
      die "could not move Node into $cache_dir"
    trap - EXIT
    rm -rf "$tmp"
    (($(node_major "$node_dir/node") >= min_major)) ||
      die "the cached Node at $node_dir/node does not run or is older than v$min_major"
  fi
fi

say "npm ci with node $("$node_dir/node" -v)"
rm -f "$stamp"
PATH=$node_dir:$clean_path npm ci --no-audit --no-fund --loglevel=error ||
  die "npm ci failed"

installed_node=node_modules/.bin/node
[[ -x "$installed_node" ]] || die "$installed_node is missing after npm ci (devDependency 'node')"
major=$(node_major "$installed_node")
((major >= min_major)) ||
  die "$installed_node is $("$installed_node" -v 2>/dev/null || echo 'not runnable'), need >= v$min_major"
"$installed_node" -e 'require(require.resolve("@nomicfoundation/edr"))' 2>/dev/null ||
  die "@nomicfoundation/edr does not load: its native package was not installed (HHE27); rm -rf node_modules and rerun"
edr_native_installed || die "EDR's native package for $(uname -sm) is missing from node_modules/@nomicfoundation"

printf '%s\n' "$lock_hash" >"$stamp"
say "ok: node $("$installed_node" -v), EDR loads"
