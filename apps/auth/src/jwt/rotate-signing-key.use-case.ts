import { Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { UnitOfWork } from '@lfc/database';
import { Actor } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { SigningKeys } from './signing-keys';

/**
 * An admin starts signing with a new key now; tokens signed by the old one stay valid until they
 * expire. The new key and its audit record commit together.
 */
@Injectable()
export class RotateSigningKeyUseCase {
  constructor(
    private readonly signingKeys: SigningKeys,
    private readonly audit: AuditTrail,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(actor: Actor): Promise<{ kid: string }> {
    if (actor.role !== 'admin') throw new DomainError('insufficient_role', 'Only admins rotate signing keys');
    const kid = await this.unitOfWork.run(async () => {
      const next = await this.signingKeys.rotate();
      await this.audit.record(actor, 'signing_key.rotate', `signing_key:${next}`);
      return next;
    });
    return { kid };
  }
}
