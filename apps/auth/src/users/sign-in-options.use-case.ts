import { Inject, Injectable } from '@nestjs/common';
import type { SignInOptions } from '@lfc/contracts';
import { SELF_REGISTRATION } from './create-user.use-case';

/** What the sign-in page may offer to someone not signed in: nothing about any account. */
@Injectable()
export class SignInOptionsUseCase {
  constructor(@Inject(SELF_REGISTRATION) private readonly selfRegistration: boolean) {}

  execute(): SignInOptions {
    return { selfRegistration: this.selfRegistration };
  }
}
