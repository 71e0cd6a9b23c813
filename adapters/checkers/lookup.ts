// The checkers of a parsed config by the ids core/lvs gives them (core/lvs/ids.ts): what the
// RunCheck executor probes. Built once per loaded config; a reload builds a new one.
import { checkerId, realServerId, virtualServerId } from '../../core/lvs/ids.js';
import type { CheckTarget } from './target.js';
import type { CheckerConfig } from './thread-messages.js';

export function checkTargets(config: CheckerConfig): Map<string, CheckTarget> {
  const trackFiles = new Map(config.trackFiles.map((t) => [t.name, t.file]));
  const scriptUser = config.scriptUser === undefined ? undefined : { user: config.scriptUser.user, group: config.scriptUser.group };
  const targets = new Map<string, CheckTarget>();
  for (const virtualServer of config.lvs.virtualServers) {
    const vs = virtualServerId(virtualServer);
    for (const realServer of virtualServer.realServers) {
      const rs = realServerId(realServer);
      realServer.checkers.forEach((checker, index) => {
        targets.set(checkerId(vs, rs, index), {
          checker,
          realServer,
          virtualServer,
          ssl: config.lvs.ssl,
          trackFilePath: checker.kind === 'FILE_CHECK' ? trackFiles.get(checker.trackFile) : undefined,
          scriptUser,
        });
      });
    }
  }
  return targets;
}
