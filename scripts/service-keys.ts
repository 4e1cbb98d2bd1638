// Prints a fresh Ed25519 key pair per service (ADR 006, docs/deploy.md "Service keys"):
//   node dist/scripts/service-keys.js          .env lines for docker compose
//   node dist/scripts/service-keys.js --helm   a values file for the Helm chart
import { generateServiceKeys } from '@lfc/common';
import { SERVICE_NAMES, ServiceName } from '@lfc/contracts';

/** The compose variable holding a service's private key, e.g. LFC_TOOL_EXECUTOR_PRIVATE_KEY. */
const composeVariable = (service: ServiceName) => `LFC_${service.toUpperCase().replace(/-/g, '_')}_PRIVATE_KEY`;
/** The chart's values key of a service, e.g. toolExecutor. */
const valuesKey = (service: ServiceName) => service.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

const keys = generateServiceKeys();
const lines =
  process.argv[2] === '--helm'
    ? [
        '# Service keys for helm install -f; keep this file secret (it holds every private key).',
        'serviceKeys:',
        `  publicKeys: "${keys.publicKeys}"`,
        '  privateKeys:',
        ...SERVICE_NAMES.map((service) => `    ${valuesKey(service)}: "${keys.privateKeys[service]}"`),
      ]
    : [
        '# Service keys: each private key goes to its own service only; the public keys to all.',
        `LFC_SERVICE_PUBLIC_KEYS=${keys.publicKeys}`,
        ...SERVICE_NAMES.map((service) => `${composeVariable(service)}=${keys.privateKeys[service]}`),
      ];
process.stdout.write(`${lines.join('\n')}\n`);
