// A large FOCUS 1.0-style CSV for the analyze benchmark: fixed seed (same bytes every time),
// realistic columns (quoted descriptions with commas, JSON tags with doubled quotes, NULLs,
// hourly usage, credits, a month of tax per account spanning the whole billing period).
// Usage: node scripts/lib/gen-focus.mjs <out.csv> <megabytes>   (or import { generateFocus })
import { openSync, writeSync, closeSync, renameSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { mulberry32 as rng } from './rng.mjs';


export const FOCUS_BENCH_HEADER = [
  'BilledCost', 'BillingAccountId', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory', 'ChargeClass',
  'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'ConsumedQuantity', 'ConsumedUnit', 'EffectiveCost',
  'ListCost', 'ProviderName', 'RegionId', 'ResourceId', 'ServiceCategory', 'ServiceName', 'SkuId', 'SubAccountId', 'SubAccountName', 'Tags',
];

const SERVICES = [
  ['Amazon Elastic Compute Cloud', 'Compute', 'Hours'], ['Amazon Simple Storage Service', 'Storage', 'GB-Mo'], ['Amazon Relational Database Service', 'Databases', 'Hours'],
  ['AWS Lambda', 'Compute', 'Requests'], ['Amazon Bedrock', 'AI and Machine Learning', 'Tokens'], ['Amazon SageMaker', 'AI and Machine Learning', 'Hours'],
  ['Amazon CloudFront', 'Networking', 'GB'], ['Amazon DynamoDB', 'Databases', 'ReadRequestUnits'], ['Amazon Simple Queue Service', 'Integration', 'Requests'],
  ['Amazon Elastic Kubernetes Service', 'Compute', 'Hours'], ['Amazon CloudWatch', 'Management and Governance', 'Metrics'], ['AWS Key Management Service', 'Security', 'Requests'],
  ['Amazon Virtual Private Cloud', 'Networking', 'Hours'], ['Amazon ElastiCache', 'Databases', 'Hours'], ['Amazon OpenSearch Service', 'Analytics', 'Hours'],
  ['Amazon Athena', 'Analytics', 'TB'], ['AWS Glue', 'Analytics', 'DPU-Hour'], ['Amazon Route 53', 'Networking', 'Queries'],
];
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1', 'sa-east-1'];
const ACCOUNTS = [['210987654321', 'Atlas Nimbus'], ['345678901234', 'Borealis, Prod'], ['456789012345', 'Cirrus "Data" Lab'], ['567890123456', 'Dune Staging'], ['678901234567', 'Ember ML']];
const TEAMS = ['search', 'payments', 'ml-platform', 'growth', 'infra', 'data'];

const q = (s) => `"${s.replace(/"/g, '""')}"`;
const money = (x) => x.toFixed(8);

/**
 * Write `megabytes` MB (1 MB = 1e6 bytes; rows are whole) of FOCUS rows to `path`. Returns
 * { rows, bytes, billed } where billed is the exact BilledCost total as a decimal string
 * (summed in bigint units of 1e-8, the precision the file is written with).
 */
export function generateFocus(path, megabytes, seed = 20240901) {
  const target = Math.round(megabytes * 1e6);
  const rand = rng(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  let rows = 0;
  let billed = 0n;
  const header = FOCUS_BENCH_HEADER.join(',') + '\n';
  writeSync(fd, header);
  bytes += Buffer.byteLength(header);
  const skus = Array.from({ length: 400 }, (_, i) => ({
    id: `SKU${(i * 7919).toString(36).toUpperCase().padStart(6, '0')}`,
    home: i % REGIONS.length,
    service: SERVICES[i % SERVICES.length],
    price: Math.round((0.0004 + rand() * 2.5) * 1e7) / 1e7,
    desc: `$${(0.0004 + rand() * 2.5).toFixed(4)} per unit, tier ${1 + (i % 3)}`,
  }));
  const lines = [];
  let chunkBytes = 0;
  const flush = () => {
    const s = lines.join('');
    writeSync(fd, s);
    lines.length = 0;
    chunkBytes = 0;
  };
  const emit = (cells, cost) => {
    const line = cells.join(',') + '\n';
    lines.push(line);
    const n = line.length; // ASCII only
    bytes += n;
    chunkBytes += n;
    rows++;
    billed += BigInt(Math.round(cost * 1e8));
    if (chunkBytes > 4_000_000) flush();
  };
  // one tax line per account for the whole month, at the top of the file (a multi-day charge)
  for (const [id, name] of ACCOUNTS) {
    const cost = Math.round(rand() * 50000) / 100;
    emit([money(cost), q('999900001111'), q('USD'), q('2024-10-01T00:00:00Z'), q('2024-09-01T00:00:00Z'), q('Tax'), 'NULL',
      q('Sales tax for September, 2024'), q('One-Time'), q('2024-10-01T00:00:00Z'), q('2024-09-01T00:00:00Z'), 'NULL', 'NULL', money(cost),
      money(cost), q('AWS'), 'NULL', 'NULL', q('Other'), q('Tax'), 'NULL', q(id), q(name), 'NULL'], cost);
  }
  const start = Date.UTC(2024, 8, 1);
  while (bytes < target) {
    const hour = Math.floor(rand() * 30 * 24);
    const t0 = new Date(start + hour * 3600_000).toISOString().replace('.000Z', 'Z');
    const t1 = new Date(start + (hour + 1) * 3600_000).toISOString().replace('.000Z', 'Z');
    const sku = pick(skus);
    const [service, category, unit] = sku.service;
    const [acct, acctName] = pick(ACCOUNTS);
    // usage types are regional (USE1-BoxUsage...): a SKU lives in its home region, sometimes a second one
    const region = REGIONS[(sku.home + (rand() < 0.2 ? 1 : 0)) % REGIONS.length];
    const r = rand();
    const credit = r < 0.01;
    const qty = Math.round(rand() * 100000) / 1000;
    let cost = Math.round(qty * sku.price * 1e8) / 1e8;
    if (credit) cost = -Math.round(rand() * 5e8) / 1e8;
    const list = credit ? 0 : Math.round(cost * 1.12 * 1e8) / 1e8;
    const team = pick(TEAMS);
    const tags = rand() < 0.3 ? 'NULL' : q(JSON.stringify({ team, env: rand() < 0.5 ? 'prod' : 'dev', 'cost-center': `cc-${Math.floor(rand() * 90 + 10)}` }));
    emit([
      money(cost), q('999900001111'), q('USD'), q('2024-10-01T00:00:00Z'), q('2024-09-01T00:00:00Z'), q(credit ? 'Credit' : 'Usage'), 'NULL',
      q(credit ? 'Promotional credit, applied' : sku.desc), q(credit ? 'One-Time' : 'Usage-Based'), q(t1), q(t0), credit ? 'NULL' : qty.toFixed(3),
      credit ? 'NULL' : q(unit), money(cost), money(list), q('AWS'), q(region), q(`i-${acct.slice(0, 4)}${team}${Math.floor(rand() * 5000)}`), q(category),
      q(service), q(sku.id), q(acct), q(acctName), tags,
    ], cost);
  }
  flush();
  closeSync(fd);
  renameSync(tmp, path);
  const neg = billed < 0n;
  const abs = neg ? -billed : billed;
  const text = `${neg ? '-' : ''}${abs / 10n ** 8n}.${(abs % 10n ** 8n).toString().padStart(8, '0')}`;
  return { rows, bytes, billed: text };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, mb] = process.argv.slice(2);
  if (!out) throw new Error('usage: gen-focus.mjs <out.csv> [megabytes]');
  console.log(JSON.stringify(generateFocus(out, Number(mb ?? 100))));
}

// --- bills of a chosen cardinality (npm run bench -- analyze-scale) ---------------------------

/**
 * The scale bills' columns: a FOCUS export with the columns costopt reads (exports let you pick
 * columns; ChargePeriodStart and BilledCost make it FOCUS). Lean on purpose: 1.55M rows fit in
 * 255 MB, so a bill of that size can hold 1.5M cells.
 */
export const FOCUS_SCALE_HEADER = [
  'BilledCost', 'BillingCurrency', 'ChargeCategory', 'ChargePeriodEnd', 'ChargePeriodStart', 'ConsumedQuantity', 'ConsumedUnit',
  'EffectiveCost', 'ListCost', 'ProviderName', 'RegionId', 'ServiceName', 'SkuId', 'SubAccountId',
];
/** Twenty regions: a SKU lives in its home region and, for one combination in five, the next one. */
const SCALE_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'eu-south-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-east-1', 'sa-east-1', 'me-south-1', 'af-south-1',
];
/** Bytes per row of the scale bills (measured on the output): sizes the combination space. */
const SCALE_ROW_BYTES = 158;
const DAYS = 30;

/**
 * The number of (account, SKU, region) combinations active each day so that a month of uniform
 * draws leaves about `cells` distinct cells: a space of n per day drawn m times a day leaves
 * n (1 - exp(-m / n)) of them; solved for n by bisection.
 */
function spaceFor(cells, rows) {
  const perDay = cells / DAYS;
  const m = rows / DAYS;
  if (perDay >= m) return Math.ceil(m * 50);
  let lo = perDay;
  let hi = perDay * 1e4;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (mid * (1 - Math.exp(-m / mid)) < perDay) lo = mid;
    else hi = mid;
  }
  return Math.max(1, Math.round((lo + hi) / 2));
}

/**
 * A month (November 2024) of hourly FOCUS rows whose number of aggregate cells (day x account x
 * service x SKU x region x unit x charge kind: what costopt's report breaks cost down by) is
 * chosen, `cells` from about 10k to 1.5M at a fixed size. 18 services with their own SKUs (a SKU
 * belongs to one service and has its unit), 300 sub-accounts, 20 regions, hourly usage rows, 1%
 * credits, a month-long tax line per account. The cardinality comes from how many (account, SKU,
 * region) combinations are active (`spaceFor`); costs are skewed (a few SKUs cost most). Fixed
 * seed: the same bytes every time. Returns { rows, bytes, billed, cells }: billed is the exact
 * BilledCost total (decimal string, summed in 1e-8 units), cells the exact number written.
 */
export function generateFocusScale(path, megabytes, cells, seed = 20241101) {
  const target = Math.round(megabytes * 1e6);
  const rand = rng(seed);
  const accounts = Array.from({ length: 300 }, (_, i) => String(100000000000 + i * 7777777));
  const skusPerService = Math.max(4, Math.min(400, Math.round(Math.sqrt(cells) / 4)));
  const skus = [];
  SERVICES.forEach((service, si) => {
    const code = service[0].replace(/[^A-Z0-9]/g, '').slice(0, 4);
    for (let k = 0; k < skusPerService; k++) {
      const price = Math.round((0.0004 + rand() * rand() * rand() * 2.5) * 1e7) / 1e7;
      skus.push({ id: `${code}-${(si * 1000 + k).toString(36).toUpperCase()}`, service, home: Math.floor(rand() * SCALE_REGIONS.length), price });
    }
  });
  const combos = Array.from({ length: spaceFor(cells, target / SCALE_ROW_BYTES) }, () => {
    const sku = skus[Math.floor(rand() * skus.length)];
    return { sku, account: accounts[Math.floor(rand() * accounts.length)], region: SCALE_REGIONS[(sku.home + (rand() < 0.2 ? 1 : 0)) % SCALE_REGIONS.length] };
  });
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  let rows = 0;
  let billed = 0n;
  const seen = new Set();
  const lines = [];
  let chunkBytes = 0;
  const flush = () => {
    writeSync(fd, lines.join(''));
    lines.length = 0;
    chunkBytes = 0;
  };
  const emit = (fields, cost, key) => {
    const line = fields.join(',') + '\n';
    lines.push(line);
    bytes += line.length; // ASCII only
    chunkBytes += line.length;
    if (key !== null) {
      rows++;
      billed += BigInt(Math.round(cost * 1e8));
      seen.add(key);
    }
    if (chunkBytes > 4_000_000) flush();
  };
  emit(FOCUS_SCALE_HEADER, 0, null);
  for (const id of accounts) {
    const cost = Math.round(rand() * 50000) / 100;
    emit([money(cost), 'USD', 'Tax', '2024-12-01T00:00:00Z', '2024-11-01T00:00:00Z', 'NULL', 'NULL', money(cost), money(cost), 'AWS', 'NULL', 'Tax', 'NULL', id], cost, `tax|${id}`);
  }
  const start = Date.UTC(2024, 10, 1);
  while (bytes < target) {
    const hour = Math.floor(rand() * DAYS * 24);
    const t0 = new Date(start + hour * 3600_000).toISOString().replace('.000Z', 'Z');
    const t1 = new Date(start + (hour + 1) * 3600_000).toISOString().replace('.000Z', 'Z');
    const { sku, account, region } = combos[Math.floor(rand() * combos.length)];
    const [service, , unit] = sku.service;
    const credit = rand() < 0.001;
    const qty = Math.round(rand() * 100000) / 1000;
    const cost = credit ? -Math.round(rand() * 5e6) / 1e8 : Math.round(qty * sku.price * 1e8) / 1e8;
    const list = credit ? 0 : Math.round(cost * 1.12 * 1e8) / 1e8;
    emit([money(cost), 'USD', credit ? 'Credit' : 'Usage', t1, t0, credit ? 'NULL' : qty.toFixed(3), credit ? 'NULL' : unit, money(cost), money(list), 'AWS', credit ? 'NULL' : region, service, credit ? 'NULL' : sku.id, account],
      cost, credit ? `${Math.floor(hour / 24)}|c|${account}|${service}` : `${Math.floor(hour / 24)}|u|${account}|${sku.id}|${region}`);
  }
  flush();
  closeSync(fd);
  renameSync(tmp, path);
  const neg = billed < 0n;
  const abs = neg ? -billed : billed;
  const text = `${neg ? '-' : ''}${abs / 10n ** 8n}.${(abs % 10n ** 8n).toString().padStart(8, '0')}`;
  return { rows, bytes, billed: text, cells: seen.size };
}
