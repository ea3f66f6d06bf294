/**
 * The judge's options on the command line, shared by `judge` and `run --judge`, and their
 * defaults. Light on purpose: `run` loads it at start-up, and the judge itself (its HTTP client,
 * its store) only when it judges.
 */
import { intOption, numberOption } from '../command.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_ENDPOINT } from './endpoint.ts';
import type { Dispatch } from './dispatch.ts';
import type { JudgeOptions } from './judge.ts';

export const DEFAULT_STORE = 'judge-store';
export const DEFAULT_KEY_VARIABLE = 'OPENAI_API_KEY';
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_SECONDS = 120;
export const DEFAULT_RETRIES = 6;

export const JUDGE_OPTIONS_HELP = `  --endpoint URL       an OpenAI-compatible API's base URL; requests go to URL/chat/completions
                       (default ${DEFAULT_ENDPOINT}; e.g. http://localhost:11434/v1 for Ollama,
                       http://localhost:8000/v1 for vLLM, https://generativelanguage.googleapis.com/v1beta/openai
                       for Gemini, https://api.anthropic.com/v1 for Claude)
  --api-key-env NAME   the environment variable holding the key (default ${DEFAULT_KEY_VARIABLE}); the key is
                       sent as "Authorization: Bearer", never written anywhere; a local endpoint may have none
  --auth-header api-key  send the key as "api-key: KEY" instead (Azure OpenAI)
  --model NAME         the model (default: the preregistered one; another is a deviation the audit names)
  --temperature T      (default: the preregistered one; another is a deviation)
  --runs N             runs per conversation and dimension (default: the preregistered number; another is
                       a deviation)
  --concurrency K      requests in flight at once, never more (default ${DEFAULT_CONCURRENCY})
  --max-requests N     HTTP requests to send at most, retries included; the run stops there and a rerun
                       continues (default: no limit)
  --timeout S          seconds to wait for one reply before trying again (default ${DEFAULT_TIMEOUT_SECONDS})
  --retries N          tries again of a request that failed (429, 5xx, timeout, dropped connection, a body
                       that is not a chat completion) before the run stops (default ${DEFAULT_RETRIES})
  --store DIR          where every request and reply is kept (default ${DEFAULT_STORE}/ in the current
                       folder); a request whose reply is there is never sent again
  --replace-ratings    judge an export that already has ratings (the judged export carries the judge's)
  --all-conversations  judge every conversation, also those of participants the preregistered exclusions
                       remove whatever the ratings (not randomised, failed attention, an incomplete round,
                       too few supporter messages); by default they are left out: no test reads them`;

/** The judge's options as parsed from the command line (shared with `run --judge`). */
export const JUDGE_ARGS = {
  endpoint: { type: 'string' },
  'api-key-env': { type: 'string' },
  'auth-header': { type: 'string' },
  model: { type: 'string' },
  temperature: { type: 'string' },
  runs: { type: 'string' },
  concurrency: { type: 'string' },
  'max-requests': { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  store: { type: 'string' },
  'replace-ratings': { type: 'boolean' },
  'all-conversations': { type: 'boolean' },
} as const;

/**
 * JudgeOptions from parsed command-line values (without data and out); a malformed value is a
 * UsageError naming its option.
 *
 * @example
 * judgeOptionsFrom({ model: 'gpt-4o', 'max-requests': '100' }) // { model: 'gpt-4o', maxRequests: 100, retries: 6, … }
 */
export function judgeOptionsFrom(values: Record<string, unknown>): Omit<JudgeOptions, 'data'> {
  const optionalInt = (name: string) => (values[name] === undefined ? undefined : intOption(values, name, 0));
  const header = values['auth-header'];
  if (header !== undefined && header !== 'api-key' && header !== 'authorization') throw new UsageError(`--auth-header must be api-key or authorization (${JSON.stringify(header)})`);
  const temperature = values.temperature;
  if (temperature !== undefined && !(typeof temperature === 'string' && /^\d+(\.\d+)?$/.test(temperature))) throw new UsageError(`--temperature must be a number from 0 to 2 (${JSON.stringify(temperature)})`);
  const maxRequests = optionalInt('max-requests');
  if (maxRequests !== undefined && maxRequests < 1) throw new UsageError(`--max-requests must be at least 1 (${maxRequests})`);
  const retries = optionalInt('retries');
  if (retries !== undefined && retries < 0) throw new UsageError(`--retries must be 0 or more (${retries})`);
  return {
    endpoint: values.endpoint as string | undefined,
    apiKeyEnv: values['api-key-env'] as string | undefined,
    authHeader: header as JudgeOptions['authHeader'],
    model: values.model as string | undefined,
    temperature: temperature === undefined ? undefined : Number(temperature),
    runs: optionalInt('runs'),
    concurrency: optionalInt('concurrency'),
    maxRequests,
    timeoutSeconds: values.timeout === undefined ? undefined : numberOption(values, 'timeout', DEFAULT_TIMEOUT_SECONDS),
    retries: retries ?? DEFAULT_RETRIES,
    store: values.store as string | undefined,
    replaceRatings: (values['replace-ratings'] as boolean | undefined) ?? false,
    allConversations: (values['all-conversations'] as boolean | undefined) ?? false,
  };
}

/**
 * Ctrl-C while requests are out: the first stops sending and waits for the replies in flight
 * (they may be billed: they are stored); the second gives them up.
 *
 * @example
 * const signals = interruptible(process.stderr);
 * await judgeExport({ ...options, onDispatch: signals.onDispatch }).finally(() => signals.release());
 */
export function interruptible(stderr: { write(text: string): unknown }): Pick<JudgeOptions, 'onDispatch'> & { release(): void } {
  let handler: (() => void) | null = null;
  const release = () => {
    if (handler) process.off('SIGINT', handler);
    handler = null;
  };
  const onDispatch = (d: Dispatch) => {
    let presses = 0;
    handler = () => {
      presses++;
      if (presses === 1) {
        stderr.write(`\njudge: stopping: waiting for the ${d.inFlight()} request(s) in flight to be stored (Ctrl-C again to give them up)\n`);
        d.stop();
      } else d.abort();
    };
    process.on('SIGINT', handler);
    // once the requests are done, Ctrl-C is Ctrl-C again (run --judge goes on to the stages)
    void d.outcome.finally(release);
  };
  return { onDispatch, release };
}

