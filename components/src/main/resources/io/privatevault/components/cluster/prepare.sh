#!/usr/bin/env bash
# Runs as root before every Vault start (ExecStartPre of vault.service, so a failure here is retried with Vault's own
# restarts): swap off, node values into vault.hcl, TLS material from Secrets Manager. The CA private key is never
# part of what is fetched.
set -euo pipefail
: "${AWS_REGION:?}" "${TLS_SECRET_ID:?}" "${VAULT_CONFIG_DIR:?}" "${VAULT_TLS_DIR:?}" "${VAULT_DATA_DIR:?}" "${VAULT_LOG_DIR:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

# With Raft, disable_mlock = true is only safe with no swap (HashiCorp's production hardening guide).
swapoff -a

instance_id=$(imds instance-id)
private_ip=$(imds local-ipv4)
for value in "${instance_id}" "${private_ip}"; do
  if [[ ! "${value}" =~ ^[a-z0-9.-]+$ ]]; then
    log "unexpected instance metadata value; refusing to render vault.hcl" >&2
    exit 1
  fi
done
rendered=$(mktemp)
sed -e "s/@INSTANCE_ID@/${instance_id}/g" -e "s/@PRIVATE_IP@/${private_ip}/g" \
  "${VAULT_CONFIG_DIR}/vault.hcl.in" >"${rendered}"
install -o root -g vault -m 0640 "${rendered}" "${VAULT_CONFIG_DIR}/vault.hcl"
rm -f "${rendered}"

install_tls_bundle

install -d -o vault -g vault -m 0750 "${VAULT_DATA_DIR}" "${VAULT_DATA_DIR}/snapshots" "${VAULT_LOG_DIR}"
log "node ${instance_id} prepared"
