#!/usr/bin/env bash
# Runs as root before every Vault start (vault-prepare.service): swap off, node values into vault.hcl,
# TLS material from Secrets Manager. The CA private key is never part of what is fetched.
set -euo pipefail
: "${AWS_REGION:?}" "${TLS_SECRET_ID:?}" "${VAULT_CONFIG_DIR:?}" "${VAULT_TLS_DIR:?}" "${VAULT_DATA_DIR:?}" "${VAULT_LOG_DIR:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

# With Raft, disable_mlock = true is only safe with no swap (HashiCorp's production hardening guide).
swapoff -a

instance_id=$(imds instance-id)
private_ip=$(imds local-ipv4)
zone=$(imds placement/availability-zone)
for value in "${instance_id}" "${private_ip}" "${zone}"; do
  if [[ ! "${value}" =~ ^[a-z0-9.-]+$ ]]; then
    log "unexpected instance metadata value; refusing to render vault.hcl" >&2
    exit 1
  fi
done
rendered=$(mktemp)
sed -e "s/@INSTANCE_ID@/${instance_id}/g" -e "s/@PRIVATE_IP@/${private_ip}/g" -e "s/@AZ@/${zone}/g" \
  "${VAULT_CONFIG_DIR}/vault.hcl.in" >"${rendered}"
install -o root -g vault -m 0640 "${rendered}" "${VAULT_CONFIG_DIR}/vault.hcl"
rm -f "${rendered}"

# TLS bundle: {"ca_pem", "cert_pem", "key_pem"}. Each field is piped straight into its file.
umask 077
install -d -o root -g vault -m 0750 "${VAULT_TLS_DIR}"
tls_field() {
  aws secretsmanager get-secret-value --region "${AWS_REGION}" --secret-id "${TLS_SECRET_ID}" \
    --query SecretString --output text | jq -er ".$1"
}
tls_field ca_pem >"${VAULT_TLS_DIR}/ca.pem.new"
tls_field cert_pem >"${VAULT_TLS_DIR}/vault.pem.new"
tls_field key_pem >"${VAULT_TLS_DIR}/vault-key.pem.new"
for name in ca.pem vault.pem vault-key.pem; do
  chown root:vault "${VAULT_TLS_DIR}/${name}.new"
  chmod 0640 "${VAULT_TLS_DIR}/${name}.new"
  mv -f "${VAULT_TLS_DIR}/${name}.new" "${VAULT_TLS_DIR}/${name}"
done

install -d -o vault -g vault -m 0750 "${VAULT_DATA_DIR}" "${VAULT_DATA_DIR}/snapshots" "${VAULT_LOG_DIR}"
log "node ${instance_id} in ${zone} prepared"
