import { UserEntity } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  username: string;
  role: string;
  isActive: boolean;
  totpEnabled: boolean;
  createdAt: string;
}

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
