#!/usr/bin/env bash
# vault-init.service runs this (as the vault user) after every Vault start; systemd starts it again after a
# failure and keeps its RuntimeDirectory (tmpfs, 0700) in between, so an interrupted bootstrap resumes. Exactly
# one node initialises: the one that holds the init-lock secret. CreateSecret is atomic and fails when the name
# exists; a lock whose holder is gone (its instance is no longer pending or running) or that made no progress for
# INIT_LOCK_TIMEOUT_SECONDS is taken over with a PutSecretValue whose request token derives from the lock's current
# version, so of two nodes taking it over at once only one succeeds. The lock's value says "<instance> initialising"
# until the bootstrap is done, then "<instance> bootstrapped", and is never taken over after that: a node that finds
# an uninitialised Vault under a bootstrapped lock belongs to a cluster that lost its Raft data, which is restored
# from a snapshot, never initialised anew (that would replace the recovery keys). The steps are bootstrap.sh's.
set -euo pipefail
: "${RUNTIME_DIRECTORY:?}" "${INIT_LOCK_SECRET_NAME:?}" "${INIT_LOCK_TIMEOUT_SECONDS:?}" "${DATA_KEY_ARN:?}" "${AWS_REGION:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
export BOOTSTRAP_DIR="${RUNTIME_DIRECTORY}"

instance_id=$(imds instance-id)

# lock_version, lock_created, lock_holder, lock_state (empty for a lock written before the state was recorded).
read_lock() {
  local out
  out=$(aws secretsmanager get-secret-value --region "${AWS_REGION}" --secret-id "${INIT_LOCK_SECRET_NAME}" \
    --query '[VersionId,CreatedDate,SecretString]' --output text)
  read -r lock_version lock_created lock_holder lock_state <<<"${out}"
  lock_state="${lock_state:-}"
}

write_lock() {
  aws secretsmanager put-secret-value --region "${AWS_REGION}" --secret-id "${INIT_LOCK_SECRET_NAME}" \
    --secret-string "${instance_id} $1" "${@:2}" >/dev/null
}

# True when the instance is no longer pending or running (terminated, stopping, or unknown to EC2 by now).
holder_gone() {
  local errors state
  errors=$(mktemp -p "${BOOTSTRAP_DIR}")
  if state=$(aws ec2 describe-instances --region "${AWS_REGION}" --instance-ids "$1" \
    --query 'Reservations[0].Instances[0].State.Name' --output text 2>"${errors}"); then
    rm -f "${errors}"
    [[ "${state}" != pending && "${state}" != running ]]
    return
  fi
  if grep -q InvalidInstanceID.NotFound "${errors}"; then
    rm -f "${errors}"
    return 0
  fi
  cat "${errors}" >&2
  rm -f "${errors}"
  return 1
}

# Replaces the holder, or exits 0 when another node was faster.
take_over() {
  local token errors
  token=$(printf 'init-lock takeover of %s' "${lock_version}" | sha256sum | cut -c1-32 |
    sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12})$/\1-\2-\3-\4-\5/')
  errors=$(mktemp -p "${BOOTSTRAP_DIR}")
  if write_lock initialising --client-request-token "${token}" 2>"${errors}"; then
    rm -f "${errors}"
    log "init lock taken over from ${lock_holder} ($1)"
    return 0
  fi
  if grep -q ResourceExistsException "${errors}"; then
    rm -f "${errors}"
    read_lock
    log "init lock taken over by ${lock_holder} first; this node joins through retry_join"
    exit 0
  fi
  cat "${errors}" >&2
  rm -f "${errors}"
  return 1
}

# Takes the init lock, or exits 0 when another instance holds it.
claim_initialiser() {
  local errors age
  errors=$(mktemp -p "${BOOTSTRAP_DIR}")
  if aws secretsmanager create-secret --region "${AWS_REGION}" --name "${INIT_LOCK_SECRET_NAME}" \
    --kms-key-id "${DATA_KEY_ARN}" --secret-string "${instance_id} initialising" \
    --description "Vault init lock: the instance that initialises this cluster, and whether it is done" >/dev/null 2>"${errors}"; then
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
  read_lock
  if [[ "${lock_holder}" == "${instance_id}" ]]; then
    log "this node holds the init lock from an earlier attempt; initialising"
    return 0
  fi
  if [[ "${lock_state}" == bootstrapped ]]; then
    log "this cluster was bootstrapped by ${lock_holder}, yet this node's Vault is uninitialised: it joins through retry_join;" \
      "if no node holds the Raft data any more, restore the latest snapshot (runbook), never initialise anew" >&2
    exit 0
  fi
  if [[ "${lock_state}" == initialising ]]; then
    if holder_gone "${lock_holder}"; then
      take_over "its instance is gone"
      return 0
    fi
    age=$(($(date -u +%s) - $(date -u -d "${lock_created}" +%s)))
    if ((age > INIT_LOCK_TIMEOUT_SECONDS)); then
      take_over "no initialisation for ${age} s"
      return 0
    fi
  fi
  log "cluster being initialised by ${lock_holder}; this node joins through retry_join"
  exit 0
}

# The bootstrap is done: the lock says so, and is never taken over again.
record_bootstrapped() {
  write_lock bootstrapped
}

# Vault is initialised, its bootstrap is not complete, and this run has no init output to resume from.
bootstrap_incomplete() {
  read_lock
  if [[ "${lock_holder}" != "${instance_id}" && "${lock_state}" == initialising ]] && ! holder_gone "${lock_holder}"; then
    log "the cluster is being bootstrapped by ${lock_holder}; nothing to do here"
    exit 0
  fi
  log "Vault is initialised but its bootstrap did not finish, and the init output (with the root token) is gone:" \
    "finish the remaining steps by hand (runbook, 'If the bootstrap after vault operator init fails')" >&2
  exit 3
}

# shellcheck source=bootstrap.sh
source "$(dirname "$0")/bootstrap.sh"
