#!/usr/bin/env bash
# vault-lifecycle.service (as the vault user; systemd starts it again after a failure and keeps its RuntimeDirectory)
# carries this node through its Auto Scaling lifecycle. It polls the target lifecycle state that Auto Scaling
# publishes in the instance metadata ("You can do this by writing code that polls for the lifecycle state of an
# instance directly from the instance", EC2 Auto Scaling User Guide) and holds each lifecycle hook until its work is
# done:
# - launching: the node stays in Pending:Wait until autopilot reports it a healthy voter, so an instance refresh never
#   takes the next node away before this one counts;
# - in service: the active node protects itself from scale in, which the instance refresh passes by
#   (ScaleInProtectedInstances Ignore); once every other node runs the group's launch template version, the active
#   node steps down, drops its protection and starts one more refresh, so a rolling upgrade replaces it last;
# - terminating: the node steps down if it leads, leaves the Raft configuration, and only then lets Auto Scaling
#   terminate it.
# Every step checks whether it is done, so a run killed anywhere ends where an uninterrupted one does.
set -euo pipefail
: "${AWS_REGION:?}" "${VAULT_ADDR:?}" "${VAULT_CACERT:?}" "${RUNTIME_DIRECTORY:?}" "${SNAPSHOT_AUTH_MOUNT:?}"
: "${LIFECYCLE_AUTH_ROLE:?}" "${IAM_SERVER_ID_HEADER:?}" "${LAUNCH_HOOK_NAME:?}" "${TERMINATE_HOOK_NAME:?}"
: "${REFRESH_PREFERENCES:?}" "${LIFECYCLE_POLL_SECONDS:?}"
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
export VAULT_ADDR VAULT_CACERT

marks="${RUNTIME_DIRECTORY}"
instance_id=$(imds instance-id)
group=$(aws autoscaling describe-auto-scaling-instances --region "${AWS_REGION}" --instance-ids "${instance_id}" \
  --query 'AutoScalingInstances[0].AutoScalingGroupName' --output text)
if [[ -z "${group}" || "${group}" == None ]]; then
  log "instance ${instance_id} is in no Auto Scaling group; nothing to do"
  exit 0
fi

# Logs in as the node (AWS auth, lifecycle role) for one step; returns 1 while that is not possible yet (the
# bootstrap has not created the role, or Vault does not answer).
login() {
  local token
  token=$(vault login -method=aws -path="${SNAPSHOT_AUTH_MOUNT}" -token-only -no-store region="${AWS_REGION}" \
    role="${LIFECYCLE_AUTH_ROLE}" header_value="${IAM_SERVER_ID_HEADER}" 2>/dev/null) || return 1
  export VAULT_TOKEN="${token}"
}

logout() {
  if [[ -n "${VAULT_TOKEN:-}" ]]; then
    vault token revoke -self >/dev/null || log "could not revoke the lifecycle token; it expires with its TTL" >&2
    unset VAULT_TOKEN
  fi
}

# Releases a lifecycle hook. An instance with no action waiting (launched before the hook existed, or after a reboot)
# has nothing to release.
complete_action() {
  local errors
  if errors=$(aws autoscaling complete-lifecycle-action --region "${AWS_REGION}" --auto-scaling-group-name "${group}" \
    --lifecycle-hook-name "$1" --instance-id "${instance_id}" --lifecycle-action-result CONTINUE 2>&1 >/dev/null); then
    log "released the ${1} hook"
    return 0
  fi
  if [[ "${errors}" == *"No active Lifecycle Action found"* ]]; then
    log "no ${1} action is waiting"
    return 0
  fi
  echo "${errors}" >&2
  return 1
}

set_protection() {
  local flag=--no-protected-from-scale-in
  if [[ "$1" == true ]]; then
    flag=--protected-from-scale-in
  fi
  aws autoscaling set-instance-protection --region "${AWS_REGION}" --auto-scaling-group-name "${group}" \
    --instance-ids "${instance_id}" "${flag}" >/dev/null
  echo "$1" >"${marks}/protected"
}

active() {
  [[ "$(health_code)" == 200 ]]
}

# Gives up leadership and waits (up to a minute) until another node has it.
step_down() {
  vault operator step-down >/dev/null
  for _ in $(seq 1 30); do
    if ! active; then
      log "stepped down; another node leads"
      return 0
    fi
    sleep 2
  done
  log "still active a minute after stepping down" >&2
  return 1
}

# Pending:Wait until autopilot reports this node a healthy voter.
launch_round() {
  local state
  if ! login; then
    log "waiting to log in to Vault (the cluster is not bootstrapped yet, or Vault does not answer)"
    return 0
  fi
  state=$(vault operator raft autopilot state -format=json) || state=""
  logout
  if [[ -n "${state}" ]] && jq -e --arg id "${instance_id}" \
    '.servers[$id] | select(.healthy == true and (.status == "voter" or .status == "leader"))' <<<"${state}" >/dev/null; then
    log "this node is a healthy voter"
    complete_action "${LAUNCH_HOOK_NAME}"
    : >"${marks}/launched"
  fi
}

# Protected from scale in exactly while active (and not being replaced), so an instance refresh takes it last.
protect_round() {
  local want=false
  if active && [[ ! -e "${marks}/replacing" ]]; then
    want=true
  fi
  if [[ "$(cat "${marks}/protected" 2>/dev/null || true)" != "${want}" ]]; then
    set_protection "${want}"
    log "scale-in protection ${want}"
  fi
}

# The active node, once it is the last one on an older launch template version, has itself replaced.
replace_last_round() {
  local doc wanted mine running
  if [[ ! -e "${marks}/replacing" ]] && ! active; then
    return 0
  fi
  doc=$(aws autoscaling describe-auto-scaling-groups --region "${AWS_REGION}" --auto-scaling-group-names "${group}" \
    --query 'AutoScalingGroups[0]' --output json)
  wanted=$(jq -r '.LaunchTemplate.Version // empty' <<<"${doc}")
  mine=$(jq -r --arg id "${instance_id}" '.Instances[] | select(.InstanceId == $id) | .LaunchTemplate.Version // empty' <<<"${doc}")
  if [[ -z "${wanted}" || -z "${mine}" || "${mine}" == "${wanted}" ]]; then
    return 0
  fi
  # shellcheck disable=SC2016 # a JMESPath query: its backticks are literals, not a command substitution
  running=$(aws autoscaling describe-instance-refreshes --region "${AWS_REGION}" --auto-scaling-group-name "${group}" \
    --query 'length(InstanceRefreshes[?Status==`Pending` || Status==`InProgress` || Status==`Cancelling` || Status==`RollbackInProgress`])' \
    --output text)
  if [[ "${running}" != 0 ]]; then
    return 0
  fi
  if [[ ! -e "${marks}/replacing" ]]; then
    if ! jq -e --arg id "${instance_id}" --arg v "${wanted}" \
      '[.Instances[] | select(.InstanceId != $id) | select(.LifecycleState != "InService" or .LaunchTemplate.Version != $v)] | length == 0' \
      <<<"${doc}" >/dev/null; then
      return 0
    fi
    log "every other node runs launch template version ${wanted}; this active node (version ${mine}) is replaced last"
    : >"${marks}/replacing"
  fi
  set_protection false
  if active; then
    login
    step_down
    logout
  fi
  aws autoscaling start-instance-refresh --region "${AWS_REGION}" --auto-scaling-group-name "${group}" \
    --preferences "${REFRESH_PREFERENCES}" >/dev/null
  log "instance refresh started to replace this node"
}

# Terminating:Wait: hand over leadership, leave the Raft configuration, then release the hook.
leave() {
  local state
  log "this instance is being terminated"
  if login; then
    if active; then
      step_down
    fi
    state=$(vault operator raft autopilot state -format=json) || state=""
    if [[ -n "${state}" ]] && jq -e --arg id "${instance_id}" '.servers[$id]' <<<"${state}" >/dev/null; then
      vault operator raft remove-peer "${instance_id}" >/dev/null
      log "left the Raft configuration"
    fi
    logout
  else
    log "cannot log in to Vault; autopilot removes this peer once it stops answering" >&2
  fi
  complete_action "${TERMINATE_HOOK_NAME}"
}

round=0
while :; do
  target=$(imds autoscaling/target-lifecycle-state || echo unknown)
  if [[ "${target}" == Terminated ]]; then
    leave
    exit 0
  fi
  if [[ "${target}" == InService ]]; then
    if [[ ! -e "${marks}/launched" ]]; then
      launch_round
    else
      protect_round
      # Describe calls once a minute, not at every poll.
      if ((round % 6 == 0)); then
        replace_last_round
      fi
    fi
  fi
  round=$((round + 1))
  sleep "${LIFECYCLE_POLL_SECONDS}"
done
