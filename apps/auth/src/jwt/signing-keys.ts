import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, transactionOf } from '@lfc/database';
import { Jwks, JWT_ALGORITHM, Role } from '@lfc/contracts';
import { SignJWT, importPKCS8, KeyLike } from 'jose';
import { KeyObject, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { DataSource, IsNull, Repository } from 'typeorm';
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

/** RSA key generation takes tens of milliseconds: off the event loop, and before any lock is taken. */
const newKeyPair = async (): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> =>
  promisify(generateKeyPair)('rsa', { modulusLength: 2048 });

/** Serialises rotations across auth replicas, so a schedule due on all of them rotates once. */
const ROTATION_LOCK = "pg_advisory_xact_lock(hashtext('lfc-signing-key-rotation'))";

/**
 * The RS256 keys that sign access tokens. A key older than the rotation period is retired and a new
 * one takes over; retired keys stay in the JWKS until every token they signed has expired. Every
 * signing reads which key is current (one indexed row; logins are rare next to argon2's cost), so a
 * rotation made by another replica or an admin is followed at once instead of a retired key signing on.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  /** The imported private key of the current kid: importing is the costly part. */
  private current: { kid: string; key: KeyLike } | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JWT_SETTINGS) readonly settings: JwtSettings,
    private readonly audit: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureCurrent();
  }

  /** Retires the current key and starts signing with a new one (an admin's rotation). */
  async rotate(): Promise<string> {
    const pair = await newKeyPair();
    return transactionOf(this.dataSource, async (manager) => {
      await manager.query(`SELECT ${ROTATION_LOCK}`);
      return this.replaceCurrent(manager.getRepository(SigningKeyEntity), pair);
    });
  }

  /**
   * `tokenVersion` is the user's as read with their credentials: a change after that read refuses
   * this token. `authTime` (epoch seconds) is when they proved who they are; a token issued later
   * for the same login would carry the original one.
   */
  async sign(subject: {
    userId: string;
    role: Role;
    email: string;
    tokenVersion: number;
    authTime: number;
  }): Promise<{ token: string; expiresIn: number }> {
    const { kid, key } = await this.ensureCurrent();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      role: subject.role,
      email: subject.email,
      ver: subject.tokenVersion,
      auth_time: subject.authTime,
    })
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
    return {
      keys: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, kty: 'RSA', alg: JWT_ALGORITHM, use: 'sig' })),
    };
  }

  private async ensureCurrent(): Promise<{ kid: string; key: KeyLike }> {
    let row = await this.currentRow(managerOf(this.dataSource).getRepository(SigningKeyEntity));
    if (!row || this.isDue(row)) row = await this.rotateOnSchedule();
    if (this.current?.kid !== row.kid)
      this.current = { kid: row.kid, key: await importPKCS8(row.privateKeyPem, JWT_ALGORITHM) };
    return this.current;
  }

  /** The scheduled rotation, done by the first replica that takes the lock; the others use its key. */
  private async rotateOnSchedule(): Promise<SigningKeyEntity> {
    const pair = await newKeyPair();
    const row = await transactionOf(this.dataSource, async (manager) => {
      await manager.query(`SELECT ${ROTATION_LOCK}`);
      const repository = manager.getRepository(SigningKeyEntity);
      const current = await this.currentRow(repository);
      if (current && !this.isDue(current)) return current;
      await this.replaceCurrent(repository, pair);
      const next = await this.currentRow(repository);
      if (!next) throw new Error('no signing key after rotation');
      // The first key of a fresh install is not a change anyone made; a scheduled rotation is, and
      // its record commits with it.
      if (current)
        await this.audit.record(SYSTEM_ACTOR, 'signing_key.rotate', `signing_key:${next.kid}`, {
          reason: 'scheduled',
          retired: current.kid,
        });
      return next;
    });
    return row;
  }

  private async replaceCurrent(
    repository: Repository<SigningKeyEntity>,
    { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject },
  ): Promise<string> {
    await repository.update({ retiredAt: IsNull() }, { retiredAt: new Date() });
    const kid = randomBytes(12).toString('hex');
    await repository.save(
      repository.create({
        kid,
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        publicJwk: publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
        retiredAt: null,
      }),
    );
    return kid;
  }

  private currentRow(repository: Repository<SigningKeyEntity>): Promise<SigningKeyEntity | null> {
    return repository.findOne({ where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  private isDue(row: SigningKeyEntity): boolean {
    return Date.now() - row.createdAt.getTime() >= this.settings.rotationDays * 86_400_000;
  }
}
