#!/usr/bin/env node
/**
 * Writes a synthetic province as JSON lines: first every org ({"type":"org",…}), then every
 * teacher ({"type":"teacher",…}), streamed with back-pressure so 1.1 M teachers never sit in memory.
 *
 *   node libs/synthetic-province/dist/cli.js --seed 1 --teachers 100000 > /tmp/t.jsonl
 *   node libs/synthetic-province/dist/cli.js --seed 1 --scale province --out /tmp/province.jsonl
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { generateProvince, type ProvinceOptions, type Scale } from './index.js';

const USAGE = `usage: cli.js [--seed S] [--teachers N | --scale demo|city|province] [--counties K]
              [--per-school MIN-MAX] [--only orgs|teachers] [--out FILE]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function positiveInt(name: string, value: string): number {
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function parseOptions(): { options: ProvinceOptions; only: string | undefined; out: string | undefined } {
  const parse = () => parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      teachers: { type: 'string' },
      scale: { type: 'string' },
      counties: { type: 'string' },
      'per-school': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.teachers !== undefined && values.scale !== undefined) fail('give --teachers or --scale, not both');
  let scale: Scale = 'demo';
  if (values.teachers !== undefined) scale = positiveInt('teachers', values.teachers);
  else if (values.scale !== undefined) {
    if (values.scale !== 'demo' && values.scale !== 'city' && values.scale !== 'province') fail(`unknown --scale "${values.scale}"`);
    scale = values.scale;
  }
  const options: ProvinceOptions = { seed: values.seed, scale };
  if (values.counties !== undefined) options.counties = positiveInt('counties', values.counties);
  if (values['per-school'] !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(values['per-school']);
    if (!m) fail('--per-school must look like 10-40');
    options.teachersPerSchool = [Number(m[1]), Number(m[2])];
  }
  if (values.only !== undefined && values.only !== 'orgs' && values.only !== 'teachers') fail(`unknown --only "${values.only}"`);
  return { options, only: values.only, out: values.out };
}

/** `{"type":…,` + the record's own JSON: cheaper than spreading each record into a new object. */
function tagged(type: 'org' | 'teacher', record: object): string {
  return `{"type":"${type}",${JSON.stringify(record).slice(1)}`;
}

/** Buffers lines into ~1 MB chunks and waits for 'drain' when the stream is full. */
async function writeLines(stream: Writable, lines: Iterable<string>): Promise<number> {
  let buffer = '';
  let count = 0;
  for (const line of lines) {
    buffer += line + '\n';
    count++;
    if (buffer.length >= 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  if (buffer !== '' && !stream.write(buffer)) await once(stream, 'drain');
  return count;
}

async function main(): Promise<void> {
  // `cli.js … | head` closes the pipe early: stop quietly instead of dumping a stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  const { options, only, out } = parseOptions();
  const started = performance.now();
  const province = generateProvince(options);
  const stream: Writable = out ? createWriteStream(out) : process.stdout;
  let orgs = 0;
  let teachers = 0;
  if (only !== 'teachers') orgs = await writeLines(stream, (function* () { for (const org of province.orgs) yield tagged('org', org); })());
  if (only !== 'orgs') teachers = await writeLines(stream, (function* () { for (const t of province.teachers()) yield tagged('teacher', t); })());
  if (out) {
    stream.end();
    await once(stream, 'finish');
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `synthetic-province: seed ${province.seed}, ${province.counties.length} counties, ${orgs} orgs, ${teachers} teachers in ${seconds.toFixed(2)} s` +
      (teachers > 0 ? ` (${Math.round(teachers / seconds).toLocaleString('en')} teachers/s)\n` : '\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
