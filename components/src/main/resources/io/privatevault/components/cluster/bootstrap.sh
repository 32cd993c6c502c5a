#!/usr/bin/env bash
# The cluster bootstrap, shared by the EC2 unit (init.sh) and the Kubernetes init Job (k8s/init.sh), which set up
# their platform and source this file. It initialises Vault once, stores the recovery material in Secrets Manager,
# and with the initial root token creates what must exist before the configuration layer ever runs: autopilot and
# the snapshot job's AWS login. It resumes: the material waits in BOOTSTRAP_DIR (tmpfs, or a memory volume) until
# every step is done, and every step after `operator init` either checks whether it is done or is a write that
# may be repeated, so a run that dies anywhere is simply started again. The material is never printed, logged or
# put on a command line; the root token reaches the vault CLI only through its environment.
#
# The sourcing adapter sets BOOTSTRAP_DIR and SNAPSHOT_POLICY_FILE, and defines
#   log MESSAGE...       one line of progress
#   claim_initialiser    returns when this runner is the one to initialise; exits 0 when another one is
# The values come from the node spec (cluster.env on EC2, the Job's environment on Kubernetes).
: "${BOOTSTRAP_DIR:?}" "${SNAPSHOT_POLICY_FILE:?}" "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}"
: "${RECOVERY_SECRET_ID:?}" "${RECOVERY_SHARES:?}" "${RECOVERY_THRESHOLD:?}" "${NODE_ROLE_ARN:?}"
: "${AUTOPILOT_MIN_QUORUM:?}" "${AUTOPILOT_DEAD_SERVER_THRESHOLD:?}" "${AUTOPILOT_SERVER_STABILIZATION_TIME:?}"
: "${SNAPSHOT_AUTH_MOUNT:?}" "${SNAPSHOT_AUTH_ROLE:?}" "${SNAPSHOT_POLICY:?}" "${SNAPSHOT_TOKEN_TTL:?}"
: "${SNAPSHOT_TOKEN_MAX_TTL:?}" "${IAM_SERVER_ID_HEADER:?}"
export VAULT_ADDR VAULT_CACERT

material="${BOOTSTRAP_DIR}/init.json"
stored_marker="${BOOTSTRAP_DIR}/stored"

# Until Vault answers at all; an uninitialised node with a KMS seal reports sealed (exit 2).
wait_for_vault() {
  local rc
  for _ in $(seq 1 120); do
    rc=0
    vault status >/dev/null 2>&1 || rc=$?
    if [[ ${rc} -eq 0 || ${rc} -eq 2 ]]; then
      return 0
    fi
    sleep 5
  done
  log "Vault at ${VAULT_ADDR} did not answer" >&2
  return 1
}

# Exits 0 when there is nothing to do; returns when this runner must initialise.
require_uninitialised() {
  local status=0
  vault operator init -status >/dev/null || status=$?
  case "${status}" in
    0)
      log "Vault is initialised; nothing to do"
      exit 0
      ;;
    2) ;;
    *)
      log "cannot tell whether Vault is initialised (init -status exit ${status})" >&2
      return 1
      ;;
  esac
}

initialise() {
  umask 077
  vault operator init -recovery-shares="${RECOVERY_SHARES}" -recovery-threshold="${RECOVERY_THRESHOLD}" \
    -format=json >"${material}"
  log "Vault initialised"
}

store_recovery_material() {
  if [[ -e "${stored_marker}" ]]; then
    return 0
  fi
  for attempt in $(seq 1 20); do
    if aws secretsmanager put-secret-value --region "${AWS_REGION}" --secret-id "${RECOVERY_SECRET_ID}" \
      --secret-string "file://${material}" >/dev/null; then
      : >"${stored_marker}"
      log "recovery material stored in ${RECOVERY_SECRET_ID}"
      return 0
    fi
    log "storing recovery material failed (attempt ${attempt}); retrying" >&2
    sleep 15
  done
  log "could not store the recovery material; it stays in ${BOOTSTRAP_DIR} for the next attempt (see the runbook)" >&2
  return 1
}

# The only field read from the init output. A token holds no quote or escape, so a bash pattern reads it the same
# on every platform (the Kubernetes job's AWS CLI image has no jq).
use_root_token() {
  local pattern='"root_token"[[:space:]]*:[[:space:]]*"([^"]+)"'
  if [[ ! "$(<"${material}")" =~ ${pattern} ]]; then
    log "the recovery material in ${BOOTSTRAP_DIR} holds no root token" >&2
    return 1
  fi
  VAULT_TOKEN="${BASH_REMATCH[1]}"
  export VAULT_TOKEN
}

# Until an active node answers authenticated requests (after init the initialised node elects itself).
wait_for_leader() {
  for _ in $(seq 1 60); do
    if vault operator raft autopilot state >/dev/null 2>&1; then
      return 0
    fi
    sleep 2
  done
  log "no active node answered" >&2
  return 1
}

# The whole autopilot configuration in one write: repeating it changes nothing.
configure_autopilot() {
  vault operator raft autopilot set-config -cleanup-dead-servers=true \
    -dead-server-last-contact-threshold="${AUTOPILOT_DEAD_SERVER_THRESHOLD}" \
    -min-quorum="${AUTOPILOT_MIN_QUORUM}" -server-stabilization-time="${AUTOPILOT_SERVER_STABILIZATION_TIME}" >/dev/null
}

# Its own mount: the configuration layer owns the tenants' `aws` mount and must be able to create it.
enable_snapshot_auth() {
  if vault read "sys/auth/${SNAPSHOT_AUTH_MOUNT}" >/dev/null 2>&1; then
    return 0
  fi
  vault auth enable -path="${SNAPSHOT_AUTH_MOUNT}" aws >/dev/null
}

# Regional STS (reachable through the VPC endpoint); the header binds logins to this Vault.
configure_snapshot_auth() {
  vault write "auth/${SNAPSHOT_AUTH_MOUNT}/config/client" sts_endpoint="https://sts.${AWS_REGION}.amazonaws.com" \
    sts_region="${AWS_REGION}" iam_server_id_header_value="${IAM_SERVER_ID_HEADER}" >/dev/null
}

write_snapshot_policy() {
  vault policy write "${SNAPSHOT_POLICY}" "${SNAPSHOT_POLICY_FILE}" >/dev/null
}

# Bound to the nodes' role (instance profile or IRSA); resolve_aws_unique_ids=false: resolving needs iam:GetRole,
# and IAM has no VPC endpoint.
write_snapshot_role() {
  vault write "auth/${SNAPSHOT_AUTH_MOUNT}/role/${SNAPSHOT_AUTH_ROLE}" auth_type=iam \
    bound_iam_principal_arn="${NODE_ROLE_ARN}" resolve_aws_unique_ids=false token_policies="${SNAPSHOT_POLICY}" \
    token_no_default_policy=true token_ttl="${SNAPSHOT_TOKEN_TTL}" token_max_ttl="${SNAPSHOT_TOKEN_MAX_TTL}" >/dev/null
}

finish() {
  unset VAULT_TOKEN
  rm -f "${material}" "${stored_marker}"
  log "cluster bootstrapped; the recovery material is in ${RECOVERY_SECRET_ID}"
}

wait_for_vault
if [[ -s "${material}" ]]; then
  log "resuming: the recovery material of an earlier attempt is still in ${BOOTSTRAP_DIR}"
else
  require_uninitialised
  claim_initialiser
  initialise
fi
store_recovery_material
use_root_token
wait_for_leader
configure_autopilot
enable_snapshot_auth
configure_snapshot_auth
write_snapshot_policy
write_snapshot_role
finish
