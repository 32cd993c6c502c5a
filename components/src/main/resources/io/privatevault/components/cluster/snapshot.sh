#!/usr/bin/env bash
# Runs on every node from vault-snapshot.timer (as the vault user); only the active node acts. It logs in
# with the node's own AWS identity (no stored token), saves a Raft snapshot, uploads it with SSE-KMS, and
# publishes the age of the newest snapshot in the bucket, so a silent failure shows up as a rising age.
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}" "${SNAPSHOT_BUCKET:?}" "${SNAPSHOT_PREFIX:?}"
: "${DATA_KEY_ARN:?}" "${SNAPSHOT_AUTH_ROLE:?}" "${IAM_SERVER_ID_HEADER:?}" "${METRIC_NAMESPACE:?}"
: "${VAULT_CLUSTER_NAME:?}" "${VAULT_SNAPSHOT_DIR:?}"
export VAULT_ADDR VAULT_CACERT
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

code=$(health_code)
if [[ "${code}" != "200" ]]; then
  log "not the active node (sys/health ${code}); nothing to do"
  exit 0
fi

# shellcheck source=snapshot-upload.sh
source "$(dirname "$0")/snapshot-upload.sh"
