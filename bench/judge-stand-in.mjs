// A stand-in OpenAI-compatible Chat Completions server for the judge's benchmark (bench/judge.ts):
// it listens on 127.0.0.1 only, on an ephemeral port it prints on stdout, and answers every request
// at once with a short chain-of-thought reply (SYNTHETIC), so that the benchmark measures the
// judge and not a model. On SIGTERM it prints the requests it counted on stdout and exits. Plain JavaScript: it runs with no loader, to cost as little CPU as it can.
import http from 'node:http';

let requests = 0;
const reply = (n) => JSON.stringify({
  id: `chatcmpl-bench-${n}`, object: 'chat.completion', created: 1767225600, model: 'bench-stand-in',
  choices: [{ index: 0, message: { role: 'assistant', content: `Step 1: Example — "That sounds really hard."\n\nStep 2: Justification — The supporter names the difficulty.\n\nStep 3: Score — ${(n % 5) + 1}` }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940 },
});
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(reply(requests));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ requests })}\n`);
  process.exit(0);
});
