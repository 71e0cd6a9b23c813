// Users and groups by name, from /etc/passwd and /etc/group (what getpwnam/getgrnam read on a
// host without NSS plugins; keepalived resolves script users the same way at config time).
import { readFileSync } from 'node:fs';

export interface Identity {
  readonly uid: number;
  readonly gid: number;
}

function table(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/** The uid and primary gid of `user` (a name or a number), with `group` overriding the gid. */
export function resolveIdentity(user: string, group?: string): Identity | undefined {
  const passwd = table('/etc/passwd');
  const entry = passwd.find((f) => f[0] === user) ?? (/^\d+$/.test(user) ? [user, '', user, user] : undefined);
  if (entry === undefined) return undefined;
  const uid = Number(entry[2]);
  let gid = Number(entry[3]);
  if (group !== undefined) {
    const g = table('/etc/group').find((f) => f[0] === group) ?? (/^\d+$/.test(group) ? [group, '', group] : undefined);
    if (g === undefined) return undefined;
    gid = Number(g[2]);
  }
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
}
