#!/usr/bin/env bash
# Runs on every node from vault-snapshot.timer (as the vault user); only the active node acts, with the node's own
# AWS identity (no stored token). The snapshot itself is snapshot-upload.sh's, shared with the Kubernetes CronJob.
set -euo pipefail
: "${VAULT_ADDR:?}" "${VAULT_CACERT:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

code=$(health_code)
if [[ "${code}" != "200" ]]; then
  log "not the active node (sys/health ${code}); nothing to do"
  exit 0
fi

# shellcheck source=snapshot-upload.sh
source "$(dirname "$0")/snapshot-upload.sh"
