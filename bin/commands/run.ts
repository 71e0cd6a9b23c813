import { rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { BehaviorSubject, fromEvent, map, merge, type Observable, type Subscription } from 'rxjs';
import { startCheckerThread, timerRouter } from '../../adapters/checkers/thread.js';
import { ipvsExecutor } from '../../adapters/ipvs/executor.js';
import { linkAddressEvents } from '../../adapters/netlink/link-address-source.js';
import { netlinkExecutor } from '../../adapters/netlink/executor.js';
import { enterNamespace } from '../../adapters/netns/namespaces.js';
import { systemClock } from '../../adapters/runtime/clock.js';
import { loadConfig } from '../../adapters/runtime/config-loader.js';
import { Pipeline } from '../../adapters/runtime/pipeline.js';
import { writeDumps, type DumpSignal } from '../../adapters/runtime/dump-files.js';
import { daemonLog } from '../../adapters/runtime/daemon-log.js';
import { logFacility, SYSLOG_SOCKET, SyslogWriter } from '../../adapters/runtime/syslog.js';
import { configExecutor, exitExecutor, logExecutor } from '../../adapters/runtime/standard-executors.js';
import { TimerService } from '../../adapters/runtime/timers.js';
import { scriptExecutor } from '../../adapters/scripts/executor.js';
import { fifoExecutor } from '../../adapters/scripts/fifo.js';
import { notifyFifoPlan, openNotifyFifos, type NotifyFifos } from '../../adapters/scripts/fifos.js';
import { ScriptLauncher, scriptSettings } from '../../adapters/scripts/launcher.js';
import { runLifecycleScript } from '../../adapters/scripts/lifecycle.js';
import { mailExecutor } from '../../adapters/smtp/executor.js';
import { openFileJournal, type FileJournal } from '../../adapters/store/file/journal.js';
import type { FsyncPolicy } from '../../adapters/store/file/group-commit.js';
import { AdvertSender, advertsReceived, loadNetraw, NeighborAnnouncer, receiveSocketsFor, type ReceiveSocketSpec } from '../../adapters/vrrp-net/index.js';
import { formatDiagnostic } from '../../core/config/diagnostics.js';
import type { Event } from '../../core/events/index.js';
import { configForSubsystems, subsystemsFromFlags } from '../../core/reducer/subsystems.js';
import { DEFAULT_CONFIG_FILE } from './check-config.js';

const VERSION = '0.1.0';

/**
 * Links and addresses first (the netlink dump), then the rest: resolves once the dump has come in
 * (the first events, then 100 ms without another), so ConfigLoaded follows the facts it needs.
 */
function afterDump(source: Observable<Event>, forward: (e: Event) => void): Promise<Subscription> {
  return new Promise((resolve, reject) => {
    let quiet: NodeJS.Timeout | undefined;
    const subscription = source.subscribe({
      next: (e) => {
        forward(e);
        clearTimeout(quiet);
        quiet = setTimeout(() => {
          resolve(subscription);
        }, 100);
      },
      error: (err: unknown) => {
        clearTimeout(quiet);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    });
  });
}

/**
 * `vigil run` (and keepalived's `vigil -f FILE -n -l -D`): the VRRP daemon. Runs in the
 * foreground (systemd Type=simple or notify; -n is accepted and implied), logs to stdout.
 * Exit 0 after SIGTERM, 1 when it cannot start.
 */
export async function runDaemon(args: readonly string[], spelling: 'vigil' | 'keepalived' = 'vigil'): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'use-file': { type: 'string', short: 'f', default: DEFAULT_CONFIG_FILE },
        journal: { type: 'string' },
        fsync: { type: 'string', default: 'batch' },
        'dont-fork': { type: 'boolean', short: 'n', default: false },
        'log-console': { type: 'boolean', short: 'l', default: false },
        'log-detail': { type: 'boolean', short: 'D', default: false },
        vrrp: { type: 'boolean', short: 'P', default: false },
        check: { type: 'boolean', short: 'C', default: false },
        pid: { type: 'string', short: 'p' },
        'config-id': { type: 'string', short: 'i' },
        namespace: { type: 'string', short: 's' },
        'no-syslog': { type: 'boolean', short: 'G', default: false },
        'log-facility': { type: 'string', short: 'S', default: 'daemon' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`vigil run: ${(e as Error).message}\n`);
    return 2;
  }
  const facility = logFacility(values['log-facility']);
  if (facility === undefined) {
    process.stderr.write(`vigil run: -S/--log-facility: expected 0-7, local0-local7, daemon or user, got '${values['log-facility']}'\n`);
    return 2;
  }
  if (!['always', 'batch', 'none'].includes(values.fsync)) {
    process.stderr.write(`vigil run: --fsync: expected always, batch or none, got '${values.fsync}'\n`);
    return 2;
  }
  const host = hostname();
  const loadOptions = { mainFile: values['use-file'], configId: values['config-id'] ?? host.split('.')[0] ?? host, hostName: host, env: process.env };
  const loaded = loadConfig(loadOptions);
  for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!loaded.ok) {
    process.stderr.write(`vigil run: ${loaded.error}\n`);
    return 1;
  }
  let netraw;
  // keepalived: -s/--namespace overrides the config's net_namespace.
  const namespace = values.namespace ?? loaded.event.config.global.netNamespace;
  try {
    netraw = loadNetraw();
    if (namespace !== undefined) enterNamespace(netraw, namespace);
  } catch (e) {
    process.stderr.write(`vigil run: ${(e as Error).message}\n`);
    return 1;
  }
  // keepalived -P / -C: the other side's part of the config is left out of what this process runs.
  const subsystems = subsystemsFromFlags(values.vrrp, values.check);
  const narrowed = (e: Event): Event => (e.kind === 'ConfigLoaded' ? { ...e, config: configForSubsystems(e.config, subsystems) } : e);
  const config = configForSubsystems(loaded.event.config, subsystems);
  const nodeId = config.global.routerId;
  let journal: FileJournal | undefined;
  if (values.journal !== undefined) {
    journal = await openFileJournal({
      directory: values.journal,
      nodeId,
      vigilVersion: VERSION,
      configDigest: loaded.event.digest,
      fsync: values.fsync as FsyncPolicy,
    });
  }
  if (values.pid !== undefined) writeFileSync(values.pid, `${process.pid}\n`);
  // keepalived logs to syslog unless -G, to the console with -l; `vigil run` always to the console.
  const write = daemonLog({
    console: spelling === 'vigil' || values['log-console'],
    ...(values['no-syslog'] ? {} : {
      syslog: new SyslogWriter({
        ident: values.check ? 'Keepalived_healthcheckers' : 'Keepalived_vrrp',
        facility,
        // VIGIL_SYSLOG_SOCKET: a log socket elsewhere than /dev/log (containers, tests).
        send: (datagram) => { netraw.sendDatagram(process.env['VIGIL_SYSLOG_SOCKET'] ?? SYSLOG_SOCKET, datagram); },
      }),
    }),
  });
  write(`Starting Vigil v${VERSION}`);
  if (namespace !== undefined) write(`Running in network namespace ${namespace}`);

  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const emit = (e: Event): void => {
    pipeline.input.next(e);
  };
  // The receive sockets the config in force needs: those of the start-up config, then of each
  // reload (an instance on a new interface, family or unicast source hears its peers).
  const receiveSockets = new BehaviorSubject<readonly ReceiveSocketSpec[]>(receiveSocketsFor(config.vrrp.instances));
  const timers = new TimerService(systemClock, (timer) => {
    emit({ kind: 'TimerFired', timer });
  });
  // Scripts as keepalived runs them (default user, security checks before each run). The notify
  // FIFOs are opened after the startup script (keepalived's children open them).
  const launcher = new ScriptLauncher({ ...scriptSettings(config.global), log: write });
  const opened: { fifos?: NotifyFifos } = {};
  const scripts = scriptExecutor({ emit, launcher });
  const netlink = netlinkExecutor();
  const ipvs = ipvsExecutor({ emit });
  // The checkers' timers and probes on a thread of their own, off the VRRP event loop.
  const checks = startCheckerThread({ emit, config: () => pipeline.current.config, lvs: () => pipeline.current.lvs, log: write });
  const sender = new AdvertSender(netraw);
  const pipeline: Pipeline = new Pipeline({
    nodeId,
    clock: systemClock,
    ...(journal === undefined ? {} : { journal }),
    executors: [
      timerRouter(timers, checks),
      logExecutor(write, values['log-detail'] ? 'debug' : 'info'),
      configExecutor(loadOptions, (e) => {
        const config = narrowed(e);
        emit(config);
        if (config.kind === 'ConfigLoaded') receiveSockets.next(receiveSocketsFor(config.config.vrrp.instances));
      }),
      exitExecutor((code) => {
        finish(code);
      }),
      netlink,
      sender,
      new NeighborAnnouncer(netraw),
      scripts,
      fifoExecutor({ writerFor: (path) => opened.fifos?.writerFor(path) }),
      mailExecutor(),
      ipvs,
      checks,
    ],
  });
  // keepalived's dump signals: projections of the current state, not events (nothing changes).
  const dump = (signal: DumpSignal): void => {
    for (const message of writeDumps(signal, pipeline.current, systemClock)) write(message);
  };
  const onUsr1 = (): void => {
    dump('SIGUSR1');
  };
  const onUsr2 = (): void => {
    dump('SIGUSR2');
  };
  process.on('SIGUSR1', onUsr1);
  process.on('SIGUSR2', onUsr2);
  const signals = merge(
    fromEvent(process, 'SIGHUP').pipe(map((): Event => ({ kind: 'ReloadRequested' }))),
    fromEvent(process, 'SIGTERM').pipe(map((): Event => ({ kind: 'ShutdownRequested', signal: 'SIGTERM' }))),
    fromEvent(process, 'SIGINT').pipe(map((): Event => ({ kind: 'ShutdownRequested', signal: 'SIGINT' }))),
  );
  pipeline.start([signals]);
  emit({ kind: 'DaemonStarted', vigilVersion: VERSION, pid: process.pid });
  // keepalived's parent runs startup_script before it starts its children (main.c
  // run_startup_script): here before the netlink dump and the config reach the reducer. A
  // SIGTERM meanwhile stops it as its timeout would. Its outcome is journaled, decides nothing.
  const detail = values['log-detail'];
  const stopStartup = new AbortController();
  void finished.then(() => {
    stopStartup.abort();
  });
  const started = await runLifecycleScript(config.global, 'startup', { launcher, log: write, detail, signal: stopStartup.signal });
  if (started !== undefined) emit(started);
  // Notify FIFOs created and held open, their *_fifo_script started.
  const fifos = openNotifyFifos(config.global, {
    mkfifo: (path, mode) => {
      netraw.mkfifo(path, mode);
    },
    log: write,
    launcher,
    ...notifyFifoPlan(config),
  });
  opened.fifos = fifos;
  // A link change retries the receive sockets that could not open (an interface not there yet).
  const links = await afterDump(linkAddressEvents(), (e) => {
    emit(e);
    if (e.kind === 'LinkChanged') receiveSockets.next(receiveSockets.value);
  });
  emit(narrowed(loaded.event));
  const adverts = advertsReceived(netraw, receiveSockets, (spec, error) => {
    write(`cannot receive VRRP on ${spec.interface} (${spec.family}): ${(error as Error).message}`);
  }).subscribe(emit);

  const code = await finished;
  // The shutdown step's effects (priority 0, VIPs removed) must be done before the sockets close;
  // the STOP notifies start once the VIPs are gone (Pipeline: scripts wait for address changes).
  await pipeline.drain();
  // STOP notifies finish (or are stopped), so their NotifyFinished events are journaled.
  await scripts.stop();
  adverts.unsubscribe();
  links.unsubscribe();
  timers.cancelAll();
  await checks.stop();
  await ipvs.close();
  process.off('SIGUSR1', onUsr1);
  process.off('SIGUSR2', onUsr2);
  await fifos.close();
  // keepalived's parent runs shutdown_script once its children have exited (main.c sigend): the
  // VIPs are gone, the FIFO scripts stopped. The config in force (a reload may have changed it).
  const stopped = await runLifecycleScript(pipeline.current.config?.global ?? config.global, 'shutdown', { launcher, log: write, detail });
  if (stopped !== undefined) emit(stopped);
  pipeline.stop();
  netlink.close();
  sender.close();
  await journal?.close();
  if (values.pid !== undefined) rmSync(values.pid, { force: true });
  write('Stopped');
  return code;
}
