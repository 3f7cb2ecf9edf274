#!/usr/bin/env bash
# One-time preparation of a kind cluster for k8s/overlays/dev (docs/kubernetes.md):
#   1. the kind cluster "payflow" (k8s/kind/cluster.yaml: localhost:8080 -> nginx),
#   2. what the manifests need from the cluster, pinned: Strimzi (Kafka), KEDA (ScaledObject) and
#      metrics-server (the gateway HPA scales on CPU; without the metrics API it never scales),
#   3. the three Secrets the manifests reference, with random values generated here - they never
#      touch the repository. The demo API keys are printed once and saved (mode 600) to
#      ${PAYFLOW_KIND_KEYS:-$HOME/.payflow-kind-api-keys.env}.
# Idempotent: an existing cluster, release or Secret is kept (passwords must not change once
# MySQL initialised its volumes). Needs: kind, kubectl, helm, openssl.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# STRIMZI_VERSION (and the Kafka version it must support) comes from the one version file.
# shellcheck source=../versions.env
source "$here/../versions.env"
KEDA_VERSION=2.17.2
# metrics-server chart 3.12.2 = metrics-server v0.7.2.
METRICS_SERVER_CHART_VERSION=3.12.2
CLUSTER=payflow
NS=payflow
keys_file=${PAYFLOW_KIND_KEYS:-$HOME/.payflow-kind-api-keys.env}

for tool in kind kubectl helm openssl; do
  command -v "$tool" >/dev/null || { echo "setup.sh: $tool is required" >&2; exit 1; }
done

if ! kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  kind create cluster --config "$here/cluster.yaml"
fi
kubectl config use-context "kind-$CLUSTER" >/dev/null
kubectl create namespace "$NS" --dry-run=client -o yaml | kubectl apply -f - >/dev/null

# Helm installs a chart's CRDs on the first install only. A cluster set up earlier with another
# STRIMZI_VERSION gets the CRDs of this one first (Strimzi's upgrade procedure; server-side, the
# CRDs are too large for a client-side apply's annotation).
if helm status strimzi --namespace strimzi >/dev/null 2>&1; then
  kubectl apply --server-side --force-conflicts -f \
    "https://github.com/strimzi/strimzi-kafka-operator/releases/download/$STRIMZI_VERSION/strimzi-crds-$STRIMZI_VERSION.yaml"
fi
helm upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator \
  --version "$STRIMZI_VERSION" --namespace strimzi --create-namespace \
  --set "watchNamespaces={$NS}" --wait
helm repo add kedacore https://kedacore.github.io/charts >/dev/null 2>&1 || true
helm repo update kedacore >/dev/null
helm upgrade --install keda kedacore/keda --version "$KEDA_VERSION" \
  --namespace keda --create-namespace --wait
# kind's kubelets serve self-signed certificates: metrics-server must not verify them there
# (a real cluster keeps verification on).
helm repo add metrics-server https://kubernetes-sigs.github.io/metrics-server/ >/dev/null 2>&1 || true
helm repo update metrics-server >/dev/null
helm upgrade --install metrics-server metrics-server/metrics-server \
  --version "$METRICS_SERVER_CHART_VERSION" --namespace kube-system \
  --set "args={--kubelet-insecure-tls}" --wait

secret_exists() { kubectl -n "$NS" get secret "$1" >/dev/null 2>&1; }
rand() { openssl rand -hex 24; }

if ! secret_exists payflow-db-credentials; then
  kubectl -n "$NS" create secret generic payflow-db-credentials \
    --from-literal=MYSQL_ROOT_PASSWORD="$(rand)" \
    --from-literal=PAYFLOW_DB_MIGRATOR_PASSWORD="$(rand)" \
    --from-literal=PAYFLOW_DB_SETTLEMENT_PASSWORD="$(rand)" \
    --from-literal=PAYFLOW_DB_TXN_PASSWORD="$(rand)" \
    --from-literal=PAYFLOW_DB_LEDGER_PASSWORD="$(rand)"
fi
if ! secret_exists payflow-api-keys; then
  operator=$(rand); alice=$(rand); bob=$(rand)
  sha() { printf %s "$1" | openssl dgst -sha256 -r | cut -d' ' -f1; }
  kubectl -n "$NS" create secret generic payflow-api-keys \
    --from-literal=PAYFLOW_OPERATOR_KEY_SHA256="$(sha "$operator")" \
    --from-literal=PAYFLOW_CLIENTS="alice:$(sha "$alice"),bob:$(sha "$bob")" \
    --from-literal=PAYFLOW_CURSOR_KEY="$(openssl rand -hex 32)" \
    --from-literal=DASHBOARD_SESSION_SECRET="$(openssl rand -hex 32)"
  umask 077
  printf 'PAYFLOW_OPERATOR_API_KEY=%s\nDEMO_ALICE_API_KEY=%s\nDEMO_BOB_API_KEY=%s\n' \
    "$operator" "$alice" "$bob" >"$keys_file"
  echo "API keys (only their hashes are in the cluster) saved to $keys_file"
fi
if ! secret_exists payflow-ledger-signing; then
  kubectl -n "$NS" create secret generic payflow-ledger-signing \
    --from-literal=LEDGER_SIGNING_PRIVATE_KEY="$(openssl rand -base64 32)"
fi
echo "kind cluster '$CLUSTER' ready for: kubectl apply -k k8s/overlays/dev"
