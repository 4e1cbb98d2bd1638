#!/usr/bin/env node
/**
 * Operator CLI (`npm run lfc -- …`, or `lfc …` inside an auth pod via `kubectl exec`). Works on the
 * database directly with the same use cases and audit trail as the admin API.
 */
import 'reflect-metadata';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DomainError, LoggingModule, createLogger, errorMessage, loadConfig, parseInput } from '@lfc/common';
import {
  CreateApiKeySchema,
  CreateUserSchema,
  KeyIdSchema,
  RoleSchema,
  RotateApiKeySchema,
  UpdateApiKeySchema,
} from '@lfc/contracts';
import { DatabaseModule } from '@lfc/database';
import { KvModule } from '@lfc/kv';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { CLI_ACTOR } from './access/actor';
import { dateOrNull } from './admin/dto';
import { BACKUP_USAGE, runBackupCommand } from '../../../scripts/backup/command';
import { AuthCoreModule } from './auth-core.module';
import { authEnvSchema } from './config';
import { authDatabase } from './database';
import { CreateApiKeyUseCase } from './keys/create-api-key.use-case';
import { ListApiKeysUseCase } from './keys/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from './keys/revoke-api-key.use-case';
import { RotateApiKeyUseCase } from './keys/rotate-api-key.use-case';
import { UpdateApiKeyUseCase } from './keys/update-api-key.use-case';
import { IssueSetupLinkUseCase } from './setup/setup-link.use-cases';
import { CreateUserUseCase } from './users/create-user.use-case';
import { userViewOf } from './users/user.view';
import { UsersRepository } from './users/users.repository';

const USAGE = `Usage: lfc <command> [options]

  users create --email E --role admin|developer|user [--password P]
  users list
  keys create --email OWNER --name N [--role R] [--scopes a,b*] [--per-minute N|unlimited]
              [--per-hour N|unlimited] [--allow-ip CIDR[,CIDR]] [--expires ISO-DATE]
              [--confirm-destructive]
  keys list [--email OWNER]
  keys rotate KEY_ID [--grace SECONDS]
  keys revoke KEY_ID
  keys limits KEY_ID [--per-minute N|unlimited] [--per-hour N|unlimited] [--allow-ip CIDR[,CIDR]]
  setup-link [--base-url URL] [--email E]
              a one-time link that sets the user's password (default: the bootstrap admin;
              base URL default: LFC_PUBLIC_URL, else http://127.0.0.1:8000); older unused links
              of that user stop working
${BACKUP_USAGE}

Reads DATABASE_URL (and REDIS_URL, so gateways drop changed keys at once) from the environment;
backup and restore also read where the tool-executor keeps files (LFC_BLOB_DIR, or LFC_S3_*).`;

// The CLI makes no internal calls, so it needs no service keys.
const cliEnvSchema = authEnvSchema.omit({ LFC_SERVICE_PRIVATE_KEY: true, LFC_SERVICE_PUBLIC_KEYS: true });
type CliConfig = z.infer<typeof cliEnvSchema>;

@Module({})
class AuthCliModule {
  static forRoot(config: CliConfig): DynamicModule {
    return {
      module: AuthCliModule,
      imports: [
        // stdout carries the command's JSON answer; only errors are logged, to stderr.
        LoggingModule.forRoot(createLogger('auth-cli', 'error', pino.destination({ dest: 2, sync: true }))),
        DatabaseModule.forRoot({ ...authDatabase(config.DATABASE_URL, 2), migrateOnStart: false }),
        AuthCoreModule.forRoot(config, [
          KvModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.LFC_REDIS_PREFIX }),
        ]),
      ],
    };
  }
}

function limitOption(value: string | undefined, name: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'unlimited') return null;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new DomainError('validation_failed', `--${name}: a whole number or "unlimited"`);
  return parsed;
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}

/** Any date `Date` reads, as the instant the API takes; what it cannot read goes on for the schema to name. */
function instantOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** The options as the same validated command the admin API builds from a request. */
function commandOf<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  return parseInput(schema, options, 'options');
}

async function userIdOf(app: INestApplicationContext, email: string | undefined): Promise<string | undefined> {
  if (email === undefined) return undefined;
  const user = await app.get(UsersRepository).findByEmail(email);
  if (!user) throw new DomainError('not_found', `no user with email ${email}`);
  return user.id;
}

/** Where the console is served: the gateway on this machine under `npm start`. */
const LOCAL_CONSOLE = 'http://127.0.0.1:8000';

const BaseUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((value) => !/[?#]/.test(value), 'must have no query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

async function setupLink(
  app: INestApplicationContext,
  config: CliConfig,
  options: { baseUrl?: string; email?: string },
) {
  const baseUrl = parseInput(BaseUrlSchema, options.baseUrl ?? config.LFC_PUBLIC_URL ?? LOCAL_CONSOLE, '--base-url');
  const email = parseInput(z.email(), options.email ?? config.LFC_BOOTSTRAP_ADMIN_EMAIL, '--email');
  const link = await app.get(IssueSetupLinkUseCase).execute(CLI_ACTOR, email);
  // The token rides in the fragment, which browsers never send to a server or put in a Referer.
  return {
    url: `${baseUrl}/console/setup#token=${link.token}`,
    email: link.email,
    expiresAt: link.expiresAt.toISOString(),
  };
}

async function run(app: INestApplicationContext, config: CliConfig, argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      'per-minute': { type: 'string' },
      'per-hour': { type: 'string' },
      'allow-ip': { type: 'string' },
      expires: { type: 'string' },
      'confirm-destructive': { type: 'boolean' },
      grace: { type: 'string' },
      'base-url': { type: 'string' },
    },
  });
  const [group, command, target] = positionals;
  const role = values.role === undefined ? undefined : RoleSchema.parse(values.role);
  if (group === 'setup-link' && command === undefined)
    return setupLink(app, config, { baseUrl: values['base-url'], email: values.email });
  switch (`${group} ${command}`) {
    case 'users create':
      if (!values.email || !role) throw new DomainError('validation_failed', 'users create needs --email and --role');
      return app
        .get(CreateUserUseCase)
        .execute(CLI_ACTOR, commandOf(CreateUserSchema, { email: values.email, role, password: values.password }));
    case 'users list':
      return (await app.get(UsersRepository).list()).map(userViewOf);
    case 'keys create': {
      if (!values.email || !values.name)
        throw new DomainError('validation_failed', 'keys create needs --email and --name');
      const command = commandOf(CreateApiKeySchema, {
        userId: await userIdOf(app, values.email),
        name: values.name,
        role,
        scopes: list(values.scopes),
        rateLimitPerMinute: limitOption(values['per-minute'], 'per-minute'),
        rateLimitPerHour: limitOption(values['per-hour'], 'per-hour'),
        allowedIps: list(values['allow-ip']),
        confirmDestructiveCalls: values['confirm-destructive'],
        expiresAt: instantOption(values.expires),
      });
      return app.get(CreateApiKeyUseCase).execute(CLI_ACTOR, { ...command, expiresAt: dateOrNull(command.expiresAt) });
    }
    case 'keys list':
      return app.get(ListApiKeysUseCase).execute(CLI_ACTOR, { userId: await userIdOf(app, values.email) });
    case 'keys rotate': {
      if (!target) throw new DomainError('validation_failed', 'keys rotate needs a KEY_ID');
      const { graceSeconds } = commandOf(RotateApiKeySchema, {
        graceSeconds: values.grace === undefined ? undefined : Number(values.grace),
      });
      return app.get(RotateApiKeyUseCase).execute(CLI_ACTOR, parseInput(KeyIdSchema, target, 'key id'), graceSeconds);
    }
    case 'keys revoke':
      if (!target) throw new DomainError('validation_failed', 'keys revoke needs a KEY_ID');
      return app.get(RevokeApiKeyUseCase).execute(CLI_ACTOR, parseInput(KeyIdSchema, target, 'key id'));
    case 'keys limits': {
      if (!target) throw new DomainError('validation_failed', 'keys limits needs a KEY_ID');
      const changes = commandOf(UpdateApiKeySchema, {
        rateLimitPerMinute: limitOption(values['per-minute'], 'per-minute'),
        rateLimitPerHour: limitOption(values['per-hour'], 'per-hour'),
        allowedIps: list(values['allow-ip']),
      });
      return app.get(UpdateApiKeyUseCase).execute(CLI_ACTOR, parseInput(KeyIdSchema, target, 'key id'), {
        ...changes,
        expiresAt: dateOrNull(changes.expiresAt),
      });
    }
    default:
      throw new DomainError('invalid_request', USAGE);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv[0] === 'backup' || argv[0] === 'restore') {
    // They span every service, not auth alone, and need no Nest context (scripts/backup).
    process.stdout.write(`${JSON.stringify(await runBackupCommand(argv, process.env), null, 2)}\n`);
    return;
  }
  const config = loadConfig(cliEnvSchema, process.env);
  const app = await NestFactory.createApplicationContext(AuthCliModule.forRoot(config), { logger: ['error'] });
  try {
    const result = await run(app, config, argv);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`lfc: ${errorMessage(error)}\n`);
  process.exit(1);
});
