/**
 * The body of a diagnosis worker thread: receives jobs, answers with their results. Started by
 * pool.ts through tsx's loader, with the parsed preregistration as workerData.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Preregistration } from '../prereg/types.ts';
import { runJob, type Job } from './jobs.ts';

if (!isMainThread && parentPort) {
  const port = parentPort;
  const prereg = (workerData as { prereg: Preregistration }).prereg;
  port.on('message', (message: { id: number; job: Job }) => {
    try {
      port.postMessage({ id: message.id, result: runJob(message.job, prereg) });
    } catch (err) {
      port.postMessage({ id: message.id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
    }
  });
}
