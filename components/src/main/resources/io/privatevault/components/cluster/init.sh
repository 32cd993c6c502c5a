#!/usr/bin/env bash
# Runs after every Vault start (vault-init.service, as the vault user). Exactly one node ever initialises:
# the one that creates the init-lock secret (CreateSecret is atomic and fails when the name exists). Every
# other node, and every replacement, joins through retry_join. Recovery keys and the root token go from
# `vault operator init` into a file on tmpfs and from there into the KMS-encrypted recovery secret; they are
# never printed, logged, or put on a command line.
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}" "${INIT_LOCK_SECRET_NAME:?}" "${RECOVERY_SECRET_ID:?}"
: "${DATA_KEY_ARN:?}" "${RECOVERY_SHARES:?}" "${RECOVERY_THRESHOLD:?}" "${AUTOPILOT_MIN_QUORUM:?}"
: "${AUTOPILOT_DEAD_SERVER_THRESHOLD:?}" "${NODE_ROLE_ARN:?}" "${SNAPSHOT_AUTH_ROLE:?}" "${IAM_SERVER_ID_HEADER:?}"
: "${VAULT_POLICY_DIR:?}" "${RUNTIME_DIRECTORY:?}"
export VAULT_ADDR VAULT_CACERT
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

for _ in $(seq 1 60); do
  [[ "$(health_code)" != "000" ]] && break
  sleep 5
done

status=0
vault operator init -status >/dev/null || status=$?
case "${status}" in
  0)
    log "Vault is initialised; nothing to do"
    exit 0
    ;;
  2) ;;
  *)
    log "cannot reach Vault (init -status exit ${status})" >&2
    exit 1
    ;;
esac

instance_id=$(imds instance-id)
errors=$(mktemp -p "${RUNTIME_DIRECTORY}")
if ! aws secretsmanager create-secret --region "${AWS_REGION}" --name "${INIT_LOCK_SECRET_NAME}" \
  --kms-key-id "${DATA_KEY_ARN}" --secret-string "${instance_id}" \
  --description "Vault init lock: the instance that initialised this cluster" >/dev/null 2>"${errors}"; then
  if ! grep -q ResourceExistsException "${errors}"; then
    cat "${errors}" >&2
    exit 1
  fi
  holder=$(aws secretsmanager get-secret-value --region "${AWS_REGION}" --secret-id "${INIT_LOCK_SECRET_NAME}" \
    --query SecretString --output text)
  if [[ "${holder}" != "${instance_id}" ]]; then
    log "cluster initialised (or being initialised) by ${holder}; this node joins through retry_join"
    exit 0
  fi
  log "this node holds the init lock from an earlier attempt; initialising"
fi

umask 077
material="${RUNTIME_DIRECTORY}/init.json"
vault operator init -recovery-shares="${RECOVERY_SHARES}" -recovery-threshold="${RECOVERY_THRESHOLD}" \
  -format=json >"${material}"
stored=false
for attempt in $(seq 1 20); do
  if aws secretsmanager put-secret-value --region "${AWS_REGION}" --secret-id "${RECOVERY_SECRET_ID}" \
    --secret-string "file://${material}" >/dev/null; then
    stored=true
    break
  fi
  log "storing recovery material failed (attempt ${attempt}); retrying" >&2
  sleep 15
done
if [[ "${stored}" != true ]]; then
  # The file stays on tmpfs (RuntimeDirectoryPreserve) until reboot so an operator can rescue it over SSM.
  log "could not store recovery material; it is in ${material} until reboot (see the runbook)" >&2
  exit 1
fi

VAULT_TOKEN=$(jq -r .root_token "${material}")
export VAULT_TOKEN
rm -f "${material}"

for _ in $(seq 1 60); do
  [[ "$(health_code)" == "200" ]] && break
  sleep 2
done

# Bootstrap that must exist before the configuration layer: autopilot, and AWS auth for the snapshot timer.
vault operator raft autopilot set-config -cleanup-dead-servers=true \
  -dead-server-last-contact-threshold="${AUTOPILOT_DEAD_SERVER_THRESHOLD}" \
  -min-quorum="${AUTOPILOT_MIN_QUORUM}" -server-stabilization-time=10s >/dev/null
# Its own mount, aws-nodes: the configuration layer owns the tenants' `aws` mount and must be able to create it.
vault auth enable -path=aws-nodes aws >/dev/null
# Regional STS (reachable through the VPC endpoint); the header binds logins to this Vault.
vault write auth/aws-nodes/config/client sts_endpoint="https://sts.${AWS_REGION}.amazonaws.com" \
  sts_region="${AWS_REGION}" iam_server_id_header_value="${IAM_SERVER_ID_HEADER}" >/dev/null
vault policy write raft-snapshot "${VAULT_POLICY_DIR}/raft-snapshot.hcl" >/dev/null
# resolve_aws_unique_ids=false: resolving needs iam:GetRole, and IAM has no VPC endpoint.
vault write "auth/aws-nodes/role/${SNAPSHOT_AUTH_ROLE}" auth_type=iam bound_iam_principal_arn="${NODE_ROLE_ARN}" \
  resolve_aws_unique_ids=false token_policies=raft-snapshot token_no_default_policy=true \
  token_ttl=15m token_max_ttl=30m >/dev/null
unset VAULT_TOKEN
log "cluster initialised by ${instance_id}; recovery material is in ${RECOVERY_SECRET_ID}"
