import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Jwks, JWT_ALGORITHM, Role } from '@lfc/contracts';
import { SignJWT, importPKCS8, KeyLike } from 'jose';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { SYSTEM_ACTOR } from '../access/actor';
import { AuditTrail } from '../audit/audit-trail';
import { SigningKeyEntity } from './signing-key.entity';

export const JWT_SETTINGS = Symbol('JWT_SETTINGS');

export interface JwtSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
  rotationDays: number;
}

/**
 * The RS256 keys that sign access tokens. A key older than the rotation period is retired and a new
 * one takes over; retired keys stay in the JWKS until every token they signed has expired.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  private current: { kid: string; key: KeyLike; createdAt: Date } | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JWT_SETTINGS) readonly settings: JwtSettings,
    private readonly audit: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureCurrent();
  }

  /** Retires the current key and starts signing with a new one (admin rotation, or the schedule). */
  async rotate(): Promise<string> {
    const repository = this.dataSource.getRepository(SigningKeyEntity);
    await repository.update({ retiredAt: IsNull() }, { retiredAt: new Date() });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomBytes(12).toString('hex');
    await repository.save(
      repository.create({
        kid,
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
        retiredAt: null,
      }),
    );
    this.current = undefined;
    await this.ensureCurrent();
    return kid;
  }

  async sign(subject: { userId: string; role: Role; email: string }): Promise<{ token: string; expiresIn: number }> {
    const { kid, key } = await this.ensureCurrent();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ role: subject.role, email: subject.email })
      .setProtectedHeader({ alg: JWT_ALGORITHM, kid, typ: 'JWT' })
      .setSubject(subject.userId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.settings.ttlSeconds)
      .sign(key);
    return { token, expiresIn: this.settings.ttlSeconds };
  }

  /** Public keys still able to verify live tokens. */
  async jwks(): Promise<Jwks> {
    const oldest = new Date(Date.now() - this.settings.ttlSeconds * 1000);
    const rows = await this.dataSource
      .getRepository(SigningKeyEntity)
      .createQueryBuilder('key')
      .where('key.retired_at IS NULL OR key.retired_at > :oldest', { oldest })
      .orderBy('key.created_at', 'DESC')
      .getMany();
    return { keys: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, kty: 'RSA', alg: JWT_ALGORITHM, use: 'sig' })) };
  }

  private async ensureCurrent(): Promise<{ kid: string; key: KeyLike }> {
    const maxAgeMs = this.settings.rotationDays * 86_400_000;
    if (this.current && Date.now() - this.current.createdAt.getTime() < maxAgeMs) return this.current;
    const row = await this.dataSource
      .getRepository(SigningKeyEntity)
      .findOne({ where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!row || Date.now() - row.createdAt.getTime() >= maxAgeMs) {
      const kid = await this.rotate();
      // The first key of a fresh install is not a change anyone made; a scheduled rotation is.
      if (row) await this.audit.record(SYSTEM_ACTOR, 'signing_key.rotate', `signing_key:${kid}`, { reason: 'scheduled', retired: row.kid });
      if (!this.current) throw new Error('no signing key after rotation');
      return this.current;
    }
    this.current = { kid: row.kid, key: await importPKCS8(row.privateKeyPem, JWT_ALGORITHM), createdAt: row.createdAt };
    return this.current;
  }
}
