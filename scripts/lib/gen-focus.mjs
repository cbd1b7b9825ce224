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
