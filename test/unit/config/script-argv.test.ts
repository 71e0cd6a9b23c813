import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesFromMap } from '../../../core/config/lexer.js';
import { parseKeepalivedConfig } from '../../../core/config/parse.js';
import { splitUserGroup } from '../../../core/config/script-argv.js';

// reference keepalived.md §1.1 (script strings re-tokenised) and §3.1 (notify argv)
test('§3.1 notify scripts split as keepalived splits them: quotes inside the script string group', () => {
  const text = [
    'vrrp_instance VI_1 {',
    '  interface eth0',
    '  virtual_router_id 51',
    '  virtual_ipaddress { 10.0.0.1 }',
    `  notify_master "/x.sh a 'b c'" nobody :nogroup`,
    '}',
  ].join('\n');
  const { config } = parseKeepalivedConfig('k.conf', { files: filesFromMap(new Map([['k.conf', text]])), configId: 'x', hostName: 'x' });
  const notify = config.vrrp.instances[0]?.notify[0];
  assert.deepEqual(notify?.argv, ['/x.sh', 'a', 'b c']);
  assert.equal(notify.user, 'nobody');
  assert.equal(notify.group, 'nogroup');
});

test('§3.3 user and group words: USER GROUP, USER:GROUP, USER :GROUP, USER alone', () => {
  assert.deepEqual(splitUserGroup(['u', 'g']), { user: 'u', group: 'g' });
  assert.deepEqual(splitUserGroup(['u:g']), { user: 'u', group: 'g' });
  assert.deepEqual(splitUserGroup(['u', ':g']), { user: 'u', group: 'g' });
  assert.deepEqual(splitUserGroup(['u']), { user: 'u' });
  assert.deepEqual(splitUserGroup([]), {});
});
