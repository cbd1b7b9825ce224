/** mulberry32: a tiny deterministic PRNG (same seed, same sequence). */
export declare function mulberry32(seed: number): () => number;
