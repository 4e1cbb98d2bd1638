import {
  BROWSER_SESSION_PATH,
  BrowserSession,
  BrowserSessionSchema,
  ChangePasswordInput,
  CompleteSetupInput,
  LoginInput,
  RecoveryCodes,
  RecoveryCodesSchema,
  RegisterInput,
  SecondFactorProofInput,
  SetupLinkInfo,
  SetupLinkInfoSchema,
  SignInOptions,
  SignInOptionsSchema,
  TotpEnrolment,
  TotpEnrolmentSchema,
  UserView,
  UserViewSchema,
} from '@lfc/contracts';
import { apiJson, apiVoid } from './http';
import { session } from './session';

const AUTH = '/api/v1/auth';

export function signInOptions(): Promise<SignInOptions> {
  return apiJson(`${AUTH}/sign-in-options`, SignInOptionsSchema, { authenticated: false });
}

export async function signIn(credentials: LoginInput): Promise<BrowserSession> {
  const started = await apiJson(BROWSER_SESSION_PATH, BrowserSessionSchema, {
    method: 'POST',
    body: credentials,
    authenticated: false,
  });
  session.adopt(started);
  return started;
}

export function register(registration: RegisterInput): Promise<UserView> {
  return apiJson(`${AUTH}/register`, UserViewSchema, { method: 'POST', body: registration, authenticated: false });
}

export function inspectSetupLink(token: string): Promise<SetupLinkInfo> {
  return apiJson(`${AUTH}/setup/inspect`, SetupLinkInfoSchema, {
    method: 'POST',
    body: { token },
    authenticated: false,
  });
}

export async function completeSetup(input: CompleteSetupInput): Promise<BrowserSession> {
  const started = await apiJson(`${AUTH}/setup`, BrowserSessionSchema, {
    method: 'POST',
    body: input,
    authenticated: false,
  });
  session.adopt(started);
  return started;
}

export function changePassword(change: ChangePasswordInput): Promise<void> {
  return apiVoid(`${AUTH}/me/password`, { method: 'POST', body: change });
}

export function startTotpEnrolment(): Promise<TotpEnrolment> {
  return apiJson(`${AUTH}/me/totp`, TotpEnrolmentSchema, { method: 'POST' });
}

export async function confirmTotp(code: string): Promise<RecoveryCodes> {
  const codes = await apiJson(`${AUTH}/me/totp/confirm`, RecoveryCodesSchema, { method: 'POST', body: { code } });
  const user = session.user;
  if (user) session.updateUser({ ...user, totpEnabled: true });
  return codes;
}

export async function removeTotp(proof: SecondFactorProofInput): Promise<void> {
  await apiVoid(`${AUTH}/me/totp`, { method: 'DELETE', body: proof });
  const user = session.user;
  if (user) session.updateUser({ ...user, totpEnabled: false });
}

export function regenerateRecoveryCodes(proof: SecondFactorProofInput): Promise<RecoveryCodes> {
  return apiJson(`${AUTH}/me/recovery-codes`, RecoveryCodesSchema, { method: 'POST', body: proof });
}

export function listUsers(): Promise<UserView[]> {
  return apiJson(`${AUTH}/users`, UserViewSchema.array());
}
