#!/usr/bin/env bash
# The init Job's script (parallelism 1, completions 1, restartPolicy OnFailure). The Job is the only initialiser on
# Kubernetes, so it takes no lock (and Vault refuses a second init anyway). VAULT_ADDR is vault-0; the AWS identity
# is the service account's IRSA role; BOOTSTRAP_DIR is a memory volume that outlives a failed container in the same
# pod, so a restarted container resumes. The steps are bootstrap.sh's, shared with the EC2 nodes.
set -euo pipefail
: "${VAULT_TLS_SERVER_NAME:?}"
export VAULT_TLS_SERVER_NAME

log() { echo "vault-init: $*"; }

claim_initialiser() { log "initialising ${VAULT_ADDR}"; }

# shellcheck source=bootstrap.sh
source "$(dirname "$0")/bootstrap.sh"
