// Runs the official OpenAI Node SDK against the gateway and prints one JSON line per case:
//   {"case":"completion", ...} {"case":"stream", ...} {"case":"invalid", ...}
// Environment: OPENAI_BASE_URL (e.g. http://127.0.0.1:5000/v1), OPENAI_API_KEY, MODEL (default sim-small).
// Exit code 0 when every case ran (the C# test asserts on the lines), 1 on an unexpected failure.
import OpenAI from 'openai';

const baseURL = process.env.OPENAI_BASE_URL;
const apiKey = process.env.OPENAI_API_KEY;
const model = process.env.MODEL ?? 'sim-small';
if (!baseURL || !apiKey) {
  console.error('OPENAI_BASE_URL and OPENAI_API_KEY are required');
  process.exit(2);
}

// No SDK retries: a failure must show up as it is, not be hidden by a second attempt.
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });
const messages = [{ role: 'user', content: 'Say something about queues.' }];
const print = (line) => console.log(JSON.stringify(line));

async function completion() {
  const response = await client.chat.completions.create({ model, messages, max_tokens: 12 });
  print({
    case: 'completion',
    id: response.id,
    object: response.object,
    model: response.model,
    content: response.choices[0]?.message?.content ?? null,
    role: response.choices[0]?.message?.role ?? null,
    finish_reason: response.choices[0]?.finish_reason ?? null,
    prompt_tokens: response.usage?.prompt_tokens ?? null,
    completion_tokens: response.usage?.completion_tokens ?? null,
  });
}

async function stream() {
  const chunks = await client.chat.completions.create({
    model,
    messages,
    max_tokens: 16,
    stream: true,
    stream_options: { include_usage: true },
  });
  const ids = new Set();
  let text = '';
  let count = 0;
  let finishReason = null;
  let usage = null;
  // The SDK's iterator ends only at the [DONE] sentinel (or throws): finishing the loop proves it came.
  for await (const chunk of chunks) {
    count++;
    ids.add(chunk.id);
    for (const choice of chunk.choices ?? []) {
      text += choice.delta?.content ?? '';
      finishReason = choice.finish_reason ?? finishReason;
    }
    usage = chunk.usage ?? usage;
  }
  print({
    case: 'stream',
    chunks: count,
    ids: [...ids],
    text,
    finish_reason: finishReason,
    completion_tokens: usage?.completion_tokens ?? null,
  });
}

async function invalid() {
  try {
    await client.chat.completions.create({ model, messages, temperature: 5 });
    print({ case: 'invalid', error_class: null });
  } catch (error) {
    print({
      case: 'invalid',
      error_class: error?.constructor?.name ?? null,
      is_api_error: error instanceof OpenAI.APIError,
      status: error?.status ?? null,
      code: error?.code ?? null,
      type: error?.type ?? null,
      param: error?.param ?? null,
      message: error?.message ?? null,
    });
  }
}

try {
  await completion();
  await stream();
  await invalid();
} catch (error) {
  console.error(`unexpected failure: ${error?.constructor?.name}: ${error?.message}`);
  process.exit(1);
}
