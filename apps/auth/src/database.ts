import { ServiceDatabaseOptions } from '@lfc/database';
import { AuditLogEntity } from './audit/audit-log.entity';
import { ApiKeyEntity } from './keys/api-key.entity';
import { CreateAuthTables1764000000000 } from './migrations/1764000000000-CreateAuthTables';
import { AddIdentityFeatures1764100000000 } from './migrations/1764100000000-AddIdentityFeatures';
import { AuthAuditChain1764300000000 } from './migrations/1764300000000-AuthAuditChain';
import { AddTokenCutoffs1764400000000 } from './migrations/1764400000000-AddTokenCutoffs';
import { SingleUseCodesAndBootstrapKeys1764600000000 } from './migrations/1764600000000-SingleUseCodesAndBootstrapKeys';
import { ConfirmDestructiveCalls1764700000000 } from './migrations/1764700000000-ConfirmDestructiveCalls';
import { SetupLinksAndBrowserSessions1764800000000 } from './migrations/1764800000000-SetupLinksAndBrowserSessions';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { SetupLinkEntity } from './setup/setup-link.entity';
import { SigningKeyEntity } from './jwt/signing-key.entity';
import { UserEntity } from './users/user.entity';

export const AUTH_SCHEMA = 'auth';

/** The auth service's database: its schema, entities and migrations (also used by `npm run migrate`). */
export function authDatabase(url: string, poolSize?: number): ServiceDatabaseOptions {
  return {
    url,
    schema: AUTH_SCHEMA,
    entities: [UserEntity, ApiKeyEntity, AuditLogEntity, SigningKeyEntity, SetupLinkEntity, RefreshTokenEntity],
    migrations: [
      CreateAuthTables1764000000000,
      AddIdentityFeatures1764100000000,
      AuthAuditChain1764300000000,
      AddTokenCutoffs1764400000000,
      SingleUseCodesAndBootstrapKeys1764600000000,
      ConfirmDestructiveCalls1764700000000,
      SetupLinksAndBrowserSessions1764800000000,
    ],
    poolSize,
  };
}
