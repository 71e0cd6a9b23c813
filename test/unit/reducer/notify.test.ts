// Notify scripts and FIFO lines (keepalived vrrp_notify.c; reference keepalived.md §3.1, §3.2).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

const NOTIFY = `notify_master "/bin/state.sh node1-master-only"
notify_backup /bin/backup.sh
notify "/bin/all.sh node1"`;

describe('notifies (reference §3.1, §3.2)', () => {
  it('state script with only its configured argv, then generic notify with INSTANCE NAME STATE PRIORITY, then FIFO', () => {
    const n = new TestNode(instanceConfig({ priority: 150, extra: NOTIFY, global: 'notify_fifo /run/all.fifo\nvrrp_notify_fifo /run/vrrp.fifo' }));
    const boot = n.boot(0);
    assert.deepEqual(
      boot.filter((e) => e.kind === 'RunScript' || e.kind === 'WriteFifo').map((e) => (e.kind === 'RunScript' ? e.argv.join(' ') : `${e.path} ${e.line}`)),
      [
        '/bin/backup.sh',
        '/bin/all.sh node1 INSTANCE VI_1 BACKUP 150',
        '/run/all.fifo INSTANCE "VI_1" BACKUP 150\n',
        '/run/vrrp.fifo INSTANCE "VI_1" BACKUP 150\n',
      ],
    );
    const master = n.runToDeadline();
    assert.deepEqual(ofKind(master, 'RunScript').map((e) => [e.purpose, e.argv.join(' ')]), [
      ['notify', '/bin/state.sh node1-master-only'],
      ['notify', '/bin/all.sh node1 INSTANCE VI_1 MASTER 150'],
    ]);
  });

  it('the `user` given on a notify line goes with the script', () => {
    const n = new TestNode(instanceConfig({ priority: 150, extra: 'notify_backup "/bin/b.sh" nobody' }));
    const boot = n.boot(0);
    assert.deepEqual(ofKind(boot, 'RunScript').map((e) => e.user), ['nobody']);
  });

  it('STOP notifies at shutdown get keepalived\'s 1 s before they are killed', () => {
    const n = new TestNode(instanceConfig({ priority: 150, extra: 'notify_stop /bin/stop.sh\nnotify /bin/all.sh' }));
    n.boot(0);
    const effects = n.send(1_000_000, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => [e.argv.join(' '), e.timeoutMicros]), [
      ['/bin/stop.sh', 1_000_000],
      ['/bin/all.sh INSTANCE VI_1 STOP 150', 1_000_000],
    ]);
  });
});
