#!/usr/bin/env bash
# The one-shot init Job (one pod at a time; Vault refuses a second init anyway). If vault-0 is uninitialised it
# initialises the cluster, stores the recovery material in Secrets Manager with the pod's IRSA identity, then
# bootstraps what must exist before the configuration layer (autopilot; AWS auth for the snapshot CronJob).
# The material lives only on a memory volume, is never printed, and is removed once stored and used; after a
# container restart the Job resumes from it.
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}" "${VAULT_TLS_SERVER_NAME:?}" "${RECOVERY_SECRET_ID:?}"
: "${RECOVERY_SHARES:?}" "${RECOVERY_THRESHOLD:?}" "${AUTOPILOT_MIN_QUORUM:?}" "${AUTOPILOT_DEAD_SERVER_THRESHOLD:?}"
: "${NODE_ROLE_ARN:?}" "${SNAPSHOT_AUTH_ROLE:?}" "${IAM_SERVER_ID_HEADER:?}"
export VAULT_ADDR VAULT_CACERT VAULT_TLS_SERVER_NAME
material=/run/init/material.json

log() { echo "vault-init: $*"; }

status=""
for _ in $(seq 1 120); do
  rc=0
  status=$(vault status -format=json 2>/dev/null) || rc=$?
  # 0 unsealed, 2 sealed (an uninitialised node with a KMS seal reports sealed); anything else: not up yet.
  if [[ ${rc} -eq 0 || ${rc} -eq 2 ]]; then
    break
  fi
  status=""
  sleep 5
done
if [[ -z "${status}" ]]; then
  log "vault-0 did not answer" >&2
  exit 1
fi

if grep -q '"initialized": *true' <<<"${status}"; then
  if [[ ! -s "${material}" ]]; then
    log "already initialised; nothing to do"
    exit 0
  fi
  log "resuming: recovery material from an earlier attempt is still in memory"
else
  umask 077
  vault operator init -format=json -recovery-shares="${RECOVERY_SHARES}" \
    -recovery-threshold="${RECOVERY_THRESHOLD}" >"${material}"
fi

stored=false
for attempt in $(seq 1 10); do
  if aws secretsmanager put-secret-value --region "${AWS_REGION}" --secret-id "${RECOVERY_SECRET_ID}" \
    --secret-string "file://${material}" >/dev/null; then
    stored=true
    break
  fi
  log "storing recovery material failed (attempt ${attempt}); retrying" >&2
  sleep 15
done
if [[ "${stored}" != true ]]; then
  # Exiting non-zero restarts this container in the same pod: the memory volume keeps the material.
  log "could not store recovery material; the Job will retry (see the runbook)" >&2
  exit 1
fi

VAULT_TOKEN=$(sed -n 's/^ *"root_token": *"\([^"]*\)".*/\1/p' "${material}")
export VAULT_TOKEN

for _ in $(seq 1 60); do
  vault operator raft autopilot state >/dev/null 2>&1 && break
  sleep 2
done
# Idempotent, so a restarted container can run it again.
vault operator raft autopilot set-config -cleanup-dead-servers=true \
  -dead-server-last-contact-threshold="${AUTOPILOT_DEAD_SERVER_THRESHOLD}" \
  -min-quorum="${AUTOPILOT_MIN_QUORUM}" -server-stabilization-time=10s >/dev/null
# Its own mount, aws-nodes, as on EC2: the configuration layer owns the tenants' `aws` mount.
if ! vault auth list -format=json | grep -q '"aws-nodes/"'; then
  vault auth enable -path=aws-nodes aws >/dev/null
fi
vault write auth/aws-nodes/config/client sts_endpoint="https://sts.${AWS_REGION}.amazonaws.com" \
  sts_region="${AWS_REGION}" iam_server_id_header_value="${IAM_SERVER_ID_HEADER}" >/dev/null
vault policy write raft-snapshot /ops/raft-snapshot.hcl >/dev/null
# bound to the service account's IRSA role; resolve_aws_unique_ids=false as on EC2 (no iam:GetRole).
vault write "auth/aws-nodes/role/${SNAPSHOT_AUTH_ROLE}" auth_type=iam bound_iam_principal_arn="${NODE_ROLE_ARN}" \
  resolve_aws_unique_ids=false token_policies=raft-snapshot token_no_default_policy=true \
  token_ttl=15m token_max_ttl=30m >/dev/null
unset VAULT_TOKEN
rm -f "${material}"
log "cluster initialised; recovery material is in ${RECOVERY_SECRET_ID}"
