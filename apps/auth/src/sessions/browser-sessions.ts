import { Inject, Injectable } from '@nestjs/common';
import type { BrowserSession } from '@lfc/contracts';
import { randomUUID } from 'node:crypto';
import { CLOCK, Clock } from '../access/clock';
import { newOpaqueToken } from '../access/opaque-token';
import { SigningKeys } from '../jwt/signing-keys';
import { UserEntity } from '../users/user.entity';
import { userViewOf } from '../users/user.view';
import { RefreshTokensRepository } from './refresh-tokens.repository';

export const REFRESH_TTL_SECONDS = Symbol('REFRESH_TTL_SECONDS');

/** A browser session as issued: the answer, and the refresh token for the cookie (never in the answer). */
export interface IssuedBrowserSession {
  session: BrowserSession;
  refreshToken: string;
  /** How long the refresh token works: the cookie's Max-Age. */
  refreshTtlSeconds: number;
}

/** The sign-in a session descends from. */
export interface SessionFamily {
  familyId: string;
  /** Epoch ms of the sign-in. */
  authTime: number;
}

/**
 * Issues the two halves of a browser session: an access token for the page to hold in memory, and
 * a refresh token for the HttpOnly cookie. Each refresh token works for `LFC_REFRESH_TTL_SECONDS`
 * after it was issued; the access tokens of a session all carry the sign-in's `auth_time`, so a
 * refreshed session never counts as a fresh login.
 */
@Injectable()
export class BrowserSessions {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly signingKeys: SigningKeys,
    @Inject(REFRESH_TTL_SECONDS) private readonly ttlSeconds: number,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A new session for a person who has just proved who they are. */
  async start(user: UserEntity): Promise<IssuedBrowserSession> {
    const now = this.clock();
    // Sign-ins are what adds families, so they also clear out the tokens that can no longer be used.
    await this.refreshTokens.deleteExpired(new Date(now));
    return this.issue(user, { familyId: randomUUID(), authTime: now });
  }

  /** The next token of a family (the caller has rotated the one presented). */
  continue(user: UserEntity, family: SessionFamily): Promise<IssuedBrowserSession> {
    return this.issue(user, family);
  }

  private async issue(user: UserEntity, family: SessionFamily): Promise<IssuedBrowserSession> {
    const refresh = newOpaqueToken();
    await this.refreshTokens.create({
      familyId: family.familyId,
      userId: user.id,
      tokenHash: refresh.hash,
      authTime: new Date(family.authTime),
      tokenVersion: user.tokenVersion,
      expiresAt: new Date(this.clock() + this.ttlSeconds * 1000),
    });
    const { token, expiresIn } = await this.signingKeys.sign({
      userId: user.id,
      role: user.role,
      email: user.email,
      tokenVersion: user.tokenVersion,
      authTime: Math.floor(family.authTime / 1000),
    });
    return {
      session: { accessToken: token, tokenType: 'Bearer', expiresIn, user: userViewOf(user) },
      refreshToken: refresh.token,
      refreshTtlSeconds: this.ttlSeconds,
    };
  }
}
