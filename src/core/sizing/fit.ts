import type { CatalogFile } from '../catalog/schema.js';

/**
 * Right-sizing (SPEC §3.2): the memory a model's weights need at a precision, plus a stated
 * overhead for the KV cache and activations, and the catalog GPUs (single or multi-GPU
 * instances, memory pooled by tensor parallelism) that hold it, cheapest first.
 */
export const PRECISIONS = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];
export const BYTES_PER_PARAM: Record<Precision, number> = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5 };
/** Default headroom over the weights for the KV cache, activations and the runtime. */
export const DEFAULT_MEMORY_OVERHEAD = 0.2;

export interface MemoryNeed {
  paramsBillions: number;
  precision: Precision;
  bytesPerParam: number;
  /** GB (1e9 bytes) of weights */
  weightsGb: number;
  overhead: number;
  /** weights x (1 + overhead) */
  neededGb: number;
}

export function memoryNeed(paramsBillions: number, precision: Precision, overhead = DEFAULT_MEMORY_OVERHEAD): MemoryNeed {
  const bytesPerParam = BYTES_PER_PARAM[precision];
  const weightsGb = paramsBillions * bytesPerParam;
  return { paramsBillions, precision, bytesPerParam, weightsGb, overhead, neededGb: weightsGb * (1 + overhead) };
}

export interface GpuFit {
  instance: string;
  gpuModel: string;
  gpuCount: number;
  gpuMemoryGb: number;
  totalMemoryGb: number;
  hourly: number;
  /** memory left unused by the model, GB and share of the total (0-100) */
  idleGb: number;
  idlePercent: number;
  /** the weights are split over several GPUs (tensor parallel) */
  split: boolean;
  accelerator: boolean;
}

export interface SizingResult {
  need: MemoryNeed;
  fits: GpuFit[];
  /** GPU instances too small, and those without a price */
  tooSmall: number;
  unpriced: string[];
}

export function fitGpus(catalog: CatalogFile, need: MemoryNeed): SizingResult {
  const fits: GpuFit[] = [];
  const unpriced: string[] = [];
  let tooSmall = 0;
  for (const inst of catalog.instances) {
    const dev = inst.gpu ?? inst.accelerator;
    if (!dev) continue;
    const count = dev.count ?? 1;
    const total = count * dev.memory_gb;
    if (total + 1e-9 < need.neededGb) {
      tooSmall++;
      continue;
    }
    const hourly = inst.on_demand_hourly;
    if (hourly === null || hourly === undefined) {
      unpriced.push(inst.id);
      continue;
    }
    const idle = total - need.neededGb;
    fits.push({
      instance: inst.id,
      gpuModel: dev.model,
      gpuCount: count,
      gpuMemoryGb: dev.memory_gb,
      totalMemoryGb: total,
      hourly,
      idleGb: idle,
      idlePercent: (100 * idle) / total,
      split: need.neededGb > dev.memory_gb + 1e-9,
      accelerator: !inst.gpu,
    });
  }
  fits.sort((a, b) => a.hourly - b.hourly || a.idleGb - b.idleGb || a.instance.localeCompare(b.instance));
  return { need, fits, tooSmall, unpriced };
}
