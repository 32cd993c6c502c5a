#!/usr/bin/env bash
# The snapshot CronJob (concurrencyPolicy Forbid). VAULT_ADDR is the vault-active service, so the active node
# answers. It logs in with the pod's IRSA identity through Vault's AWS auth (no stored token), saves a Raft
# snapshot to a memory volume, uploads it with SSE-KMS, and publishes the age of the newest snapshot in the
# bucket, so a silent failure shows up as a rising age (the same alarm as on EC2).
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}" "${VAULT_TLS_SERVER_NAME:?}" "${SNAPSHOT_BUCKET:?}"
: "${SNAPSHOT_PREFIX:?}" "${DATA_KEY_ARN:?}" "${SNAPSHOT_AUTH_ROLE:?}" "${IAM_SERVER_ID_HEADER:?}"
: "${METRIC_NAMESPACE:?}" "${VAULT_CLUSTER_NAME:?}"
export VAULT_ADDR VAULT_CACERT VAULT_TLS_SERVER_NAME
dir=/run/snapshot

log() { echo "vault-snapshot: $*"; }

# Called in an `||` list, where errexit does not apply: every step checks its own status.
take_snapshot() {
  local token stamp file
  token=$(vault login -method=aws -path=aws-nodes -token-only -no-store region="${AWS_REGION}" \
    role="${SNAPSHOT_AUTH_ROLE}" header_value="${IAM_SERVER_ID_HEADER}") || return 1
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  file="${dir}/vault-${stamp}.snap"
  if ! VAULT_TOKEN="${token}" vault operator raft snapshot save "${file}"; then
    rm -f "${file}"
    return 1
  fi
  if ! aws s3 cp --only-show-errors --region "${AWS_REGION}" "${file}" \
    "s3://${SNAPSHOT_BUCKET}/${SNAPSHOT_PREFIX}vault-${stamp}.snap" \
    --sse aws:kms --sse-kms-key-id "${DATA_KEY_ARN}"; then
    rm -f "${file}"
    return 1
  fi
  rm -f "${file}"
  VAULT_TOKEN="${token}" vault token revoke -self >/dev/null || true
  log "snapshot vault-${stamp}.snap uploaded"
}

result=0
take_snapshot || result=$?

newest=$(aws s3api list-objects-v2 --region "${AWS_REGION}" --bucket "${SNAPSHOT_BUCKET}" \
  --prefix "${SNAPSHOT_PREFIX}" --query 'sort_by(Contents, &LastModified)[-1].LastModified' --output text)
if [[ -n "${newest}" && "${newest}" != "None" ]]; then
  age=$(($(date -u +%s) - $(date -u -d "${newest}" +%s)))
  aws cloudwatch put-metric-data --region "${AWS_REGION}" --namespace "${METRIC_NAMESPACE}" \
    --metric-name SnapshotAgeSeconds --dimensions "ClusterName=${VAULT_CLUSTER_NAME}" \
    --value "${age}" --unit Seconds
fi
exit "${result}"
