'use strict';
// AWS Client VPN client connect handler (private-vault ClientVpn).
// Client VPN calls it after certificate authentication and before authorisation rules. Only the common
// names of current engineers may open a session, so removing or revoking an engineer cuts access at the next
// `pulumi up` even while their short-lived certificate is still valid. Anything unexpected denies: a missing
// or malformed allow-list (names.json, packaged beside this file) throws at load, and Client VPN treats a
// failed invocation as a denial.
const names = JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'names.json'), 'utf8'));
if (!Array.isArray(names.allowed)) {
  throw new Error('names.json has no allowed list');
}
const allowed = new Set(names.allowed);
const revoked = new Set(names.revoked || []);

function decide(commonName) {
  if (typeof commonName !== 'string' || commonName === '') {
    return { allow: false, reason: 'the certificate has no common name' };
  }
  if (revoked.has(commonName)) {
    return { allow: false, reason: 'access for ' + commonName + ' has been revoked' };
  }
  if (!allowed.has(commonName)) {
    return { allow: false, reason: commonName + ' is not a current engineer' };
  }
  return { allow: true, reason: 'current engineer' };
}

exports.decide = decide;

// AWS Client VPN "Connection authorization", response schema: every field is required, the message is a string of
// at most 255 characters, and "schema-version" is "v1"; any other shape denies every connection.
const MESSAGE_LIMIT = 255;

function response(decision) {
  const message = decision.allow ? '' : Array.from('VPN access denied: ' + decision.reason).slice(0, MESSAGE_LIMIT).join('');
  return {
    allow: decision.allow,
    'error-msg-on-failed-posture-compliance': message,
    'posture-compliance-statuses': [],
    'schema-version': 'v1',
  };
}

exports.response = response;

exports.handler = async (event) => {
  const commonName = event ? event['common-name'] : undefined;
  const decision = decide(commonName);
  console.log(JSON.stringify({
    'connection-id': event ? event['connection-id'] : undefined,
    'common-name': commonName,
    allow: decision.allow,
    reason: decision.reason,
  }));
  return response(decision);
};
