/**
 * `npm run pipeline -- judge`: rates an export's transcripts with the preregistered LLM judge
 * over an OpenAI-compatible Chat Completions endpoint (judge.ts). The only command that talks to
 * the network, and only to --endpoint.
 */
import type { Command } from '../command.ts';
import { intOption, numberOption, parseCommandArgs, requireOption } from '../command.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_PREREGISTRATION_FILE } from '../prereg/load.ts';
import { DEFAULT_ENDPOINT } from './endpoint.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_KEY_VARIABLE, DEFAULT_RETRIES, DEFAULT_STORE, DEFAULT_TIMEOUT_SECONDS, dryRunJudge, judgeExport, type JudgeOptions } from './judge.ts';

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
  --replace-ratings    judge an export that already has ratings (the judged export carries the judge's)`;

const HELP = `Usage: npm run pipeline -- judge --data DIR --out DIR [--endpoint URL] [--model NAME] [--runs N]
                                [--concurrency K] [--max-requests N] [--timeout S] [--dry-run] [...]

Rates every conversation of an export on the six dimensions with the preregistered LLM judge
(preregistration.yaml, section judge: model, temperature, runs, prompt, rubric, parse rule). One
request per conversation × dimension × run, naming that one dimension and carrying the whole
transcript, to an OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, vLLM,
llama.cpp, Ollama, LM Studio, and Anthropic's and Google's OpenAI-compatible endpoints).

Every request and reply is kept in the store as it arrives (JSONL, addressed by content: the
endpoint, model, prompt, conversation, dimension and run). A rerun never pays twice: a request
whose reply is stored is not sent. A run stopped by Ctrl-C, a kill, --max-requests or a failing
endpoint loses at most the requests in flight; run the same command again to send the rest.

The score of each reply is read by the preregistered rule (the companion paper's "Step 3: Score
— N", with the variants real models write). A reply with no score, two different scores or one
outside 1-5 is a missing rating, kept with its reason, never guessed; the count is on the last line.

Options:
  --data DIR           the export (CONTRACT.md; a ratings table is not needed), or the Lend an Ear
                       pilot's own format
  --out DIR            where to write: new, empty or a previous judge output (replaced whole)
  --prereg FILE        the preregistration (default ${DEFAULT_PREREGISTRATION_FILE})
${JUDGE_OPTIONS_HELP}
  --dry-run            say how many requests there are, how many are stored already, how many would
                       be sent and their estimated prompt tokens; send and write nothing
  -h, --help           this text

Writes into --out, once every request has a reply:
  ratings.csv          the contract's ratings table (conversation_id, rater, dimension, score) with
                       judge_run, model and reply_ref (the stored reply's key); an unreadable reply
                       has no row
  judge.json           the settings used and preregistered, counts, every unreadable reply with its
                       reason, the tokens counted, and a few rationales per dimension when the study
                       is synthetic or its study.json says "public": true
  for a contract export, its other tables and study.json, copied: --out is then an export that
  'npm run pipeline -- run --data OUT' analyses as it is;
  for the pilot's format, judge_ratings.csv (one row per conversation, the median of the runs per
  dimension, in the layout of the pilot's annotations/NAME_ratings.csv), to compare the judge with
  the experts in 'reliability' (pipeline/judge/README.md)

Exit status: 0 done; 2 bad input or arguments, or the endpoint refused the requests (400, 401,
403, 404: the message names the key's variable, never its value); 3 stopped before every request
had a reply (budget, failing endpoint): what was stored stays stored, rerun to continue; 130
interrupted (Ctrl-C); 1 internal error.
`;

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
} as const;

/** JudgeOptions from parsed values (without data and out). */
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
  };
}

/**
 * Ctrl-C while requests are out: the first stops sending and waits for the replies in flight
 * (they may be billed: they are stored); the second gives them up.
 */
export function interruptible(stderr: { write(text: string): unknown }): Pick<JudgeOptions, 'onDispatch'> & { release(): void } {
  let handler: (() => void) | null = null;
  return {
    onDispatch(d) {
      let presses = 0;
      handler = () => {
        presses++;
        if (presses === 1) {
          stderr.write(`\njudge: stopping: waiting for the ${d.inFlight()} request(s) in flight to be stored (Ctrl-C again to give them up)\n`);
          d.stop();
        } else d.abort();
      };
      process.on('SIGINT', handler);
    },
    release() {
      if (handler) process.off('SIGINT', handler);
    },
  };
}

export const command: Command = {
  name: 'judge',
  summary: 'rate transcripts with the preregistered LLM judge (OpenAI-compatible endpoint; stored, resumable)',
  help: HELP,
  async run(argv: string[]): Promise<void> {
    const { values } = parseCommandArgs(argv, { data: { type: 'string' }, out: { type: 'string' }, prereg: { type: 'string' }, 'dry-run': { type: 'boolean' }, ...JUDGE_ARGS });
    const data = requireOption(values, 'data');
    const common = { data, prereg: values.prereg, ...judgeOptionsFrom(values) };
    if (values['dry-run']) {
      for (const line of await dryRunJudge(common)) process.stdout.write(`${line}\n`);
      return;
    }
    const signals = interruptible(process.stderr);
    try {
      const outcome = await judgeExport({ ...common, out: requireOption(values, 'out'), onDispatch: signals.onDispatch });
      for (const line of outcome.summary) process.stderr.write(`${line}\n`);
    } finally {
      signals.release();
    }
  },
};
