// The "DuckDB alone" contender of the analyze benchmarks: a script run by `node --input-type=module -e`
// with the file and the thread count: DuckDB's own day x service sum of BilledCost, nothing else.
export const DUCKDB_ALONE = `
const [file, threads] = process.argv.slice(1);
const { DuckDBInstance } = await import('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
const r = await con.runAndReadAll("SELECT CAST(ChargePeriodStart AS DATE) AS day, ServiceName, sum(BilledCost) AS cost FROM read_csv('" + file.replace(/'/g, "''") + "') GROUP BY ALL");
let total = 0;
for (const row of r.getRows()) total += Number(row[2]);
console.log(JSON.stringify({ groups: r.rowCount, total }));
`;
