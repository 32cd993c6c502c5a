#!/usr/bin/env bash
# The cluster bootstrap, shared by the EC2 unit (init.sh) and the Kubernetes init Job (k8s/init.sh), which set up
# their platform and source this file. It initialises Vault once (the recovery shares encrypted to their holders' PGP
# keys when RECOVERY_PGP_KEY_FILES names them), stores the recovery keys in Secrets Manager, and with the initial root
# token creates what must exist before the configuration layer ever runs: autopilot, the configuration layer's
# (provisioner) AWS login, the snapshot job's AWS login and, on EC2, the lifecycle scripts' (LIFECYCLE_AUTH_ROLE).
# The node logins come last, so a node that can log in at the last of them knows every step before it was done.
# Then it revokes the root token:
# from here on every login is an AWS identity, and no root token exists until operators generate one with the
# recovery keys (break-glass). It resumes: the init output waits in BOOTSTRAP_DIR (tmpfs, or a memory volume) until
# every step is done, and every step after `operator init` either checks whether it is done or is a write that may
# be repeated, so a run that dies anywhere is simply started again. Nothing secret is printed, logged or put on a
# command line; the root token reaches the vault CLI only through its environment, and never leaves BOOTSTRAP_DIR.
#
# The sourcing adapter sets BOOTSTRAP_DIR, SNAPSHOT_POLICY_FILE and PROVISIONER_POLICY_FILE (and, on EC2,
# LIFECYCLE_AUTH_ROLE and LIFECYCLE_POLICY_FILE), and defines
#   log MESSAGE...         one line of progress
#   claim_initialiser      returns when this runner is the one to initialise; exits 0 when another one is
#   record_bootstrapped    records that every step is done
#   bootstrap_incomplete   Vault is initialised, the bootstrap is not complete and no init output is left to resume
#                          from: exits 0 when another runner is still at it, else reports it and exits non-zero
# The values come from the node spec (cluster.env on EC2, the Job's environment on Kubernetes).
: "${BOOTSTRAP_DIR:?}" "${SNAPSHOT_POLICY_FILE:?}" "${PROVISIONER_POLICY_FILE:?}" "${AWS_REGION:?}" "${VAULT_ADDR:?}"
: "${VAULT_CACERT:?}" "${RECOVERY_SECRET_ID:?}" "${RECOVERY_SHARES:?}" "${RECOVERY_THRESHOLD:?}" "${NODE_ROLE_ARN:?}"
: "${AUTOPILOT_MIN_QUORUM:?}" "${AUTOPILOT_DEAD_SERVER_THRESHOLD:?}" "${AUTOPILOT_SERVER_STABILIZATION_TIME:?}"
: "${SNAPSHOT_AUTH_MOUNT:?}" "${SNAPSHOT_AUTH_ROLE:?}" "${SNAPSHOT_POLICY:?}" "${SNAPSHOT_TOKEN_TTL:?}"
: "${SNAPSHOT_TOKEN_MAX_TTL:?}" "${IAM_SERVER_ID_HEADER:?}" "${PROVISIONER_ROLE_ARN:?}" "${PROVISIONER_AUTH_MOUNT:?}"
: "${PROVISIONER_AUTH_ROLE:?}" "${PROVISIONER_POLICY:?}" "${PROVISIONER_TOKEN_TTL:?}" "${PROVISIONER_TOKEN_MAX_TTL:?}"
export VAULT_ADDR VAULT_CACERT

material="${BOOTSTRAP_DIR}/init.json"
recovery="${BOOTSTRAP_DIR}/recovery.json"
stored_marker="${BOOTSTRAP_DIR}/stored"
root_token_revoked=false
# The last login the bootstrap creates: a node that can log in there knows every step before it was done.
last_node_role="${LIFECYCLE_AUTH_ROLE:-${SNAPSHOT_AUTH_ROLE}}"

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

# 0 when the node's own AWS identity can log in at the last login the bootstrap creates (every step before it is
# then done), 1 when that login does not exist (yet), 2 when it cannot tell (Vault sealed, STS unreachable).
bootstrap_complete() {
  local token errors
  if errors=$(vault login -method=aws -path="${SNAPSHOT_AUTH_MOUNT}" -token-only -no-store region="${AWS_REGION}"     role="${last_node_role}" header_value="${IAM_SERVER_ID_HEADER}" 2>&1 >"${BOOTSTRAP_DIR}/probe"); then
    token=$(<"${BOOTSTRAP_DIR}/probe")
    rm -f "${BOOTSTRAP_DIR}/probe"
    VAULT_TOKEN="${token}" vault token revoke -self >/dev/null || log "could not revoke the probe token; it expires with its TTL" >&2
    return 0
  fi
  rm -f "${BOOTSTRAP_DIR}/probe"
  if [[ "${errors}" == *"not found"* || "${errors}" == *"no handler for route"* ]]; then
    return 1
  fi
  log "cannot tell whether the bootstrap is complete: ${errors}" >&2
  return 2
}

# Exits 0 when there is nothing to do; returns when this runner must initialise.
require_uninitialised() {
  local status=0 complete=0
  vault operator init -status >/dev/null || status=$?
  case "${status}" in
    0)
      bootstrap_complete || complete=$?
      case "${complete}" in
        0)
          log "Vault is initialised and bootstrapped; nothing to do"
          exit 0
          ;;
        1) bootstrap_incomplete ;;
        *) return 1 ;;
      esac
      ;;
    2) ;;
    *)
      log "cannot tell whether Vault is initialised (init -status exit ${status})" >&2
      return 1
      ;;
  esac
}

initialise() {
  local encrypted=()
  if [[ -n "${RECOVERY_PGP_KEY_FILES:-}" ]]; then
    # "-recovery-pgp-keys: Comma-separated list of paths to files on disk containing public PGP keys ... The number of
    # given entries must match -recovery-shares" (Vault CLI docs, operator init): each share leaves Vault encrypted.
    encrypted=(-recovery-pgp-keys="${RECOVERY_PGP_KEY_FILES}")
  fi
  umask 077
  vault operator init -recovery-shares="${RECOVERY_SHARES}" -recovery-threshold="${RECOVERY_THRESHOLD}" \
    "${encrypted[@]}" -format=json >"${material}"
  if ((${#encrypted[@]})); then
    log "Vault initialised; each recovery share is encrypted to its holder's PGP key"
  else
    log "Vault initialised"
  fi
}

# The root token from the init output (the output's only field read here). A token holds no quote or escape, so a
# bash pattern reads it the same on every platform (the Kubernetes job's AWS CLI image has no jq).
read_root_token() {
  local pattern='"root_token"[[:space:]]*:[[:space:]]*"([^"]+)"'
  if [[ ! "$(<"${material}")" =~ ${pattern} ]]; then
    log "the init output in ${BOOTSTRAP_DIR} holds no root token" >&2
    return 1
  fi
  VAULT_TOKEN="${BASH_REMATCH[1]}"
  export VAULT_TOKEN
}

# The init output without its root token: the recovery keys are what a later break-glass needs, and the root token
# is revoked at the end of this bootstrap, so it never leaves BOOTSTRAP_DIR.
write_recovery_document() {
  local document
  document="$(<"${material}")"
  umask 077
  printf '%s\n' "${document//"${VAULT_TOKEN}"/}" >"${recovery}"
}

store_recovery_keys() {
  if [[ -e "${stored_marker}" ]]; then
    return 0
  fi
  write_recovery_document
  for attempt in $(seq 1 20); do
    if aws secretsmanager put-secret-value --region "${AWS_REGION}" --secret-id "${RECOVERY_SECRET_ID}" \
      --secret-string "file://${recovery}" >/dev/null; then
      : >"${stored_marker}"
      log "recovery keys stored in ${RECOVERY_SECRET_ID}"
      return 0
    fi
    log "storing the recovery keys failed (attempt ${attempt}); retrying" >&2
    sleep 15
  done
  log "could not store the recovery keys; they stay in ${BOOTSTRAP_DIR} for the next attempt (see the runbook)" >&2
  return 1
}

# Until an active node answers the root token (after init the initialised node elects itself). A 403 means the token
# is gone: an earlier run revoked it, which is its last step, so everything before it is done.
wait_for_leader() {
  local errors
  for _ in $(seq 1 60); do
    if errors=$(vault token lookup 2>&1 >/dev/null); then
      return 0
    fi
    if [[ "${errors}" == *"Code: 403"* ]]; then
      root_token_revoked=true
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

# An AWS auth mount of its own per login: the configuration layer owns the tenants' `aws` mount and must be able to
# create it, and may change neither of these (its policy denies it).
enable_aws_auth() {
  local mount="$1"
  if vault read "sys/auth/${mount}" >/dev/null 2>&1; then
    return 0
  fi
  vault auth enable -path="${mount}" aws >/dev/null
}

# Regional STS (reachable through the VPC endpoint); the header binds logins to this Vault.
configure_aws_auth() {
  local mount="$1"
  vault write "auth/${mount}/config/client" sts_endpoint="https://sts.${AWS_REGION}.amazonaws.com" \
    sts_region="${AWS_REGION}" iam_server_id_header_value="${IAM_SERVER_ID_HEADER}" >/dev/null
}

write_policy() {
  vault policy write "$1" "$2" >/dev/null
}

# resolve_aws_unique_ids=false: resolving needs iam:GetRole, and IAM has no VPC endpoint; the bound ARN is a role
# without a path, which Vault then compares by name. Arguments: mount role principal policy ttl max-ttl, then any
# further role fields.
write_aws_role() {
  local mount="$1" role="$2" principal="$3" policy="$4" ttl="$5" max_ttl="$6"
  shift 6
  vault write "auth/${mount}/role/${role}" auth_type=iam bound_iam_principal_arn="${principal}" \
    resolve_aws_unique_ids=false token_policies="${policy}" "$@" token_ttl="${ttl}" token_max_ttl="${max_ttl}" >/dev/null
}

# The lifecycle scripts (EC2): the same mount and binding as the snapshot job, their own role and policy.
lifecycle_login() {
  write_policy "${LIFECYCLE_POLICY}" "${LIFECYCLE_POLICY_FILE}"
  write_aws_role "${SNAPSHOT_AUTH_MOUNT}" "${LIFECYCLE_AUTH_ROLE}" "${NODE_ROLE_ARN}" "${LIFECYCLE_POLICY}" \
    "${LIFECYCLE_TOKEN_TTL}" "${LIFECYCLE_TOKEN_MAX_TTL}" token_no_default_policy=true
}

# The snapshot job: bound to the nodes' role (instance profile or IRSA), nothing but its own policy.
snapshot_login() {
  enable_aws_auth "${SNAPSHOT_AUTH_MOUNT}"
  configure_aws_auth "${SNAPSHOT_AUTH_MOUNT}"
  write_policy "${SNAPSHOT_POLICY}" "${SNAPSHOT_POLICY_FILE}"
  write_aws_role "${SNAPSHOT_AUTH_MOUNT}" "${SNAPSHOT_AUTH_ROLE}" "${NODE_ROLE_ARN}" "${SNAPSHOT_POLICY}" \
    "${SNAPSHOT_TOKEN_TTL}" "${SNAPSHOT_TOKEN_MAX_TTL}" token_no_default_policy=true
}

# The configuration layer: bound to the provisioner role, so its first run already logs in with AWS IAM.
provisioner_login() {
  enable_aws_auth "${PROVISIONER_AUTH_MOUNT}"
  configure_aws_auth "${PROVISIONER_AUTH_MOUNT}"
  write_policy "${PROVISIONER_POLICY}" "${PROVISIONER_POLICY_FILE}"
  write_aws_role "${PROVISIONER_AUTH_MOUNT}" "${PROVISIONER_AUTH_ROLE}" "${PROVISIONER_ROLE_ARN}" "${PROVISIONER_POLICY}" \
    "${PROVISIONER_TOKEN_TTL}" "${PROVISIONER_TOKEN_MAX_TTL}"
}

# Last: without it nothing could be done that the steps above still need.
revoke_root_token() {
  vault token revoke -self >/dev/null
  log "root token revoked; logins from here on are AWS identities (generate a root token with the recovery keys for break-glass)"
}

finish() {
  unset VAULT_TOKEN
  record_bootstrapped
  rm -f "${material}" "${recovery}" "${stored_marker}"
  log "cluster bootstrapped; the recovery keys are in ${RECOVERY_SECRET_ID}"
}

wait_for_vault
if [[ -s "${material}" ]]; then
  log "resuming: the init output of an earlier attempt is still in ${BOOTSTRAP_DIR}"
else
  require_uninitialised
  claim_initialiser
  initialise
fi
read_root_token
store_recovery_keys
wait_for_leader
if [[ "${root_token_revoked}" == true ]]; then
  log "the root token of an earlier attempt is already revoked: every step was done"
else
  configure_autopilot
  provisioner_login
  snapshot_login
  if [[ -n "${LIFECYCLE_AUTH_ROLE:-}" ]]; then
    lifecycle_login
  fi
  revoke_root_token
fi
finish
