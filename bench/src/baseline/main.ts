// Child entry: the minimal baseline server, configured by the plan in BENCH_BASELINE_PLAN (JSON).

import { type BaselinePlan, PLAN_ENV } from './plan';
import { startBaseline } from './server';

const text = process.env[PLAN_ENV];
if (!text) throw new Error(`${PLAN_ENV} is required`);
const baseline = await startBaseline(JSON.parse(text) as BaselinePlan);
const stop = async () => {
  await baseline.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
