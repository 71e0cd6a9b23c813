// The store contract (test/support/store-contract.ts) against the file journal, under each fsync
// policy, and with segments small enough that the contract's records span several.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileJournal, type FileJournalOptions } from '../../../adapters/store/file/journal.js';
import { CONTRACT_NODE, storeContract } from '../../support/store-contract.js';

function fileStorage(options: Partial<FileJournalOptions>) {
  return async () => {
    const directory = await mkdtemp(join(tmpdir(), 'vigil-journal-'));
    return {
      open: () => openFileJournal({ directory, nodeId: CONTRACT_NODE, vigilVersion: '0.1.0-test', configDigest: 'c0ffee', ...options }),
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  };
}

storeContract('file journal, fsync batch', fileStorage({ fsync: 'batch' }));
storeContract('file journal, fsync always', fileStorage({ fsync: 'always' }));
storeContract('file journal, fsync none', fileStorage({ fsync: 'none' }));
storeContract('file journal, 1 KiB segments', fileStorage({ segmentBytes: 1024 }));
