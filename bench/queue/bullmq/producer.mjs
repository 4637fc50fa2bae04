// BullMQ producer for bench/queue/run.sh: WARMUP jobs (waited for, not timed), then JOBS jobs with IN_FLIGHT adds
// at once; the run ends when the queue's `completed` events have counted every job (checked against
// getCompletedCount as well), or at the timeout.
// Usage: node producer.mjs PORT QUEUE JOBS WARMUP PAYLOAD_FILE IN_FLIGHT TIMEOUT_SECONDS
import { readFileSync } from 'node:fs';
import IORedis from 'ioredis';
import { Queue, QueueEvents } from 'bullmq';

const [port, queueName, jobsArg, warmupArg, payloadFile, inFlightArg, timeoutArg] = process.argv.slice(2);
const jobs = Number(jobsArg), warmup = Number(warmupArg), inFlight = Number(inFlightArg);
const connect = () => new IORedis({ host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null });
const data = JSON.parse(readFileSync(payloadFile, 'utf8'));
const queue = new Queue(queueName, { connection: connect() });
const events = new QueueEvents(queueName, { connection: connect() });
await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);

const timer = setTimeout(() => { console.log('timeout: the run did not finish in', timeoutArg, 's'); process.exit(1); }, Number(timeoutArg) * 1000);
let completedEvents = 0, failedEvents = 0;
events.on('completed', () => { completedEvents++; });
events.on('failed', () => { failedEvents++; });

async function addMany(prefix, count) {
  let next = 0;
  const lane = async () => { for (let i; (i = next++) < count;) await queue.add('job', data, { jobId: `${prefix}${i}` }); };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
}

async function waitFor(target) {
  for (;;) {
    if (completedEvents + failedEvents >= target) return;
    if (await queue.getCompletedCount() + await queue.getFailedCount() >= target) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const run = Date.now().toString(36);
if (warmup > 0) {
  await addMany(`w${run}_`, warmup);
  await waitFor(warmup);
}
const base = await queue.getCompletedCount();
const baseEvents = completedEvents;
const start = process.hrtime.bigint();
const done = waitFor(base + jobs);
await addMany(`m${run}_`, jobs);
const enqueueSeconds = Number(process.hrtime.bigint() - start) / 1e9;
await done;
const totalSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const completed = await queue.getCompletedCount() - base;
clearTimeout(timer);
console.log(`mode=bullmq jobs=${jobs} completed=${completed} completed_events=${completedEvents - baseEvents} failed=${failedEvents} ` +
  `enqueue_seconds=${enqueueSeconds.toFixed(3)} enqueue_per_sec=${Math.round(jobs / enqueueSeconds)} total_seconds=${totalSeconds.toFixed(3)} ` +
  `jobs_per_sec=${Math.round(jobs / totalSeconds)} payload_bytes=${Buffer.byteLength(JSON.stringify(data))}`);
await events.close();
await queue.close();
process.exit(completed >= jobs ? 0 : 1);
