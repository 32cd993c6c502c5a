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

# The Job's completion records it; nothing else does.
record_bootstrapped() { :; }

# A re-created Job (or a pod whose memory volume is gone) finds Vault initialised without the bootstrap's last login:
# the root token of the interrupted run is lost with its volume, and only an operator can finish (runbook).
bootstrap_incomplete() {
  log "Vault is initialised but its bootstrap did not finish, and the init output (with the root token) is gone:" \
    "finish the remaining steps by hand (runbook, 'If the bootstrap after vault operator init fails')" >&2
  exit 3
}

# shellcheck source=bootstrap.sh
source "$(dirname "$0")/bootstrap.sh"
