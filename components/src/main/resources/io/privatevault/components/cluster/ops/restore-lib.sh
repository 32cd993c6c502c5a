#!/usr/bin/env bash
# Shared by restore.sh and restore-drill.sh (sourced, never run; self-contained, as both run on an operator's host, not
# on a node): find the newest snapshot under a prefix, download it and check that Vault can read it before anything is
# restored from it. Needs AWS_REGION, SNAPSHOT_BUCKET, SNAPSHOT_PREFIX, and credentials that may read the snapshot
# objects (and decrypt them through S3).

log() {
  echo "$(basename "$0"): $*"
}

# HTTP status of VAULT_ADDR's /v1/sys/health (000 when Vault does not answer): 200 initialised, unsealed and active;
# 501 not initialised.
health_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "${VAULT_CACERT}" "${VAULT_ADDR}/v1/sys/health" || true
}

# The key of the newest snapshot under the prefix. The nodes name them vault-<UTC yyyymmddThhmmssZ>.snap, so the
# greatest name is the newest snapshot taken, whatever order a cross-region copy replicated them in; other objects are
# ignored.
latest_snapshot() {
  local listing key newest=""
  listing=$(aws s3api list-objects-v2 --region "${AWS_REGION}" --bucket "${SNAPSHOT_BUCKET}" --prefix "${SNAPSHOT_PREFIX}" \
    --query 'Contents[].[Key]' --output text) || return 1
  while read -r key; do
    if [[ "${key}" =~ ^${SNAPSHOT_PREFIX}vault-[0-9]{8}T[0-9]{6}Z\.snap$ && "${key}" > "${newest}" ]]; then
      newest="${key}"
    fi
  done <<<"${listing}"
  if [[ -z "${newest}" ]]; then
    log "no snapshot under s3://${SNAPSHOT_BUCKET}/${SNAPSHOT_PREFIX}" >&2
    return 1
  fi
  echo "${newest}"
}

# Downloads s3://SNAPSHOT_BUCKET/$1 to $2 and prints its Raft index; fails when Vault cannot read it as a snapshot
# (`vault operator raft snapshot inspect` reads the file offline), so a damaged snapshot never reaches a restore.
fetch_snapshot() {
  local report key value index=""
  aws s3 cp --only-show-errors --region "${AWS_REGION}" "s3://${SNAPSHOT_BUCKET}/$1" "$2" || return 1
  if ! report=$(vault operator raft snapshot inspect "$2"); then
    log "$1 does not inspect as a Raft snapshot; nothing restored" >&2
    return 1
  fi
  while read -r key value _; do
    if [[ "${key}" == "Index" ]]; then
      index="${value}"
      break
    fi
  done <<<"${report}"
  if [[ ! "${index}" =~ ^[0-9]+$ ]]; then
    log "$1 inspects without a Raft index; nothing restored" >&2
    return 1
  fi
  echo "${index}"
}

# Waits until VAULT_ADDR answers /v1/sys/health with $1, at most $2 tries 5 s apart.
wait_for_health() {
  local want="$1" tries="$2" code="" i
  for ((i = 0; i < tries; i++)); do
    code=$(health_code)
    if [[ "${code}" == "${want}" ]]; then
      return 0
    fi
    sleep 5
  done
  log "${VAULT_ADDR} answers ${code:-nothing} to /v1/sys/health, not ${want}" >&2
  return 1
}
