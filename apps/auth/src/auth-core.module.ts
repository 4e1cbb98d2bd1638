import { DynamicModule, Module } from '@nestjs/common';
import { ClientAddressResolver, ModuleImports } from '@lfc/common';
import { TypeOrmUnitOfWork, UnitOfWork } from '@lfc/database';
import { ResilienceModule } from '@lfc/resilience';
import { AuditTrail } from './audit/audit-trail';
import { AuthConfig } from './config';
import { RotateSigningKeyUseCase } from './jwt/rotate-signing-key.use-case';
import { JWT_SETTINGS, SigningKeys } from './jwt/signing-keys';
import { ApiKeysRepository, TypeOrmApiKeysRepository } from './keys/api-keys.repository';
import { CreateApiKeyUseCase } from './keys/create-api-key.use-case';
import { BOOTSTRAP_SETTINGS, EnsureBootstrapKeyUseCase } from './keys/ensure-bootstrap-key.use-case';
import { Announcer } from './access/announcer';
import { CLOCK } from './access/clock';
import { FRESH_LOGIN_SECONDS, FreshLogin } from './access/fresh-login';
import { KeyEvents } from './keys/key-events';
import { KEY_POLICY } from './keys/key-policy';
import { ListApiKeysUseCase } from './keys/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from './keys/revoke-api-key.use-case';
import { RotateApiKeyUseCase } from './keys/rotate-api-key.use-case';
import { UpdateApiKeyUseCase } from './keys/update-api-key.use-case';
import { VerifyApiKeyUseCase } from './keys/verify-api-key.use-case';
import { ChangePasswordUseCase } from './users/change-password.use-case';
import { CreateUserUseCase, SELF_REGISTRATION } from './users/create-user.use-case';
import { ListTokenCutoffsUseCase } from './users/list-token-cutoffs.use-case';
import {
  LOGIN_THROTTLE_SETTINGS,
  LoginThrottle,
  LoginThrottleSettings,
  loginThrottledProvider,
} from './users/login-throttle';
import { LoginUseCase } from './users/login.use-case';
import { PasswordSignIn } from './users/password-sign-in';
import { SignInOptionsUseCase } from './users/sign-in-options.use-case';
import {
  ConfirmTotpUseCase,
  EnrolTotpUseCase,
  RegenerateRecoveryCodesUseCase,
  RemoveTotpUseCase,
} from './users/totp.use-cases';
import { BrowserSessions, REFRESH_TTL_SECONDS } from './sessions/browser-sessions';
import {
  EndBrowserSessionUseCase,
  RefreshBrowserSessionUseCase,
  StartBrowserSessionUseCase,
} from './sessions/browser-session.use-cases';
import { RefreshTokensRepository, TypeOrmRefreshTokensRepository } from './sessions/refresh-tokens.repository';
import { EnsureSetupLinkUseCase } from './setup/ensure-setup-link.use-case';
import {
  CompleteSetupUseCase,
  InspectSetupLinkUseCase,
  IssueSetupLinkUseCase,
  SETUP_LINK_TTL_SECONDS,
} from './setup/setup-link.use-cases';
import { SetupLinksRepository, TypeOrmSetupLinksRepository } from './setup/setup-links.repository';
import { UpdateUserUseCase } from './users/update-user.use-case';
import { UserEvents } from './users/user-events';
import { TypeOrmUsersRepository, UsersRepository } from './users/users.repository';

const USE_CASES = [
  VerifyApiKeyUseCase,
  CreateApiKeyUseCase,
  ListApiKeysUseCase,
  RotateApiKeyUseCase,
  RevokeApiKeyUseCase,
  UpdateApiKeyUseCase,
  EnsureBootstrapKeyUseCase,
  CreateUserUseCase,
  UpdateUserUseCase,
  LoginUseCase,
  ChangePasswordUseCase,
  EnrolTotpUseCase,
  ConfirmTotpUseCase,
  RemoveTotpUseCase,
  RegenerateRecoveryCodesUseCase,
  ListTokenCutoffsUseCase,
  RotateSigningKeyUseCase,
  SignInOptionsUseCase,
  IssueSetupLinkUseCase,
  EnsureSetupLinkUseCase,
  InspectSetupLinkUseCase,
  CompleteSetupUseCase,
  StartBrowserSessionUseCase,
  RefreshBrowserSessionUseCase,
  EndBrowserSessionUseCase,
];

/** The core needs no service keys: the operator CLI runs it without them. */
type AuthCoreConfig = Omit<AuthConfig, 'LFC_SERVICE_PRIVATE_KEY' | 'LFC_SERVICE_PUBLIC_KEYS'>;

function loginThrottleSettings(config: AuthCoreConfig): LoginThrottleSettings {
  return {
    failureWindowSeconds: config.LFC_LOGIN_FAILURE_WINDOW_SECONDS,
    account: {
      freeAttempts: config.LFC_LOGIN_FREE_ATTEMPTS_PER_ACCOUNT,
      lockoutAfter: config.LFC_LOGIN_LOCKOUT_AFTER_PER_ACCOUNT,
    },
    ip: { freeAttempts: config.LFC_LOGIN_FREE_ATTEMPTS_PER_IP, lockoutAfter: config.LFC_LOGIN_LOCKOUT_AFTER_PER_IP },
    maxDelaySeconds: config.LFC_LOGIN_MAX_DELAY_SECONDS,
    lockoutSeconds: config.LFC_LOGIN_LOCKOUT_SECONDS,
  };
}

/** The auth domain without any transport: shared by the HTTP service and the operator CLI; `imports` is the KvModule. */
@Module({})
export class AuthCoreModule {
  static forRoot(config: AuthCoreConfig, imports: ModuleImports): DynamicModule {
    return {
      module: AuthCoreModule,
      imports: [...imports, ResilienceModule],
      providers: [
        { provide: ApiKeysRepository, useClass: TypeOrmApiKeysRepository },
        { provide: UsersRepository, useClass: TypeOrmUsersRepository },
        { provide: SetupLinksRepository, useClass: TypeOrmSetupLinksRepository },
        { provide: RefreshTokensRepository, useClass: TypeOrmRefreshTokensRepository },
        { provide: UnitOfWork, useClass: TypeOrmUnitOfWork },
        {
          provide: JWT_SETTINGS,
          useValue: {
            issuer: config.LFC_JWT_ISSUER,
            audience: config.LFC_JWT_AUDIENCE,
            ttlSeconds: config.LFC_JWT_TTL_SECONDS,
            rotationDays: config.LFC_JWT_KEY_ROTATION_DAYS,
          },
        },
        {
          provide: KEY_POLICY,
          useValue: {
            defaultPerMinute: config.LFC_DEFAULT_RATE_LIMIT_PER_MINUTE,
            defaultPerHour: config.LFC_DEFAULT_RATE_LIMIT_PER_HOUR,
            rotationGraceSeconds: config.LFC_KEY_ROTATION_GRACE_SECONDS,
            maxKeysPerUser: config.LFC_MAX_KEYS_PER_USER,
          },
        },
        { provide: LOGIN_THROTTLE_SETTINGS, useValue: loginThrottleSettings(config) },
        { provide: FRESH_LOGIN_SECONDS, useValue: config.LFC_FRESH_LOGIN_SECONDS },
        { provide: CLOCK, useValue: Date.now },
        {
          provide: BOOTSTRAP_SETTINGS,
          useValue: {
            configuredKey: config.LFC_BOOTSTRAP_API_KEY,
            adminEmail: config.LFC_BOOTSTRAP_ADMIN_EMAIL,
            dataDir: config.LFC_DATA_DIR,
            rateLimitPerMinute: config.LFC_BOOTSTRAP_RATE_LIMIT_PER_MINUTE,
            rateLimitPerHour: config.LFC_BOOTSTRAP_RATE_LIMIT_PER_HOUR,
          },
        },
        { provide: SELF_REGISTRATION, useValue: config.LFC_SELF_REGISTRATION },
        { provide: SETUP_LINK_TTL_SECONDS, useValue: config.LFC_SETUP_LINK_TTL_SECONDS },
        { provide: REFRESH_TTL_SECONDS, useValue: config.LFC_REFRESH_TTL_SECONDS },
        { provide: ClientAddressResolver, useValue: new ClientAddressResolver(config.LFC_TRUSTED_PROXIES) },
        AuditTrail,
        Announcer,
        KeyEvents,
        UserEvents,
        SigningKeys,
        FreshLogin,
        loginThrottledProvider,
        LoginThrottle,
        PasswordSignIn,
        BrowserSessions,
        ...USE_CASES,
      ],
      exports: [
        ApiKeysRepository,
        UsersRepository,
        AuditTrail,
        KeyEvents,
        UserEvents,
        SigningKeys,
        ClientAddressResolver,
        ...USE_CASES,
      ],
    };
  }
}
