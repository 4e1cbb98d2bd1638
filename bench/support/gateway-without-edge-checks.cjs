// The baseline gateway of bench/auth-overhead.mjs: the real gateway process (dist/apps/gateway/src/main.js,
// same configuration), with authentication and the access checks (IP allow-list, rate limits) replaced by
// a guard that only attaches the principal the measured key would get. Everything else on the
// tools/call path — parsing, dispatch, the hop to the executor, audit, logging, metrics — is unchanged,
// so the difference between the two gateways is what those edge checks cost. Bench only: never shipped.
const { AuthenticatedGuard } = require('../../dist/libs/identity/src/index.js');
const { GatewayAccessGuard } = require('../../dist/apps/gateway/src/access/access.guard.js');

const principal = JSON.parse(process.env.LFC_BENCH_PRINCIPAL);

AuthenticatedGuard.prototype.canActivate = function attachFixedPrincipal(context) {
  const request = context.switchToHttp().getRequest();
  request.logFields.api_key = `${principal.keyPrefix}…`;
  request.logFields.user_id = principal.userId;
  request.principal = principal;
  return true;
};
GatewayAccessGuard.prototype.canActivate = function allowEverything() {
  return true;
};

require('../../dist/apps/gateway/src/main.js');
