// One phase of load: autocannon connections sending a mix back to back for a while, every answer
// recorded in time windows on the run's shared axis.
import autocannon from 'autocannon';
import { headersOf } from './mixes.mjs';
import { WindowRecorder, answerFailed } from './windows.mjs';

function hasRetryAfter(headers) {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after');
}

/**
 * Drives `connections` connections for `seconds`, connection i as `identities[i]`, each cycling
 * through `mix`. A request that gets no answer within `timeoutSeconds` counts as a timeout (autocannon
 * then drops the connection and opens a new one). Returns the recorder's result and the phase's
 * measured length in `seconds`.
 */
export async function drive(
  url,
  { mix, identities, connections, seconds, timeoutSeconds = 10, origin, now, windowMs = 1000 },
) {
  const started = now();
  const recorder = new WindowRecorder({ origin, start: started, windowMs });
  // autocannon calls a request's onResponse (which sees body and headers) and then emits 'response'
  // (which has the latency) for the same answer in one go, so the first hands its findings to the second.
  let answered;
  const requestsFor = (identity) =>
    mix.map((template) => ({
      label: template.label,
      method: template.method,
      path: template.path,
      headers: headersOf(template, identity),
      ...(template.body ? { body: template.body } : {}),
      ...(template.dynamicBody ? { setupRequest: (request) => ({ ...request, body: template.dynamicBody() }) } : {}),
      onResponse: (status, body, _context, headers) => {
        answered = {
          label: template.label,
          status,
          answerError: status >= 200 && status < 300 && answerFailed(body),
          retryAfter: (status === 429 || status === 503) && hasRetryAfter(headers),
        };
      },
    }));
  // A request that gets no answer is charged to the kind the connection was waiting on. (The
  // instance's 'reqError' event says neither which connection nor which request.) A connection
  // error is emitted while that request is still the client's current one. A timeout is not:
  // autocannon reconnects and sends the next request of the mix first, then emits 'timeout', so
  // the request that timed out is the one before the current (one request in flight: no pipelining).
  const waitedOn = (client, timeout) => {
    const { requests, currentRequestIndex, currentRequest } = client.requestIterator;
    if (!timeout) return currentRequest?.label;
    return requests[(currentRequestIndex - 1 + requests.length) % requests.length]?.label;
  };
  const unanswered = (client, timeout) => {
    recorder.error(now(), { label: waitedOn(client, timeout) ?? 'unknown', timeout });
  };
  let next = 0;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    timeout: timeoutSeconds,
    // autocannon notices the end of `duration` at its next sample tick: every 100 ms instead of every
    // second keeps a phase within 0.1 s of its length.
    sampleInt: 100,
    requests: requestsFor(identities[0]),
    setupClient: (client) => {
      client.setRequests(requestsFor(identities[next++ % identities.length]));
      client.on('timeout', () => unanswered(client, true));
      client.on('connError', () => unanswered(client, false));
    },
  });
  instance.on('response', (_client, status, _bytes, latency) => {
    recorder.response(now(), latency, answered ?? { status });
    answered = undefined;
  });
  await new Promise((resolve, reject) => {
    instance.once('done', resolve);
    instance.once('error', reject);
  });
  const result = recorder.finish(now());
  return { ...result, seconds: (now() - started) / 1000 };
}
