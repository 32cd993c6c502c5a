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
export VAULT_SNAPSHOT_DIR=/run/snapshot  # read by snapshot-upload.sh

log() { echo "vault-snapshot: $*"; }

# shellcheck source=snapshot-upload.sh
source "$(dirname "$0")/snapshot-upload.sh"
