#!/usr/bin/env bash
# Shared by the EC2 timer (snapshot.sh) and the Kubernetes CronJob (k8s/snapshot.sh), which source it and define
# `log`: log in with the caller's AWS identity (no stored token), save a Raft snapshot into VAULT_SNAPSHOT_DIR,
# upload it with SSE-KMS, revoke the token, then publish the age of the newest snapshot in the bucket, so a silent
# failure shows up as a rising age. Exits with the snapshot's status. The values come from the node spec.
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}" "${VAULT_SNAPSHOT_DIR:?}" "${SNAPSHOT_BUCKET:?}"
: "${SNAPSHOT_PREFIX:?}" "${DATA_KEY_ARN:?}" "${SNAPSHOT_AUTH_MOUNT:?}" "${SNAPSHOT_AUTH_ROLE:?}"
: "${IAM_SERVER_ID_HEADER:?}" "${METRIC_NAMESPACE:?}" "${VAULT_CLUSTER_NAME:?}"
export VAULT_ADDR VAULT_CACERT

# Called in an `||` list, where errexit does not apply: every step checks its own status.
take_snapshot() {
  local token stamp file
  token=$(vault login -method=aws -path="${SNAPSHOT_AUTH_MOUNT}" -token-only -no-store region="${AWS_REGION}" \
    role="${SNAPSHOT_AUTH_ROLE}" header_value="${IAM_SERVER_ID_HEADER}") || return 1
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  file="${VAULT_SNAPSHOT_DIR}/vault-${stamp}.snap"
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
  log "snapshot vault-${stamp}.snap uploaded"
  # The snapshot policy allows auth/token/revoke-self (token_no_default_policy removes the default policy's grant).
  # A failure is reported, not hidden: the token then lives out its short TTL.
  if ! VAULT_TOKEN="${token}" vault token revoke -self >/dev/null; then
    log "could not revoke the snapshot token; it expires with its TTL" >&2
  fi
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
