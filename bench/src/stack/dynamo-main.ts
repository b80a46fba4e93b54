// Child entry: the project's embedded DynamoDB engine (dynalite over LevelDB) in a process of its own, so
// neither the orchestrator nor the baseline pays for it on their event loop and both see the same engine.
import { startEmbeddedDynamo } from '@talknshop/db';

const port = Number(process.env.BENCH_DYNAMO_PORT ?? '0');
const dataDir = process.env.BENCH_DYNAMO_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DYNAMO_DATA_DIR is required');

const engine = await startEmbeddedDynamo({ port, dataDir });
console.log(JSON.stringify({ endpoint: engine.endpoint }));
const stop = async () => {
  await engine.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
