#!/usr/bin/env bash
# Prints the path of a kubectl that can render k8s/overlays (`kubectl kustomize`, offline): at
# least KUBECTL_MIN_VERSION of k8s/versions.env. Debian 12's own kubernetes-client (1.20) cannot
# (no kustomize components), nor can kubectl 1.27-1.30 (the overlays' multi-document patch files).
#
#   1. $KUBECTL when set: printed if new enough, else an error (an explicit choice is not replaced);
#   2. else the kubectl on PATH, if new enough;
#   3. else the pinned KUBECTL_VERSION: downloaded once from dl.k8s.io into
#      ${PAYFLOW_TOOLS_DIR:-$PAYFLOW_RUN_DIR/tools} (default .run/tools, git-ignored), checked
#      against the SHA-256 Kubernetes publishes beside it and against its own version output.
# Never falls back to an older kubectl: exit 1 with the reason on stderr. Needs curl, sha256sum.
#
#   KUBECTL=$(k8s/tools/kubectl.sh) mvn -B -pl k8s verify      (./platform test does this)
#
# PAYFLOW_KUBECTL_BASE_URL replaces https://dl.k8s.io/release (a mirror; the tests use file://).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../versions.env
source "$here/../versions.env"
tools_dir=${PAYFLOW_TOOLS_DIR:-${PAYFLOW_RUN_DIR:-$repo/.run}/tools}
base_url=${PAYFLOW_KUBECTL_BASE_URL:-https://dl.k8s.io/release}

say() { printf 'k8s/tools/kubectl.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# git_version KUBECTL - its client gitVersion (v1.32.4, v1.32.4-dispatcher, ...); empty if unknown.
git_version() {
  local out
  out=$("$1" version --client -o json 2>/dev/null) || true
  sed -n '/"gitVersion"/{s/.*"gitVersion": *"\(v[0-9][^"]*\)".*/\1/p;q;}' <<<"$out"
}

# new_enough VERSION - true when vMAJOR.MINOR... is at least KUBECTL_MIN_VERSION.
new_enough() {
  local major minor min_major=${KUBECTL_MIN_VERSION%%.*} min_minor=${KUBECTL_MIN_VERSION#*.}
  [[ $1 =~ ^v([0-9]+)\.([0-9]+) ]] || return 1
  major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
  ((major > min_major || (major == min_major && minor >= min_minor)))
}

if [[ -n ${KUBECTL:-} ]]; then
  version=$(git_version "$KUBECTL")
  new_enough "$version" \
    || die "KUBECTL=$KUBECTL is ${version:-not a working kubectl}; rendering k8s/overlays needs kubectl >= $KUBECTL_MIN_VERSION (unset KUBECTL to use the pinned $KUBECTL_VERSION)"
  printf '%s\n' "$KUBECTL"
  exit 0
fi

if found=$(command -v kubectl 2>/dev/null); then
  version=$(git_version "$found")
  if new_enough "$version"; then
    printf '%s\n' "$found"
    exit 0
  fi
  say "$found is ${version:-not a working kubectl}, older than $KUBECTL_MIN_VERSION: using the pinned $KUBECTL_VERSION"
fi

pinned=$tools_dir/kubectl-$KUBECTL_VERSION
if [[ -x $pinned && $(git_version "$pinned") == "$KUBECTL_VERSION" ]]; then
  printf '%s\n' "$pinned"
  exit 0
fi

case $(uname -m) in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "no kubectl >= $KUBECTL_MIN_VERSION on PATH and no release build for $(uname -m): install one and set KUBECTL" ;;
esac
command -v curl >/dev/null || die "curl is needed to download kubectl $KUBECTL_VERSION"
command -v sha256sum >/dev/null || die "sha256sum is needed to verify kubectl $KUBECTL_VERSION"

url=$base_url/$KUBECTL_VERSION/bin/linux/$arch/kubectl
mkdir -p "$tools_dir"
tmp=$(mktemp "$tools_dir/.kubectl-download.XXXXXX")
trap 'rm -f "$tmp" "$tmp.sha256"' EXIT
say "downloading $url"
curl -fsSL --retry 3 -o "$tmp" "$url" || die "cannot download $url"
curl -fsSL --retry 3 -o "$tmp.sha256" "$url.sha256" || die "cannot download $url.sha256"
expected=$(tr -d '[:space:]' <"$tmp.sha256")
[[ $expected =~ ^[0-9a-f]{64}$ ]] || die "$url.sha256 holds no SHA-256"
actual=$(sha256sum "$tmp" | cut -d' ' -f1)
[[ $actual == "$expected" ]] \
  || die "checksum mismatch for $url: published $expected, downloaded $actual (nothing installed)"
chmod 755 "$tmp"
version=$(git_version "$tmp")
[[ $version == "$KUBECTL_VERSION" ]] \
  || die "the kubectl from $url reports ${version:-no version}, not $KUBECTL_VERSION (nothing installed)"
mv -f "$tmp" "$pinned"
say "kubectl $KUBECTL_VERSION verified (sha256 $actual): $pinned"
printf '%s\n' "$pinned"
