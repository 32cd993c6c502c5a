#!/usr/bin/env bash
# The restore drill: restores the newest snapshot into a throwaway single-node Vault on this host (loopback only, its
# files on tmpfs where there is one, all removed at the end) and compares a marker secret with the live cluster's.
# Proves that the snapshots can be read, restored and unsealed, and hold what the cluster holds.
# Run it on a dedicated host, never on a Vault node, with the vault binary, curl, jq and openssl, and credentials that
# may read the snapshots and use the seal key (the restore role). The restored Vault carries the live configuration:
#  - its expiration manager revokes leases it thinks expired, which the live cluster may have renewed since the
#    snapshot (hashicorp/vault#22275): the throwaway Vault's HTTP(S) traffic goes through a proxy that does not exist,
#    except to KMS and STS, and the host must not reach the databases or directories any secrets engine manages;
#  - it enables the live audit devices: AUDIT_LOG_PATH (the cluster's auditLogPath output) gets its folder created.
#   AWS_REGION, SNAPSHOT_BUCKET, SNAPSHOT_PREFIX  where the snapshots are
#   SEAL_KEY_ARN      the live cluster's seal key (a snapshot restores only where its seal key works)
#   VAULT_ADDR, VAULT_CACERT  the live cluster, to read the expected marker
#   LOGIN_MOUNT, LOGIN_ROLE, IAM_SERVER_ID_HEADER  an AWS IAM login that may read the marker; it works on both Vaults
#                     (the restored one has the live cluster's auth configuration)
#   MARKER_PATH, MARKER_FIELD  a KV v2 secret written once for the drill (e.g. secret/restore-drill, field marker)
#   AUDIT_LOG_PATH    optional, see above; DRILL_PORT  loopback port of the throwaway Vault (default 18200)
set -euo pipefail
: "${AWS_REGION:?}" "${SNAPSHOT_BUCKET:?}" "${SNAPSHOT_PREFIX:?}" "${SEAL_KEY_ARN:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}"
: "${LOGIN_MOUNT:?}" "${LOGIN_ROLE:?}" "${IAM_SERVER_ID_HEADER:?}" "${MARKER_PATH:?}" "${MARKER_FIELD:?}"
port="${DRILL_PORT:-18200}"
here="$(dirname "$0")"
# shellcheck source=restore-lib.sh
source "${here}/restore-lib.sh"

login() {
  vault login -method=aws -path="${LOGIN_MOUNT}" -token-only -no-store region="${AWS_REGION}" role="${LOGIN_ROLE}" \
    header_value="${IAM_SERVER_ID_HEADER}"
}

marker() {
  local token
  token=$(login) || return 1
  VAULT_TOKEN="${token}" vault kv get -field="${MARKER_FIELD}" "${MARKER_PATH}"
}

# 1. What the live cluster holds.
expected=$(marker)
live_addr="${VAULT_ADDR}"

# 2. The newest snapshot, read back first. Everything below lives in one private folder, removed on exit.
umask 077
base="${TMPDIR:-/dev/shm}"
[[ -d "${base}" && -w "${base}" ]] || base=/tmp
work=$(mktemp -d "${base}/vault-drill.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n "${server_pid}" ]]; then
    kill "${server_pid}" 2>/dev/null || true
    wait "${server_pid}" 2>/dev/null || true
  fi
  rm -rf "${work}"
}
trap cleanup EXIT
key=$(latest_snapshot)
index=$(fetch_snapshot "${key}" "${work}/drill.snap")
log "drill with ${key} (Raft index ${index})"

# 3. A throwaway single-node Vault: loopback only, a certificate of its own, the same seal key.
mkdir -p "${work}/data" "${work}/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=vault-drill" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "${work}/tls/key.pem" -out "${work}/tls/cert.pem" 2>/dev/null
cat >"${work}/vault.hcl" <<HCL
storage "raft" {
  path    = "${work}/data"
  node_id = "restore-drill"
}
listener "tcp" {
  address         = "127.0.0.1:${port}"
  cluster_address = "127.0.0.1:$((port + 1))"
  tls_cert_file   = "${work}/tls/cert.pem"
  tls_key_file    = "${work}/tls/key.pem"
  tls_min_version = "tls12"
}
seal "awskms" {
  region     = "${AWS_REGION}"
  kms_key_id = "${SEAL_KEY_ARN}"
}
api_addr      = "https://127.0.0.1:${port}"
cluster_addr  = "https://127.0.0.1:$((port + 1))"
disable_mlock = true
HCL
if [[ -n "${AUDIT_LOG_PATH:-}" ]]; then
  mkdir -p "$(dirname "${AUDIT_LOG_PATH}")"
fi
HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY="kms.${AWS_REGION}.amazonaws.com,sts.${AWS_REGION}.amazonaws.com" \
  vault server -config="${work}/vault.hcl" >"${work}/server.log" 2>&1 &
server_pid=$!
export VAULT_ADDR="https://127.0.0.1:${port}" VAULT_CACERT="${work}/tls/cert.pem"
wait_for_health 501 24

# 4. Initialise it (auto-unseal with the seal key), restore the snapshot into it, wait until it leads again.
vault operator init -recovery-shares=1 -recovery-threshold=1 -format=json >"${work}/init.json"
root=$(jq -r .root_token "${work}/init.json")
wait_for_health 200 24
VAULT_TOKEN="${root}" vault operator raft snapshot restore -force "${work}/drill.snap"
wait_for_health 200 60

# 5. The marker, as the restored Vault holds it (the live cluster's login works there: its configuration came along).
actual=$(marker)
if [[ "${actual}" != "${expected}" ]]; then
  log "FAILED: ${MARKER_PATH} holds a different ${MARKER_FIELD} in ${key} than in ${live_addr}" >&2
  exit 1
fi
log "PASSED: ${key} (Raft index ${index}) restored into a throwaway Vault; ${MARKER_PATH} matches ${live_addr}"
