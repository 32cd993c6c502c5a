#!/usr/bin/env bash
# vault-init.service runs this (as the vault user) after every Vault start; systemd starts it again after a
# failure and keeps its RuntimeDirectory (tmpfs, 0700) in between, so an interrupted bootstrap resumes. Exactly
# one node ever initialises: the one that creates the init-lock secret (CreateSecret is atomic and fails when the
# name exists). Every other node, and every replacement, joins through retry_join. The steps are bootstrap.sh's.
set -euo pipefail
: "${RUNTIME_DIRECTORY:?}" "${INIT_LOCK_SECRET_NAME:?}" "${DATA_KEY_ARN:?}" "${AWS_REGION:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
export BOOTSTRAP_DIR="${RUNTIME_DIRECTORY}"

# Takes the init lock (named after this instance), or exits 0 when another instance holds it.
claim_initialiser() {
  local instance_id errors holder
  instance_id=$(imds instance-id)
  errors=$(mktemp -p "${BOOTSTRAP_DIR}")
  if aws secretsmanager create-secret --region "${AWS_REGION}" --name "${INIT_LOCK_SECRET_NAME}" \
    --kms-key-id "${DATA_KEY_ARN}" --secret-string "${instance_id}" \
    --description "Vault init lock: the instance that initialised this cluster" >/dev/null 2>"${errors}"; then
    rm -f "${errors}"
    log "init lock taken by ${instance_id}"
    return 0
  fi
  if ! grep -q ResourceExistsException "${errors}"; then
    cat "${errors}" >&2
    rm -f "${errors}"
    return 1
  fi
  rm -f "${errors}"
  holder=$(aws secretsmanager get-secret-value --region "${AWS_REGION}" --secret-id "${INIT_LOCK_SECRET_NAME}" \
    --query SecretString --output text)
  if [[ "${holder}" != "${instance_id}" ]]; then
    log "cluster initialised (or being initialised) by ${holder}; this node joins through retry_join"
    exit 0
  fi
  log "this node holds the init lock from an earlier attempt; initialising"
}

# shellcheck source=bootstrap.sh
source "$(dirname "$0")/bootstrap.sh"
