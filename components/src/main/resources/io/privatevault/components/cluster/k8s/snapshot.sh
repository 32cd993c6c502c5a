#!/usr/bin/env bash
# The snapshot CronJob (concurrencyPolicy Forbid). VAULT_ADDR is the vault-active service, so the active node
# answers; the login is the pod's IRSA identity through Vault's AWS auth (no stored token); VAULT_SNAPSHOT_DIR is a
# memory volume. The snapshot itself is snapshot-upload.sh's, shared with the EC2 nodes (the same age alarm).
set -euo pipefail
: "${VAULT_TLS_SERVER_NAME:?}"
export VAULT_TLS_SERVER_NAME

log() { echo "vault-snapshot: $*"; }

# shellcheck source=snapshot-upload.sh
source "$(dirname "$0")/snapshot-upload.sh"
