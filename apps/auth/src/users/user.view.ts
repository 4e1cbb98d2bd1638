import type { UserView } from '@lfc/contracts';
import { UserEntity } from './user.entity';

export type { UserView };

export function userViewOf(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    role: user.role,
    isActive: user.isActive,
    totpEnabled: user.totpEnabled,
    createdAt: user.createdAt.toISOString(),
  };
}
