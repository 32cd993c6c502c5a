#!/usr/bin/env bash
# Runs on every node from vault-cert-check.timer: publishes how many days the certificate Vault serves right now is
# still valid (CertificateDaysToExpiry), read from the TLS handshake, not from a file, so a renewal that never reached
# Vault (or that Vault never reloaded) shows as a falling number. Publishes nothing when Vault does not answer: the
# alarm treats a missing value as a problem.
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_TLS_SERVER_NAME:?}" "${METRIC_NAMESPACE:?}" "${VAULT_CLUSTER_NAME:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

endpoint="${VAULT_ADDR#https://}"
pem=$(openssl s_client -connect "${endpoint}" -servername "${VAULT_TLS_SERVER_NAME}" </dev/null 2>/dev/null \
  | openssl x509 -outform PEM 2>/dev/null) || true
if [[ -z "${pem}" ]]; then
  log "no certificate from ${endpoint}; nothing published" >&2
  exit 1
fi
not_after=$(openssl x509 -noout -enddate <<<"${pem}")
not_after="${not_after#notAfter=}"
days=$((($(date -u -d "${not_after}" +%s) - $(date -u +%s)) / 86400))
log "the certificate Vault serves expires ${not_after} (${days} days)"
aws cloudwatch put-metric-data --region "${AWS_REGION}" --namespace "${METRIC_NAMESPACE}" \
  --metric-name CertificateDaysToExpiry --dimensions "ClusterName=${VAULT_CLUSTER_NAME}" --value "${days}" --unit Count
