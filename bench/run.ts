import { checkerRows } from './checkers.js';
import { codecRows } from './codec.js';
import { configParseRows } from './config-parse.js';
import { daemonRows } from './daemon.js';
import { journalRows } from './journal.js';
import { reducerRows } from './reducer.js';
import { replayRows } from './replay.js';
import { simulatorRows } from './simulator.js';
import { printTable } from './table.js';

/** `npm run bench`: every benchmark, one table. */
printTable([...configParseRows(), ...reducerRows(), ...codecRows(), ...simulatorRows(), ...replayRows(), ...(await journalRows()), ...(await daemonRows()), ...(await checkerRows())]);
