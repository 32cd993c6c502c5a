#!/usr/bin/env bash
# Disaster recovery: restores the newest snapshot into a running, bootstrapped Vault cluster (usually a new one in the
# backup region after the primary region is lost) and checks its health. Run from a host that reaches VAULT_ADDR, with
# credentials that may read the snapshot objects and describe the seal key.
#   AWS_REGION       region of the target cluster, its seal key and the snapshot copy (e.g. the backup region)
#   SNAPSHOT_BUCKET  bucket holding the snapshots there (the replica bucket); SNAPSHOT_PREFIX their prefix
#   SEAL_KEY_ARN     the key the target cluster unseals with. A snapshot carries its keyring wrapped by the seal key of
#                    the cluster that took it, so this must be the same key material: a replica (or an adopted
#                    existing replica) of the source cluster's multi-Region seal key.
#   SOURCE_SEAL_KEY_ARN  optional: the source cluster's seal key; checked to be the same multi-Region key
#   SAME_REGION_KEY  set to 1 to accept a single-Region SEAL_KEY_ARN: only right when it is the very key the source
#                    cluster used, i.e. a restore in the source cluster's own region
#   VAULT_ADDR, VAULT_CACERT  the target cluster; VAULT_TOKEN a token of it that may use sys/storage/raft/snapshot-force
#                    (a root token generated with its recovery keys: see docs/runbooks.md, break glass)
# After the restore the snapshot's tokens, policies, logins and recovery keys apply; VAULT_TOKEN no longer exists.
set -euo pipefail
: "${AWS_REGION:?}" "${SNAPSHOT_BUCKET:?}" "${SNAPSHOT_PREFIX:?}" "${SEAL_KEY_ARN:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}"
: "${VAULT_TOKEN:?a token of the target cluster that may force a snapshot restore}"
export VAULT_ADDR VAULT_CACERT
here="$(dirname "$0")"
# shellcheck source=restore-lib.sh
source "${here}/restore-lib.sh"

# 1. The seal key: in this region, enabled, and the source cluster's key material.
if [[ "${SEAL_KEY_ARN}" != arn:aws*:kms:"${AWS_REGION}":*:key/* ]]; then
  log "SEAL_KEY_ARN ${SEAL_KEY_ARN} is not a key ARN in ${AWS_REGION}" >&2
  exit 2
fi
if [[ -n "${SOURCE_SEAL_KEY_ARN:-}" && "${SOURCE_SEAL_KEY_ARN##*/}" != "${SEAL_KEY_ARN##*/}" ]]; then
  log "SEAL_KEY_ARN ${SEAL_KEY_ARN} is not a replica of ${SOURCE_SEAL_KEY_ARN} (multi-Region replicas share the key id)" >&2
  exit 2
fi
read -r state multi_region < <(aws kms describe-key --region "${AWS_REGION}" --key-id "${SEAL_KEY_ARN}" \
  --query 'KeyMetadata.[KeyState, MultiRegion]' --output text)
if [[ "${state}" != "Enabled" ]]; then
  log "seal key ${SEAL_KEY_ARN} is ${state}, not Enabled: the restored cluster could not unseal" >&2
  exit 2
fi
if [[ "${multi_region}" != "True" && "${SAME_REGION_KEY:-0}" != "1" ]]; then
  log "seal key ${SEAL_KEY_ARN} is single-Region: it unseals only snapshots of its own region's cluster" \
    "(set SAME_REGION_KEY=1 when it is that cluster's key)" >&2
  exit 2
fi
log "seal key ${SEAL_KEY_ARN}: ${state}, multi-Region ${multi_region}"

# 2. The target must be initialised, unsealed and active before a restore.
wait_for_health 200 12

# 3. The newest snapshot, read back (inspected) before it is used.
umask 077
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
key=$(latest_snapshot)
index=$(fetch_snapshot "${key}" "${work}/restore.snap")
log "restoring ${key} (Raft index ${index})"

# 4. Restore (-force: the snapshot comes from another cluster, whose keyring the seal key unwraps), then wait for the
# cluster to answer as initialised, unsealed and active again.
vault operator raft snapshot restore -force "${work}/restore.snap"
wait_for_health 200 60
log "restored ${key} (Raft index ${index}); ${VAULT_ADDR} is initialised, unsealed and active"
