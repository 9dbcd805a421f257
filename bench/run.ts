/**
 * `npm run bench [-- name …]`: runs the bench modules in sequence and writes docs/benchmarks.md.
 * Figures are kept per module in bench/results.json, so running one module refreshes its section
 * and leaves the others as they were last measured (each section says when and where).
 */
import fs from 'node:fs';
import os from 'node:os';
import { takeReportedDetails } from './support.ts';
import type { BenchModule, BenchResult } from './types.ts';

/** Every bench module, in the order they run and appear in the document. */
const MODULES = [
  'core-decomposition',
  'core-forecast',
  'api-list',
  'api-get',
  'import-customers',
  'bank-import',
  'deals-list',
  'deal-board',
  'receivables-aging',
  'startup',
] as const;

const benchDir = new URL('./', import.meta.url);
const resultsFile = new URL('results.json', benchDir);
const docFile = new URL('../docs/benchmarks.md', benchDir);

interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  os: string;
  node: string;
}

interface ModuleRecord {
  measuredAt: string;
  machine: Machine;
  /** 1-minute load average when the module started: other work on the machine skews the figures. */
  loadAverage: number;
  postgres?: string;
  notes?: string[];
  results: BenchResult[];
}

type Store = Record<string, ModuleRecord>;

function currentMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

function sameMachine(a: Machine, b: Machine): boolean {
  return a.cpu === b.cpu && a.cores === b.cores && a.memory === b.memory && a.node === b.node;
}

function moduleUrl(name: string): URL {
  return new URL(`${name}.ts`, benchDir);
}

function loadStore(): Store {
  if (!fs.existsSync(resultsFile)) {
    return {};
  }
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Store;
  } catch (err) {
    // Losing old figures is better than refusing to measure new ones; say so.
    console.warn(`bench/results.json is unreadable (${String(err)}); starting afresh.`);
    return {};
  }
}

function selectedModules(args: string[]): string[] {
  const unknown = args.filter((a) => !(MODULES as readonly string[]).includes(a));
  if (unknown.length > 0) {
    throw new Error(`Unknown bench module(s): ${unknown.join(', ')}. Known: ${MODULES.join(', ')}.`);
  }
  return args.length > 0 ? MODULES.filter((m) => args.includes(m)) : [...MODULES];
}

async function runModule(name: string): Promise<ModuleRecord | undefined> {
  const url = moduleUrl(name);
  if (!fs.existsSync(url)) {
    console.log(`- ${name}: bench/${name}.ts does not exist yet; skipped.`);
    return undefined;
  }
  const mod = (await import(url.href)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') {
    throw new Error(`bench/${name}.ts does not export run()`);
  }
  console.log(`- ${name} …`);
  takeReportedDetails();
  const loadAverage = os.loadavg()[0] ?? 0;
  const started = Date.now();
  const results = await mod.run();
  const details = takeReportedDetails();
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const r of results) {
    console.log(`  ${r.name}: ${r.figure} — ${r.yardstick} — ${r.ratio}`);
  }
  return {
    measuredAt: new Date().toISOString(),
    machine: currentMachine(),
    loadAverage,
    ...details,
    results,
  };
}

function formatDate(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function goal(met: boolean | undefined): string {
  if (met === undefined) {
    return '—';
  }
  return met ? 'yes' : '**no**';
}

function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memory}, Node ${m.node}`;
}

function renderModule(name: string, record: ModuleRecord, machine: Machine): string[] {
  const where = sameMachine(record.machine, machine)
    ? 'on the machine above'
    : `on another machine (${describeMachine(record.machine)})`;
  const load = `, load average ${record.loadAverage.toFixed(1)} at the start`;
  const db = record.postgres ? `; ${record.postgres}` : '';
  const sections = [...new Set(record.results.map((r) => r.section))];
  return sections.flatMap((section) => [
    `## ${section}`,
    '',
    `Measured ${formatDate(record.measuredAt)} ${where}${load}${db}. This section alone: \`npm run bench -- ${name}\`.`,
    '',
    '| What | Data size | Figure | Yardstick | Ratio | Goal met | Command |',
    '|---|---|---|---|---|---|---|',
    ...record.results
      .filter((r) => r.section === section)
      .map(
        (r) =>
          `| ${cell(r.name)} | ${cell(r.dataSize)} | ${cell(r.figure)} | ${cell(r.yardstick)} | ${cell(r.ratio)} | ${goal(r.goalMet)} | \`${cell(r.command)}\` |`,
      ),
    '',
    ...(record.notes ?? []).flatMap((note) => [note, '']),
  ]);
}

function render(store: Store): string {
  const machine = currentMachine();
  const shown = MODULES.filter((name) => store[name] && fs.existsSync(moduleUrl(name)));
  const postgres = [
    ...new Set(
      shown
        .map((name) => store[name]!)
        .filter((r) => r.postgres && sameMachine(r.machine, machine))
        .map((r) => r.postgres!),
    ),
  ];
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts) from bench/results.json; edit those, not this file. -->',
    '',
    'Run every bench with `npm run bench`, or some of them with `npm run bench -- <name> …` ' +
      `(names: ${MODULES.map((m) => `\`${m}\``).join(', ')}); a partial run keeps the other sections as last ` +
      'measured. Each figure comes with its data size, the yardstick it is compared with and the ratio ' +
      '(DESIGN.md §9). A full run takes a minute or two.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${cell(machine.cpu)} |`,
    `| Cores | ${machine.cores} |`,
    `| Memory | ${machine.memory} |`,
    `| OS | ${cell(machine.os)} |`,
    `| Node | ${machine.node} |`,
    ...(postgres.length > 0 ? [`| PostgreSQL | ${cell(postgres.join('; '))} |`] : []),
    `| Date | ${formatDate(new Date().toISOString())} |`,
    '',
    ...shown.flatMap((name) => renderModule(name, store[name]!, machine)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--render-only')) {
    // Rewrites docs/benchmarks.md from bench/results.json (after merging two branches' results).
    fs.writeFileSync(docFile, render(loadStore()));
    console.log('Wrote docs/benchmarks.md');
    return;
  }
  let names: string[];
  try {
    names = selectedModules(args);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
    return;
  }
  const store = loadStore();
  for (const name of names) {
    try {
      const record = await runModule(name);
      if (record) {
        store[name] = record;
      }
    } catch (err) {
      // One broken bench must not throw away the others' fresh figures; its old section stays.
      console.error(`  ${name} failed:`, err);
      process.exitCode = 1;
    }
  }
  fs.writeFileSync(resultsFile, `${JSON.stringify(store, null, 2)}\n`);
  fs.writeFileSync(docFile, render(store));
  console.log('Wrote docs/benchmarks.md');
}

await main();
