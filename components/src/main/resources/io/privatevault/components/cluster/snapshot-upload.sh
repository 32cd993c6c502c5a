#!/usr/bin/env bash
# Shared by the EC2 timer (snapshot.sh) and the Kubernetes CronJob (k8s/snapshot.sh), which source it and define
# `log`: log in with the caller's AWS identity (no stored token), save a Raft snapshot into VAULT_SNAPSHOT_DIR, check a
# copy of it with `vault operator raft snapshot inspect` (SnapshotVerified 1 and its SnapshotIndex, or 0: a snapshot
# that does not inspect is never uploaded, so it never becomes the newest), upload it with SSE-KMS and a SHA-256
# checksum S3 verifies, revoke the token, then publish the age of the newest snapshot in the bucket, so a silent
# failure shows up as a rising age. Exits with the snapshot's status. The values come from the node spec.
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}" "${VAULT_SNAPSHOT_DIR:?}" "${SNAPSHOT_BUCKET:?}"
: "${SNAPSHOT_PREFIX:?}" "${DATA_KEY_ARN:?}" "${SNAPSHOT_AUTH_MOUNT:?}" "${SNAPSHOT_AUTH_ROLE:?}"
: "${IAM_SERVER_ID_HEADER:?}" "${METRIC_NAMESPACE:?}" "${VAULT_CLUSTER_NAME:?}"
export VAULT_ADDR VAULT_CACERT

metric() {
  aws cloudwatch put-metric-data --region "${AWS_REGION}" --namespace "${METRIC_NAMESPACE}" \
    --metric-name "$1" --dimensions "ClusterName=${VAULT_CLUSTER_NAME}" --value "$2" --unit "$3"
}

# Inspects a copy (the upload reads the original) and prints the snapshot's Raft index; fails when Vault cannot read
# it as a snapshot.
verify_snapshot() {
  local copy report key value index=""
  copy="$1.verify"
  cp "$1" "${copy}" || return 1
  if ! report=$(vault operator raft snapshot inspect "${copy}"); then
    rm -f "${copy}"
    return 1
  fi
  rm -f "${copy}"
  # The report is a table of "Name Value" rows (ID, Size, Index, Term, Version, ...); plain bash, as the CronJob's image
  # has no awk.
  while read -r key value _; do
    if [[ "${key}" == "Index" ]]; then
      index="${value}"
      break
    fi
  done <<<"${report}"
  [[ "${index}" =~ ^[0-9]+$ ]] || return 1
  echo "${index}"
}

# Saves, verifies and uploads with the token in $1. Called in an `||` list, where errexit does not apply: every step
# checks its own status.
save_verify_upload() {
  local stamp file index
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  file="${VAULT_SNAPSHOT_DIR}/vault-${stamp}.snap"
  if ! VAULT_TOKEN="$1" vault operator raft snapshot save "${file}"; then
    rm -f "${file}"
    return 1
  fi
  if ! index=$(verify_snapshot "${file}"); then
    rm -f "${file}"
    log "snapshot vault-${stamp}.snap does not inspect as a Raft snapshot; not uploaded" >&2
    metric SnapshotVerified 0 Count
    return 1
  fi
  if ! aws s3 cp --only-show-errors --region "${AWS_REGION}" "${file}" \
    "s3://${SNAPSHOT_BUCKET}/${SNAPSHOT_PREFIX}vault-${stamp}.snap" \
    --sse aws:kms --sse-kms-key-id "${DATA_KEY_ARN}" --checksum-algorithm SHA256; then
    rm -f "${file}"
    return 1
  fi
  rm -f "${file}"
  log "snapshot vault-${stamp}.snap (Raft index ${index}) verified and uploaded"
  metric SnapshotVerified 1 Count
  metric SnapshotIndex "${index}" None
}

take_snapshot() {
  local token status=0
  token=$(vault login -method=aws -path="${SNAPSHOT_AUTH_MOUNT}" -token-only -no-store region="${AWS_REGION}" \
    role="${SNAPSHOT_AUTH_ROLE}" header_value="${IAM_SERVER_ID_HEADER}") || return 1
  save_verify_upload "${token}" || status=$?
  # The snapshot policy allows auth/token/revoke-self (token_no_default_policy removes the default policy's grant).
  # A failure is reported, not hidden: the token then lives out its short TTL.
  if ! VAULT_TOKEN="${token}" vault token revoke -self >/dev/null; then
    log "could not revoke the snapshot token; it expires with its TTL" >&2
  fi
  return "${status}"
}

result=0
take_snapshot || result=$?

newest=$(aws s3api list-objects-v2 --region "${AWS_REGION}" --bucket "${SNAPSHOT_BUCKET}" \
  --prefix "${SNAPSHOT_PREFIX}" --query 'sort_by(Contents, &LastModified)[-1].LastModified' --output text)
if [[ -n "${newest}" && "${newest}" != "None" ]]; then
  age=$(($(date -u +%s) - $(date -u -d "${newest}" +%s)))
  metric SnapshotAgeSeconds "${age}" Seconds
fi
exit "${result}"
