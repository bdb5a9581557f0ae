/** What the portal's modules share: the signed-in account and what a page is rendered with. */
import type { PortalRole } from '../config.ts';
import type { Lang } from '../lang.ts';

export type Role = PortalRole;

export interface User {
  id: number;
  name: string;
  role: Role;
  /** The bank a bank liaison is bound to. */
  bank: string | null;
  /** Districts a supervisor is limited to; null = every district. */
  districts: string[] | null;
  disabled: boolean;
}

export interface Session {
  id: number;
  user: User;
  csrf: string;
  expiresMs: number;
}

/** Everything a page needs besides its own data. */
export interface PageContext {
  lang: Lang;
  user: User | null;
  csrf: string;
  /** The path being shown, for the navigation's current item. */
  path: string;
}
