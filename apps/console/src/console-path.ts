/** The console page an address names, without the `/console` base or a trailing slash: `usage`, `admin/audit`. */
export function consolePageOf(pathname: string): string {
  return pathname.replace(/^\/console\/?/, '').replace(/\/$/, '');
}
