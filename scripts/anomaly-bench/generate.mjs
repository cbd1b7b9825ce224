// Labelled benchmark of daily bills for the anomaly detector. Each seed gives about six
// months of daily usage cost per SKU, service, account and in total, with a weekday cycle,
// a trend, noise of different sizes per service (Student-t, fat-tailed but truncated at 3
// sigma), US holidays,
// injected anomalies (spikes, level shifts, price-only shifts, slow drifts, broad small rises
// across services, new services and new SKUs) and negative controls (month-start recurring
// usage charges, tax, purchases, credits that run out, refunds, holidays).
//
// Deterministic: the same seed always gives the same bill (mulberry32, no Math.random).
//
// With `hard` (issue #19, the sets `tune19`, `untouched19` and `untouched19b`), each bill also has the
// situations that made false alerts on outside bills: a spike big enough to move its account
// and the total on the same day (one alert per cause, not three), small SKUs ($50-$100 a day)
// whose day-to-day changes are heavy-tailed (Student-t with 3 degrees of freedom, up to +-45%:
// quiet by label), a commitment bought in a usage row on a SKU of its own (a purchase control),
// and three spikes in different services on one day, one of them on the largest service.
// Without it a seed gives the same bill as before (the stored sets are unchanged).

import { mulberry32 } from '../lib/rng.mjs';

export const MIN_IMPACT = 10;

const HOLIDAYS = new Set([
  '2023-01-01', '2023-01-02', '2023-01-16', '2023-02-20', '2023-05-29', '2023-07-04', '2023-09-04', '2023-11-23', '2023-11-24', '2023-12-25', '2023-12-26',
  '2024-01-01', '2024-01-15', '2024-02-19', '2024-05-27', '2024-07-04', '2024-09-02', '2024-11-28', '2024-11-29', '2024-12-24', '2024-12-25', '2024-12-26', '2024-12-31',
  '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-27', '2025-11-28', '2025-12-24', '2025-12-25', '2025-12-26', '2025-12-31',
]);

const SERVICE_NAMES = ['Amazon EC2', 'Amazon S3', 'Amazon RDS', 'AWS Lambda', 'Amazon CloudFront', 'Amazon Bedrock', 'Amazon SageMaker', 'Amazon OpenSearch Service', 'Amazon DynamoDB', 'AmazonCloudWatch', 'Amazon EKS', 'AWS Glue', 'Amazon Kinesis', 'Amazon ElastiCache'];
const SKU_STEMS = ['BoxUsage', 'DataTransfer-Out', 'Requests-Tier1', 'TimedStorage', 'InputTokens', 'OutputTokens', 'GPU-Hours', 'IO-Requests', 'Backup', 'NatGateway-Hours'];

const day = (start, i) => new Date(Date.parse(`${start}T00:00:00Z`) + i * 86400000).toISOString().slice(0, 10);

export function generate(seed, { days: N = 182, hard = false } = {}) {
  const rnd = mulberry32(seed * 7919 + 17);
  const U = (a, b) => a + (b - a) * rnd();
  const I = (a, b) => Math.floor(U(a, b + 1));
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const normal = () => {
    const u = Math.max(1e-12, rnd());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  // Student-t with 6 degrees of freedom, scaled to unit variance: fat-tailed daily noise,
  // truncated at 3 sigma so that no unlabelled day is an outlier by construction
  const tNoise = () => {
    let chi = 0;
    for (let k = 0; k < 6; k++) chi += normal() ** 2;
    return Math.max(-3, Math.min(3, (normal() / Math.sqrt(chi / 6)) * Math.sqrt(4 / 6)));
  };

  const startMonth = I(0, 17); // 2023-06 .. 2024-11
  const start = new Date(Date.UTC(2023, 5 + startMonth, 1)).toISOString().slice(0, 10);
  const dates = Array.from({ length: N }, (_, i) => day(start, i));
  const wd = dates.map((d) => new Date(`${d}T00:00:00Z`).getUTCDay());
  const holiday = dates.map((d) => HOLIDAYS.has(d));

  // services: a few large, several mid, a few tiny (folded into "(other)" by the detector)
  const nServices = I(8, 11);
  const names = [...SERVICE_NAMES].sort(() => rnd() - 0.5).slice(0, nServices);
  const accounts = Array.from({ length: I(2, 3) }, (_, k) => `11122233${k}44${k}`);
  const noiseLevels = [0.02, 0.04, 0.06, 0.1, 0.15, 0.22];
  const services = names.map((name, k) => {
    const tiny = k >= nServices - 2;
    const level = tiny ? U(1, 7) : Math.exp(U(Math.log(25), Math.log(1500)));
    const human = rnd() < 0.6;
    const nSku = tiny ? 1 : I(1, 4);
    const shares = Array.from({ length: nSku }, () => U(0.2, 1));
    const sum = shares.reduce((a, b) => a + b, 0);
    return {
      name,
      key: `service:${name}`,
      tiny,
      level,
      noise: pick(noiseLevels),
      weekendFactor: human ? U(0.45, 0.85) : 1,
      human,
      trend: U(-0.1, 0.6) / 365, // relative growth per day
      account: pick(accounts),
      skus: shares.map((s, j) => ({ id: `${SKU_STEMS[(k + j * 3) % SKU_STEMS.length]}-${k}${j}`, share: s / sum, price: Number(U(0.01, 3).toFixed(4)), unit: 'units' })),
    };
  });

  // daily base cost per SKU, and per-SKU multipliers/adders for injected events
  const sku = [];
  for (const s of services) {
    const common = dates.map(() => tNoise());
    for (const k of s.skus) {
      const cost = dates.map((_, i) => {
        const seasonal = (wd[i] === 0 || wd[i] === 6 || holiday[i]) ? s.weekendFactor : 1;
        const f = 1 + s.noise * common[i] + 0.5 * s.noise * tNoise();
        return Math.max(0, s.level * k.share * (1 + s.trend * i) * seasonal * f);
      });
      sku.push({ svc: s, key: `${s.key}/sku:${k.id}`, id: k.id, price: dates.map(() => k.price), cost, unit: k.unit });
    }
  }
  const svcLevelAt = (s, i) => s.level * (1 + s.trend * i) * ((wd[i] === 0 || wd[i] === 6) ? s.weekendFactor : 1);

  const events = [];
  const controls = [];
  const busy = new Map(); // service key -> [from, to] intervals already used
  const firstScored = 35;
  const isBadStart = (i) => holiday[i] || holiday[i - 1] || holiday[i + 1] || Number(dates[i].slice(8)) <= 2 || Number(dates[i].slice(8)) >= 30;
  const free = (key, from, to) => !(busy.get(key) ?? []).some(([a, b]) => from <= b + 10 && to >= a - 10);
  const reserve = (key, from, to) => busy.set(key, [...(busy.get(key) ?? []), [from, to]]);
  const candidates = (pred) => services.filter((s) => !s.tiny && pred(s));
  const place = (pred, len, tries = 200) => {
    for (let k = 0; k < tries; k++) {
      const list = candidates(pred);
      if (!list.length) return null;
      const s = pick(list);
      const from = I(firstScored, N - Math.min(len, 12) - 1);
      const to = Math.min(N - 1, from + len - 1);
      if (isBadStart(from) || !free(s.key, from, to)) continue;
      reserve(s.key, from, to);
      return { s, from, to };
    }
    return null;
  };
  const mainSku = (s) => sku.filter((k) => k.svc === s).sort((a, b) => sumOf(b.cost) - sumOf(a.cost))[0];
  const sumOf = (v) => v.reduce((a, b) => a + b, 0);
  const affected = (s, skuKey) => [skuKey, s.key, `account:${s.account}`, 'total'].filter(Boolean);

  // broad small rise: every service +22%..+32% for 10-20 days (traffic growth after a launch)
  {
    const len = I(10, 20);
    for (let tries = 0; tries < 200; tries++) {
      const from = I(firstScored, N - len - 1);
      const to = from + len - 1;
      if (isBadStart(from) || !services.every((s) => free(s.key, from, to))) continue;
      const rel = U(0.22, 0.32);
      for (const k of sku) for (let i = from; i <= to; i++) k.cost[i] *= 1 + rel;
      for (const s of services) reserve(s.key, from, to);
      events.push({ type: 'broad', start: dates[from], end: dates[to], series: 'total', affected: ['total', ...services.map((s) => s.key), ...accounts.map((a) => `account:${a}`), ...sku.map((k) => k.key)], risePercent: round2(rel * 100) });
      break;
    }
  }

  // 1-day spikes: +50%..+300% of the service that day, at least 5 noise-sigmas and $30
  for (let n = 0; n < 4; n++) {
    const p = place((s) => s.level >= 30, 1);
    if (!p) continue;
    const k = mainSku(p.s);
    const rel = Math.max(U(0.5, 3), 5 * p.s.noise);
    const add = Math.max(rel * svcLevelAt(p.s, p.from), 3 * MIN_IMPACT);
    k.cost[p.from] += add;
    events.push({ type: 'spike', start: dates[p.from], end: dates[p.from], series: k.key, affected: affected(p.s, k.key), impact: round2(add) });
  }
  // level shifts (volume): +30%..+120% of the service, at least 2.5 sigmas and $20/day, 14-45 days
  for (let n = 0; n < 2; n++) {
    const len = I(14, 45);
    const p = place((s) => s.level >= 25, len);
    if (!p) continue;
    const k = mainSku(p.s);
    const rel = Math.max(U(0.3, 1.2), 2.5 * p.s.noise);
    for (let i = p.from; i <= p.to; i++) k.cost[i] += Math.max(rel * svcLevelAt(p.s, i), 2 * MIN_IMPACT * ((wd[i] === 0 || wd[i] === 6) ? p.s.weekendFactor : 1));
    events.push({ type: 'shift', start: dates[p.from], end: dates[p.to], series: k.key, affected: affected(p.s, k.key), impact: round2(rel * svcLevelAt(p.s, p.from)) });
  }
  // price-only shift: the unit price of the main SKU rises 30-80%, quantity unchanged
  {
    const len = I(20, 50);
    const p = place((s) => s.level >= 60 && s.noise <= 0.1, len);
    if (p) {
      const k = mainSku(p.s);
      const share = sumOf(k.cost) / sumOf(sku.filter((x) => x.svc === p.s).flatMap((x) => x.cost));
      const rel = Math.max(U(0.3, 0.8), 0.3 / share);
      for (let i = p.from; i <= p.to; i++) {
        k.cost[i] *= 1 + rel;
        k.price[i] *= 1 + rel;
      }
      events.push({ type: 'price', start: dates[p.from], end: dates[p.to], series: k.key, affected: affected(p.s, k.key), impact: round2(rel * share * svcLevelAt(p.s, p.from)) });
    }
  }
  // slow drifts: +3%..+6% of the service level per day for 12-21 days, then fixed
  for (let n = 0; n < 2; n++) {
    const ramp = I(12, 21);
    const plateau = I(0, 7);
    const p = place((s) => s.level >= 60 && s.noise <= 0.1, ramp + plateau);
    if (!p) continue;
    const k = mainSku(p.s);
    const rate = U(0.03, 0.06);
    for (let i = p.from; i <= p.to; i++) k.cost[i] += rate * Math.min(i - p.from + 1, ramp) * svcLevelAt(p.s, i);
    events.push({ type: 'drift', start: dates[p.from], end: dates[p.to], series: k.key, affected: affected(p.s, k.key), ratePerDay: round2(rate * 100) });
  }
  // a new SKU (a new model) inside an existing service
  {
    const p = place((s) => s.level >= 40, 14);
    if (p) {
      const id = 'NewModel-OutputTokens';
      const lvl = Math.max(U(0.3, 1), 3 * p.s.noise) * p.s.level;
      const cost = dates.map((_, i) => (i < p.from ? 0 : Math.max(0, lvl * (1 + p.s.trend * i) * ((wd[i] === 0 || wd[i] === 6) ? p.s.weekendFactor : 1) * (1 + 0.5 * p.s.noise * tNoise()))));
      sku.push({ svc: p.s, key: `${p.s.key}/sku:${id}`, id, price: dates.map(() => 0.00002), cost, unit: 'tokens' });
      events.push({ type: 'new', start: dates[p.from], end: dates[p.to], series: `${p.s.key}/sku:${id}`, affected: affected(p.s, `${p.s.key}/sku:${id}`), impact: round2(lvl) });
    }
  }
  // a brand-new service, from a day on to the end
  {
    let from = I(firstScored, N - 20);
    while (isBadStart(from)) from++;
    const name = 'Amazon Bedrock AgentCore';
    const s = { name, key: `service:${name}`, level: U(30, 400), noise: pick([0.04, 0.1]), weekendFactor: U(0.5, 1), trend: 0, account: pick(accounts), skus: [], tiny: false };
    services.push(s);
    const id = 'Runtime-Invocations';
    const cost = dates.map((_, i) => (i < from ? 0 : Math.max(0, s.level * ((wd[i] === 0 || wd[i] === 6) ? s.weekendFactor : 1) * (1 + s.noise * tNoise()))));
    sku.push({ svc: s, key: `${s.key}/sku:${id}`, id, price: dates.map(() => 0.002), cost, unit: 'requests' });
    events.push({ type: 'new', start: dates[from], end: dates[Math.min(N - 1, from + 13)], series: s.key, affected: [`${s.key}/sku:${id}`, s.key, `account:${s.account}`, 'total'], impact: round2(s.level) });
  }
  // negative controls in the usage series: month-start recurring usage charges (a monthly fee
  // billed as one day of usage on the 1st), in one big service and one dedicated service
  {
    const s = pick(services.filter((x) => x.level >= 40 && x.key !== 'service:Amazon Bedrock AgentCore'));
    const fee = U(2, 6) * s.level;
    const id = 'MonthlyFee';
    const cost = dates.map((d) => (d.endsWith('-01') ? fee * U(0.97, 1.03) : 0));
    sku.push({ svc: s, key: `${s.key}/sku:${id}`, id, price: dates.map(() => fee), cost, unit: 'months' });
    controls.push({ type: 'month-start', series: [`${s.key}/sku:${id}`, s.key, `account:${s.account}`, 'total'], dates: dates.filter((d) => d.endsWith('-01')) });
    const name = 'AWS Marketplace SaaS';
    const m = { name, key: `service:${name}`, level: U(5, 20), noise: 0.05, weekendFactor: 1, trend: 0, account: pick(accounts), skus: [], tiny: false };
    services.push(m);
    const big = U(300, 1500);
    const mCost = dates.map((d) => (d.endsWith('-01') ? big : m.level * (1 + 0.05 * tNoise())));
    sku.push({ svc: m, key: `${m.key}/sku:Subscription`, id: 'Subscription', price: dates.map(() => 1), cost: mCost, unit: 'units' });
    controls.push({ type: 'month-start', series: [`${m.key}/sku:Subscription`, m.key, `account:${m.account}`, 'total'], dates: dates.filter((d) => d.endsWith('-01')) });
  }
  // holidays move the services people drive (and their accounts and the total), on the day and the day after
  {
    const human = services.filter((s) => s.human);
    const keys = ['total', ...new Set(human.map((s) => `account:${s.account}`)), ...human.map((s) => s.key), ...sku.filter((k) => k.svc.human).map((k) => k.key)];
    controls.push({ type: 'holiday', series: keys, dates: [...new Set(dates.filter((_, i) => holiday[i] || holiday[i - 1]))] });
  }

  if (hard) {
    // heavy-tailed small SKUs: two under a big service, one small service of its own
    const t3 = () => {
      let chi = 0;
      for (let k = 0; k < 3; k++) chi += normal() ** 2;
      return normal() / Math.sqrt(chi / 3);
    };
    const host = [...services].filter((s) => !s.tiny && s.skus.length).sort((a, b) => b.level - a.level)[0];
    const smallName = 'Amazon CloudWatch Logs';
    const small = { name: smallName, key: `service:${smallName}`, level: U(60, 110), noise: 0.12, weekendFactor: 1, trend: 0, account: pick(accounts), skus: [], tiny: false, heavy: true };
    services.push(small);
    const heavy = [
      { svc: host, id: 'LogIngest-Heavy' },
      { svc: host, id: 'MetricStreams-Heavy' },
      { svc: small, id: 'IngestedBytes' },
      { svc: small, id: 'QueryScans' },
    ];
    for (const h of heavy) {
      const lvl = U(50, 100) * (h.svc === small ? 0.6 : 1);
      const cost = dates.map(() => Math.max(0, lvl * (1 + Math.max(-0.45, Math.min(0.45, 0.1 * t3())))));
      sku.push({ svc: h.svc, key: `${h.svc.key}/sku:${h.id}`, id: h.id, price: dates.map(() => 0.5), cost, unit: 'GB' });
    }
    // a spike that moves its account and the total on the same day: one cause
    {
      // (not on the new service: it has no spend before its start)
      const p = place((s) => s.level >= 80 && s.level <= 600 && !s.heavy && s.key !== 'service:Amazon Bedrock AgentCore', 1);
      if (p) {
        const k = mainSku(p.s);
        const add = Math.max(U(1.5, 3) * svcLevelAt(p.s, p.from), 5 * MIN_IMPACT);
        k.cost[p.from] += add;
        events.push({ type: 'spike', start: dates[p.from], end: dates[p.from], series: k.key, affected: affected(p.s, k.key), impact: round2(add), situation: 'parent-and-child' });
      }
    }
    // several events on one day, one of them a spike on the largest service
    {
      const largest = [...services].filter((s) => !s.tiny && !s.heavy && s.skus.length).sort((a, b) => b.level - a.level)[0];
      for (let tries = 0; tries < 300; tries++) {
        const i = I(firstScored, N - 2);
        if (isBadStart(i) || !free(largest.key, i, i)) continue;
        const others = services.filter((s) => s !== largest && !s.tiny && !s.heavy && s.skus.length && s.level >= 30 && free(s.key, i, i));
        if (others.length < 2) continue;
        const chosen = [largest, ...others.sort(() => rnd() - 0.5).slice(0, 2)];
        for (const s of chosen) {
          reserve(s.key, i, i);
          const k = mainSku(s);
          const rel = Math.max(U(0.5, 1.5), 5 * s.noise);
          const add = Math.max(rel * svcLevelAt(s, i), 3 * MIN_IMPACT);
          k.cost[i] += add;
          events.push({ type: 'spike', start: dates[i], end: dates[i], series: k.key, affected: affected(s, k.key), impact: round2(add), situation: 'same-day' });
        }
        break;
      }
    }
    // a commitment bought in a usage row, on a SKU with no usage before or after
    {
      const s = pick(services.filter((x) => !x.tiny && !x.heavy && x.skus.length));
      let i = I(firstScored, N - 10);
      while (isBadStart(i)) i++;
      const id = pick(['ComputeSavingsPlans-1yr-AllUpfront', 'HeavyUsage:m5.xlarge', 'CommittedUse-1yr']);
      const amount = U(2000, 20000);
      const cost = dates.map((_, j) => (j === i ? amount : 0));
      sku.push({ svc: s, key: `${s.key}/sku:${id}`, id, price: dates.map(() => amount), cost, unit: 'commitments' });
      controls.push({ type: 'purchase-as-usage', series: [`${s.key}/sku:${id}`, s.key, `account:${s.account}`, 'total'], dates: [dates[i]] });
    }
  }
  // non-usage lines: tax for the month on day 1, purchases, credits that run out, a refund
  const nonUsage = [];
  const monthUsage = new Map();
  for (const k of sku) for (let i = 0; i < N; i++) monthUsage.set(dates[i].slice(0, 7), (monthUsage.get(dates[i].slice(0, 7)) ?? 0) + k.cost[i]);
  for (const d of dates.filter((x) => x.endsWith('-01'))) {
    nonUsage.push({ date: d, kind: 'tax', series: 'total', amount: round2(0.08 * (monthUsage.get(d.slice(0, 7)) ?? 0)), description: 'Tax for the month' });
    nonUsage.push({ date: d, kind: 'recurring', series: 'service:AWS Support (Business)', amount: round2(U(100, 1000)), description: 'Support fee covering the whole month' });
  }
  const rich = services.filter((s) => s.level >= 100);
  for (let n = 0; n < 2; n++) {
    const i = I(firstScored, N - 1);
    const s = pick(rich.length ? rich : services);
    nonUsage.push({ date: dates[i], kind: 'purchase', series: s.key, amount: round2(U(2000, 30000)), description: 'Reserved capacity, 1 year all upfront' });
  }
  const creditEnd = I(60, N - 30);
  for (let i = 0; i < creditEnd; i++) nonUsage.push({ date: dates[i], kind: 'credit', series: 'total', amount: -round2(U(20, 60)), description: 'Promotional credit' });
  {
    const i = I(firstScored, N - 1);
    nonUsage.push({ date: dates[i], kind: 'refund', series: pick(services).key, amount: -round2(U(50, 500)), description: 'Refund for a service event' });
  }
  // each non-usage line is a control on the series it names (and the total): flagged there, it
  // would have been taken for usage; credits running out are a control on the total
  for (const e of nonUsage.filter((x) => x.kind !== 'credit')) controls.push({ type: e.kind, series: [...new Set([e.series, 'total'])], dates: [e.date] });
  controls.push({ type: 'credits-end', series: ['total'], dates: [dates[creditEnd]] });

  // assemble the DetectorInput: total, accounts, services, SKUs (with quantities)
  const series = [];
  const sumSeries = (list) => dates.map((_, i) => list.reduce((a, k) => a + k.cost[i], 0));
  series.push({ key: 'total', cost: sumSeries(sku) });
  for (const a of accounts) {
    const list = sku.filter((k) => k.svc.account === a);
    if (list.length) series.push({ key: `account:${a}`, parent: 'total', cost: sumSeries(list) });
  }
  for (const s of services) series.push({ key: s.key, parent: 'total', cost: sumSeries(sku.filter((k) => k.svc === s)) });
  for (const k of sku) series.push({ key: k.key, parent: k.svc.key, cost: k.cost, quantity: k.cost.map((c, i) => (k.price[i] > 0 ? c / k.price[i] : 0)), unit: k.unit });
  for (const s of series) {
    s.cost = s.cost.map(round2);
    if (s.quantity) s.quantity = s.quantity.map((q) => Number(q.toPrecision(8)));
  }
  nonUsage.sort((a, b) => a.date.localeCompare(b.date));
  return {
    seed,
    input: { days: dates, currency: 'USD', series, nonUsage, lastDayComplete: true },
    labels: { events, controls, services: services.map((s) => ({ key: s.key, level: round2(s.level), noise: s.heavy ? 't3' : s.noise, weekendFactor: round2(s.weekendFactor), account: s.account })) },
  };
}

function round2(v) {
  return Math.round(v * 100) / 100;
}
