// BullMQ worker for bench/queue/run.sh: a no-op processor with the given concurrency.
// Usage: node worker.mjs PORT QUEUE CONCURRENCY RESULT_FILE
import { readFileSync } from 'node:fs';
import IORedis from 'ioredis';
import { Worker } from 'bullmq';

const [port, queueName, concurrency, resultFile] = process.argv.slice(2);
// The same result our worker stores for a one-token simulated completion, so both queues write as much back.
const result = JSON.parse(readFileSync(resultFile, 'utf8'));
const worker = new Worker(queueName, async () => result, {
  connection: new IORedis({ host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null }),
  concurrency: Number(concurrency),
});
worker.on('error', (err) => console.error('worker error', err.message));
await worker.waitUntilReady();
console.log('ready');
const stop = async () => { await worker.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
