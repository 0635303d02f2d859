#!/usr/bin/env node
// Account provisioning bench (npm run bench:accounts): in ONE run against the local Keycloak,
// creates N users one by one (POST /users with the plain initial password + realm role mapping,
// sequentially — the naive path) and M users in bulk (partialImport in chunks, initial password
// pre-hashed in Node, ADR 0006), plus a smaller bulk run with plain-text passwords to show where
// the gain comes from. Prints users/s and the bulk ÷ one-by-one ratio, deletes every user it made,
// writes docs/benchmarks/accounts.md. Uses the built identity code (services/identity/dist).
// Env: BENCH_ONE_BY_ONE (200), BENCH_BULK (5000), BENCH_BULK_PLAIN (200, 0 to skip), BENCH_CHUNK (50), BENCH_PARALLEL (2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv } from '../../deploy/local/platform.mjs';
import { KeycloakAdmin } from '../../services/identity/dist/accounts/keycloak-admin.js';
import { initialPassword } from '../../services/identity/dist/accounts/initial-password.js';
import { INITIAL_PASSWORD_ITERATIONS, teacherUser, teacherUserForImport } from '../../services/identity/dist/accounts/teacher-account.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const N = Number(process.env.BENCH_ONE_BY_ONE ?? 200);
const M = Number(process.env.BENCH_BULK ?? 5000);
const P = Number(process.env.BENCH_BULK_PLAIN ?? 200);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 50);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2);

const stack = stackEnv();
const keycloak = new KeycloakAdmin({ url: stack.KEYCLOAK_URL, realm: stack.KEYCLOAK_REALM, clientId: stack.KEYCLOAK_IDENTITY_CLIENT_ID, clientSecret: stack.KEYCLOAK_IDENTITY_CLIENT_SECRET });

const run = Date.now().toString(36);
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单仇解区朴查乐'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌宇浩凯晨欣怡子涵梓轩雨婷佳琪思远长乐重阳'];
const person = (prefix, i) => ({
  idNumber: `${prefix}${String(i).padStart(5, '0')}`,
  name: SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : ''),
  namePinyin: null,
  orgPath: `/37/3701/370102/S${String(1 + (i % 50)).padStart(4, '0')}`,
});
const rate = (n, ms) => n / (ms / 1000);
// The realm's password policy (ADR 0011) checks plain-text passwords, and the pinyin of a short name
// (wangwei) is under its 8 characters: only the pre-hashed import can carry it. The plain-text paths
// pad it instead; Keycloak's Argon2 costs the same whatever the length.
const plainPassword = (p) => initialPassword(p.name, p.namePinyin).padEnd(8, 'x');

async function oneByOne(prefix, n) {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const p = person(prefix, i);
    await keycloak.createUser({ ...teacherUser(p), credentials: [{ type: 'password', value: plainPassword(p), temporary: true }] });
  }
  return performance.now() - started;
}

async function bulk(prefix, n, build) {
  const started = performance.now();
  let next = 0;
  // Like ProvisionAccountsUseCase: chunks of CHUNK users, PARALLEL partialImport requests in flight.
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < n) {
        const from = next;
        next += CHUNK;
        const users = await Promise.all(Array.from({ length: Math.min(CHUNK, n - from) }, (_, k) => build(person(prefix, from + k))));
        const result = await keycloak.partialImportUsers(users);
        if (result.added !== users.length) throw new Error(`chunk at ${from}: added ${result.added} of ${users.length}`);
      }
    }),
  );
  return performance.now() - started;
}

async function algorithmOf(username) {
  const user = await keycloak.findUserByUsername(username);
  const [credential] = await keycloak.credentials(user.id);
  const data = JSON.parse(credential.credentialData);
  return `${data.algorithm}, ${data.hashIterations} iterations`;
}

async function cleanUp(prefix) {
  const ids = await keycloak.userIdsWithPrefix(prefix);
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < ids.length) await keycloak.deleteUser(ids[next++]);
  }));
  return ids.length;
}

const prefixes = { one: `bench${run}o`, bulk: `bench${run}b`, plain: `bench${run}p` };
const results = {};
try {
  console.log(`one by one: ${N} users…`);
  results.one = await oneByOne(prefixes.one, N);
  console.log(`bulk (pre-hashed): ${M} users in chunks of ${CHUNK}, ${PARALLEL} in flight…`);
  results.bulk = await bulk(prefixes.bulk, M, teacherUserForImport);
  if (P > 0) {
    console.log(`bulk (plain-text passwords): ${P} users…`);
    results.plain = await bulk(prefixes.plain, P, async (p) => ({ ...teacherUser(p), credentials: [{ type: 'password', value: plainPassword(p) }] }));
  }
  results.oneAlgorithm = await algorithmOf(`${prefixes.one}00000`);
  results.bulkAlgorithm = await algorithmOf(`${prefixes.bulk}00000`);
} finally {
  let deleted = 0;
  for (const prefix of Object.values(prefixes)) deleted += await cleanUp(prefix);
  console.log(`deleted ${deleted} bench users`);
}

const one = rate(N, results.one);
const bulkRate = rate(M, results.bulk);
const ratio = bulkRate / one;
const rows = [
  `| one by one (POST /users + role mapping, plain password hashed by Keycloak: ${results.oneAlgorithm}) | ${N} | ${(results.one / 1000).toFixed(1)} | ${one.toFixed(1)} |`,
  `| bulk: partialImport, chunks of ${CHUNK} × ${PARALLEL} in flight, password pre-hashed in Node (${results.bulkAlgorithm}) | ${M} | ${(results.bulk / 1000).toFixed(1)} | ${bulkRate.toFixed(1)} |`,
  ...(results.plain ? [`| bulk: partialImport, chunks of ${CHUNK} × ${PARALLEL} in flight, plain password hashed by Keycloak (for comparison) | ${P} | ${(results.plain / 1000).toFixed(1)} | ${rate(P, results.plain).toFixed(1)} |`] : []),
];
const report = `# Account provisioning bench

\`npm run bench:accounts\` (bench/accounts/provision-bench.mjs), against the local stack's Keycloak
(dev-file H2 database, one JVM). All paths measured in the same run; users deleted afterwards.
Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, shared with other work. Run: ${new Date().toISOString()}.

| path | users | seconds | users/s |
|------|------:|--------:|--------:|
${rows.join('\n')}

**Bulk ÷ one by one: ${ratio.toFixed(1)}×** (target ≥ 20×).

A province (Shandong: ~1 million teachers) at the bulk rate: ${(1_000_000 / bulkRate / 3600).toFixed(1)} h; one by one: ${(1_000_000 / one / 3600).toFixed(1)} h.
Pre-hashing uses PBKDF2-SHA256 with ${INITIAL_PASSWORD_ITERATIONS} iterations; see docs/decisions/0006-account-provisioning.md.
`;
fs.writeFileSync(path.join(root, 'docs/benchmarks/accounts.md'), report);
console.log(report);
