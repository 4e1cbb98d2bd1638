import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lfc/common';
import { Actor } from './actor';
import { CLOCK, Clock } from './clock';

export const FRESH_LOGIN_SECONDS = Symbol('FRESH_LOGIN_SECONDS');

/**
 * Setting a password or a second factor takes over an account for good, so it is for the person
 * themselves, moments after proving who they are: never an API key (a key holder could otherwise
 * give the passwordless bootstrap admin a password), nor a token that has been around for hours.
 */
@Injectable()
export class FreshLogin {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FRESH_LOGIN_SECONDS) private readonly maxAgeSeconds: number,
  ) {}

  assert(actor: Actor): void {
    if (actor.holds.via !== 'jwt') {
      throw new DomainError(
        'fresh_login_required',
        'This needs a person’s fresh login: log in and use the access token, not an API key',
      );
    }
    const { authTime } = actor.holds;
    if (authTime === null || this.clock() - authTime > this.maxAgeSeconds * 1000) {
      throw new DomainError(
        'fresh_login_required',
        `This needs a login within the last ${this.maxAgeSeconds} s (LFC_FRESH_LOGIN_SECONDS): log in again`,
      );
    }
  }
}
