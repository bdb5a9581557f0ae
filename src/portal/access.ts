/** Who may see what: the portal's whole access policy in one place. */
import type { Config } from '../config.ts';
import type { User } from './types.ts';

/** Runs, findings and reports: operators and supervisors. */
export function canReadFindings(user: User): boolean {
  return user.role === 'operator' || user.role === 'supervisor';
}

/**
 * The whole-run report (HTML and Excel) covers every district, so a supervisor limited to some
 * districts does not get it; their findings page shows their districts only.
 */
export function canReadWholeReport(user: User): boolean {
  return user.role === 'operator' || (user.role === 'supervisor' && user.districts === null);
}

export function canReview(user: User): boolean {
  return user.role === 'operator' || user.role === 'supervisor';
}

export function canUpload(user: User): boolean {
  return user.role === 'operator' || (user.role === 'bank' && user.bank !== null);
}

export function canOperate(user: User): boolean {
  return user.role === 'operator';
}

/** A finding's district is within the account's reach (unknown districts only for unlimited accounts). */
export function canSeeDistrict(user: User, district: string | null): boolean {
  if (user.districts === null) return true;
  return district !== null && user.districts.includes(district);
}

export function mayUnmask(user: User, config: Config): boolean {
  return config.portal.unmaskRoles.includes(user.role);
}

/** Where an account lands after signing in. */
export function homeOf(user: User): string {
  return user.role === 'operator' ? '/operator' : user.role === 'bank' ? '/upload' : '/runs';
}
