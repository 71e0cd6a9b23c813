import { configParseRows } from './config-parse.js';
import { printTable } from './table.js';

/** `npm run bench`: every benchmark, one table. */
printTable([...configParseRows()]);
