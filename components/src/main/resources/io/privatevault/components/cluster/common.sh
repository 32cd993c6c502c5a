#!/usr/bin/env bash
# Shared helpers for the node scripts (sourced, never run). Values come from /etc/vault.d/cluster.env.

# IMDSv2 only: a session token first (hop limit 1 keeps containers from reaching it).
imds() {
  local token
  token=$(curl -sSf --retry 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \
    http://169.254.169.254/latest/api/token)
  curl -sSf --retry 5 -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

# HTTP status of this node's /v1/sys/health (000 when Vault does not answer). 200 = active.
health_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "${VAULT_CACERT}" \
    "${VAULT_ADDR}/v1/sys/health" || true
}

log() {
  echo "$(basename "$0"): $*"
}
