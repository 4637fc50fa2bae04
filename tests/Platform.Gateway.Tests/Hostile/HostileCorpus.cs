using System.Security.Cryptography;
using System.Text;

namespace Platform.Gateway.Tests.Hostile;

/// <summary>
/// The hostile-input corpus, by category: invalid JSON, wrong types, huge and deeply nested bodies, invalid
/// UTF-8, header abuse, path tricks, missing and forged keys. Each case names the 4xx and OpenAI error code the
/// gateway must answer. Requests an HTTP client refuses to send (CRLF in headers, bad Content-Length, raw bytes
/// in paths) live in the system tests, over a raw socket against a gateway process.
/// </summary>
internal static class HostileCorpus
{
    public const string InvalidJson = "invalid-json";
    public const string WrongTypes = "wrong-types";
    public const string HugeAndNested = "huge-and-nested";
    public const string InvalidUtf8 = "invalid-utf8";
    public const string HeaderAbuse = "header-abuse";
    public const string PathTricks = "path-tricks";
    public const string Keys = "keys";

    private const string ValidBody = """{"model":"sim-small","messages":[{"role":"user","content":"Say hello"}],"max_tokens":4}""";
    private const string User = """{"role":"user","content":"hi"}""";

    private static readonly string[] LlmPaths = ["/v1/chat/completions", "/v1/jobs"];

    public static IReadOnlyList<string> Categories { get; } = [InvalidJson, WrongTypes, HugeAndNested, InvalidUtf8, HeaderAbuse, PathTricks, Keys];

    /// <summary>The cases of one category.</summary>
    public static IReadOnlyList<HostileCase> For(string category, int maxBodyBytes) => category switch
    {
        InvalidJson => [.. InvalidJsonCases()],
        WrongTypes => [.. WrongTypeCases()],
        HugeAndNested => [.. HugeAndNestedCases(maxBodyBytes)],
        InvalidUtf8 => [.. InvalidUtf8Cases()],
        HeaderAbuse => [.. HeaderAbuseCases()],
        PathTricks => [.. PathTrickCases()],
        Keys => [.. KeyCases()],
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static IEnumerable<HostileCase> OnBothPaths(string name, byte[] body, int status, string? code, string? param = null) =>
        LlmPaths.Select(path => new HostileCase { Name = name, Path = path, Body = body, ExpectedStatus = status, ExpectedCode = code, ExpectedParam = param });

    private static IEnumerable<HostileCase> InvalidJsonCases()
    {
        // Every truncation of a valid body: what a client whose connection breaks mid-write sends.
        for (var cut = 0; cut < ValidBody.Length; cut += 4)
        {
            yield return new HostileCase { Name = $"truncated at {cut}", Path = LlmPaths[cut / 4 % 2], Body = Utf8(ValidBody[..cut]), ExpectedStatus = 400, ExpectedCode = "invalid_json" };
        }

        string[] broken =
        [
            "{",                                                        // unclosed
            "}",                                                        // stray close
            "{\"model\":\"sim-small\",}",                               // trailing comma
            "{'model':'sim-small'}",                                    // single quotes
            "{model:\"sim-small\"}",                                    // unquoted name
            "{\"model\":\"sim-small\" /* comment */}",                  // comment
            "{\"model\":NaN}",                                          // NaN
            "{\"model\":Infinity}",                                     // Infinity
            "{\"model\":undefined}",                                    // undefined
            "{\"max_tokens\":0x10}",                                    // hex number
            "{\"max_tokens\":01}",                                      // leading zero
            "{\"model\":\"a\\qb\"}",                                    // bad escape
            "{\"model\":\"\\u12\"}",                                    // short unicode escape
            "{\"model\":\"line\nbreak\"}",                              // raw control character in a string
            ValidBody + ValidBody,                                      // two documents
            ValidBody + "x",                                            // trailing garbage
            "\"just a string",                                          // unterminated string
            "{\"a\":1 \"b\":2}",                                        // missing comma
            "{\"a\"1}",                                                 // missing colon
            "[",                                                        // unclosed array
            "tru",                                                      // truncated literal
            "\u0000",                                                   // NUL
            "   ",                                                      // whitespace only
        ];
        foreach (var (body, i) in broken.Select((b, i) => (b, i)))
        {
            yield return new HostileCase { Name = $"broken JSON #{i}", Path = LlmPaths[i % 2], Body = Utf8(body), ExpectedStatus = 400, ExpectedCode = "invalid_json" };
        }

        yield return new HostileCase { Name = "no body at all", Path = "/v1/jobs", Body = null, ContentType = null, ExpectedStatus = 400, ExpectedCode = "invalid_json" };

        // Valid JSON that is not an object.
        foreach (var body in new[] { "[]", "null", "42", "\"text\"", "true", "[" + ValidBody + "]" })
        {
            yield return new HostileCase { Name = "JSON not an object: " + body[..Math.Min(body.Length, 10)], Path = "/v1/chat/completions", Body = Utf8(body), ExpectedStatus = 400 };
        }
    }

    private static IEnumerable<HostileCase> WrongTypeCases()
    {
        // A value of each JSON kind; each field below lists the kinds it must refuse.
        var values = new Dictionary<string, string>
        {
            ["string"] = "\"x\"",
            ["number"] = "7",
            ["fraction"] = "0.5",
            ["bool"] = "true",
            ["array"] = "[1]",
            ["object"] = "{\"a\":1}",
        };
        (string Field, string[] Refused)[] fields =
        [
            ("temperature", ["string", "bool", "array", "object"]),
            ("top_p", ["string", "bool", "array", "object"]),
            ("n", ["string", "fraction", "bool", "array", "object"]),
            ("max_tokens", ["string", "fraction", "bool", "array", "object"]),
            ("max_completion_tokens", ["string", "fraction", "bool", "array", "object"]),
            ("presence_penalty", ["string", "bool", "array", "object"]),
            ("frequency_penalty", ["string", "bool", "array", "object"]),
            ("seed", ["string", "fraction", "bool", "array", "object"]),
            ("stream", ["string", "number", "array", "object"]),
            ("user", ["number", "bool", "array", "object"]),
        ];
        var i = 0;
        foreach (var (field, refused) in fields)
        {
            foreach (var kind in refused)
            {
                var body = $$"""{"model":"sim-small","messages":[{{User}}],"{{field}}":{{values[kind]}}}""";
                yield return new HostileCase
                {
                    Name = $"{field} as {kind}", Path = LlmPaths[i++ % 2], Body = Utf8(body), ExpectedStatus = 400, ExpectedParam = field,
                };
            }
        }

        foreach (var kind in new[] { "number", "bool", "array", "object" })
        {
            yield return new HostileCase
            {
                Name = "model as " + kind, Path = LlmPaths[i++ % 2], ExpectedStatus = 400, ExpectedParam = "model",
                Body = Utf8($$"""{"model":{{values[kind]}},"messages":[{{User}}]}"""),
            };
            yield return new HostileCase
            {
                // An array of numbers is an array: its first item is at fault.
                Name = "messages as " + kind, Path = LlmPaths[i++ % 2], ExpectedStatus = 400, ExpectedParam = kind == "array" ? "messages[0]" : "messages",
                Body = Utf8($$"""{"model":"sim-small","messages":{{values[kind]}}}"""),
            };
            yield return new HostileCase
            {
                Name = "role as " + kind, Path = LlmPaths[i++ % 2], ExpectedStatus = 400, ExpectedParam = "messages[0].role",
                Body = Utf8($$"""{"model":"sim-small","messages":[{"role":{{values[kind]}},"content":"hi"}]}"""),
            };
        }

        yield return new HostileCase
        {
            Name = "content part text as number", Path = "/v1/jobs", ExpectedStatus = 400, ExpectedParam = "messages[0].content[0].text",
            Body = Utf8("""{"model":"sim-small","messages":[{"role":"user","content":[{"type":"text","text":5}]}]}"""),
        };
        yield return new HostileCase
        {
            Name = "numbers beyond double", Path = "/v1/jobs", ExpectedStatus = 400, ExpectedParam = "max_tokens",
            Body = Utf8($$"""{"model":"sim-small","messages":[{{User}}],"max_tokens":1e400}"""),
        };
        yield return new HostileCase
        {
            Name = "seed beyond long", Path = "/v1/jobs", ExpectedStatus = 400, ExpectedParam = "seed",
            Body = Utf8($$"""{"model":"sim-small","messages":[{{User}}],"seed":99999999999999999999999}"""),
        };
        yield return new HostileCase
        {
            Name = "negative max_tokens", Path = "/v1/jobs", ExpectedStatus = 400, ExpectedParam = "max_tokens",
            Body = Utf8($$"""{"model":"sim-small","messages":[{{User}}],"max_tokens":-1}"""),
        };
        yield return new HostileCase
        {
            Name = "empty model", Path = "/v1/jobs", ExpectedStatus = 400, ExpectedParam = "model",
            Body = Utf8($$"""{"model":"","messages":[{{User}}]}"""),
        };
        yield return new HostileCase
        {
            Name = "unknown model with traversal", Path = "/v1/jobs", ExpectedStatus = 404, ExpectedCode = "model_not_found",
            Body = Utf8($$"""{"model":"../../etc/passwd","messages":[{{User}}]}"""),
        };
    }

    private static IEnumerable<HostileCase> HugeAndNestedCases(int maxBodyBytes)
    {
        var padding = new string('x', maxBodyBytes);
        foreach (var path in LlmPaths)
        {
            // Over the body limit: a long prompt, a long model name, many messages, plain garbage.
            yield return new HostileCase { Name = "huge prompt", Path = path, Body = Utf8($$"""{"model":"sim-small","messages":[{"role":"user","content":"{{padding}}"}]}"""), ExpectedStatus = 413, ExpectedCode = "request_too_large" };
            yield return new HostileCase { Name = "huge model name", Path = path, Body = Utf8($$"""{"model":"{{padding}}","messages":[{{User}}]}"""), ExpectedStatus = 413, ExpectedCode = "request_too_large" };
            yield return new HostileCase { Name = "huge messages array", Path = path, Body = Utf8($$"""{"model":"sim-small","messages":[{{string.Join(',', Enumerable.Repeat(User, maxBodyBytes / User.Length + 1))}}]}"""), ExpectedStatus = 413, ExpectedCode = "request_too_large" };
            yield return new HostileCase { Name = "huge garbage", Path = path, Body = new byte[maxBodyBytes + 1], ExpectedStatus = 413, ExpectedCode = "request_too_large" };

            // Deeply nested, under the size limit: arrays, objects, mixed, in several fields.
            foreach (var depth in new[] { 65, 1_000, 10_000 })
            {
                yield return new HostileCase { Name = $"arrays nested {depth} deep", Path = path, Body = Utf8($$"""{"model":"sim-small","messages":[{{User}}],"tools":{{new string('[', depth)}}{{new string(']', depth)}}}"""), ExpectedStatus = 400, ExpectedCode = "invalid_json" };
                yield return new HostileCase { Name = $"objects nested {depth} deep", Path = path, Body = Utf8($$"""{"model":"sim-small","messages":[{{User}}],"metadata":{{string.Concat(Enumerable.Repeat("{\"a\":", depth))}}1{{new string('}', depth)}}}"""), ExpectedStatus = 400, ExpectedCode = "invalid_json" };
                yield return new HostileCase { Name = $"unclosed nesting {depth} deep", Path = path, Body = Utf8(new string('[', depth)), ExpectedStatus = 400, ExpectedCode = "invalid_json" };
            }

            yield return new HostileCase { Name = "nested content parts", Path = path, Body = Utf8($$"""{"model":"sim-small","messages":[{"role":"user","content":{{new string('[', 200)}}{{new string(']', 200)}}}]}"""), ExpectedStatus = 400, ExpectedCode = "invalid_json" };
        }

        // Long lists and strings under the size limit are refused by field.
        yield return new HostileCase { Name = "many stop sequences", Path = "/v1/jobs", Body = Utf8($$"""{"model":"sim-small","messages":[{{User}}],"stop":[{{string.Join(',', Enumerable.Repeat("\"s\"", 10_000))}}]}"""), ExpectedStatus = 400, ExpectedParam = "stop" };
        yield return new HostileCase { Name = "user field too long", Path = "/v1/jobs", Body = Utf8($$"""{"model":"sim-small","messages":[{{User}}],"user":"{{new string('u', 10_000)}}"}"""), ExpectedStatus = 400, ExpectedParam = "user" };
    }

    private static IEnumerable<HostileCase> InvalidUtf8Cases()
    {
        byte[][] sequences =
        [
            [0xFF],                   // never valid
            [0xFE, 0xFF],             // UTF-16 BOM bytes
            [0x80],                   // lone continuation byte
            [0xC0, 0xAF],             // overlong '/'
            [0xE0, 0x80, 0xAF],       // overlong '/' in three bytes
            [0xED, 0xA0, 0x80],       // encoded surrogate
            [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
            [0xC3],                   // truncated two-byte sequence
            [0xE2, 0x82],             // truncated three-byte sequence
            [0xF8, 0x88, 0x80, 0x80, 0x80], // five-byte form
        ];
        var i = 0;
        foreach (var sequence in sequences)
        {
            // Inside the prompt, inside the model name, and outside any string.
            yield return new HostileCase { Name = $"invalid UTF-8 #{i} in prompt", Path = LlmPaths[i % 2], Body = [.. Utf8("{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"a"), .. sequence, .. Utf8("\"}]}")], ExpectedStatus = 400, ExpectedCode = "invalid_json" };
            yield return new HostileCase { Name = $"invalid UTF-8 #{i} in model", Path = LlmPaths[(i + 1) % 2], Body = [.. Utf8("{\"model\":\"sim"), .. sequence, .. Utf8("\",\"messages\":[" + User + "]}")], ExpectedStatus = 400, ExpectedCode = "invalid_json" };
            yield return new HostileCase { Name = $"invalid UTF-8 #{i} between tokens", Path = LlmPaths[i % 2], Body = [.. Utf8("{\"model\":\"sim-small\","), .. sequence, .. Utf8("\"messages\":[" + User + "]}")], ExpectedStatus = 400, ExpectedCode = "invalid_json" };
            i++;
        }

        // UTF-16 instead of UTF-8.
        yield return new HostileCase { Name = "UTF-16 body", Path = "/v1/jobs", Body = Encoding.Unicode.GetBytes(ValidBody), ExpectedStatus = 400, ExpectedCode = "invalid_json" };
    }

    private static IEnumerable<HostileCase> HeaderAbuseCases()
    {
        foreach (var priority in new[] { "vip", "HIGH;drop table", "", "\u00e9", new string('h', 10_000), "high, low", "-1", "0" })
        {
            if (priority.Length == 0)
            {
                continue;
            }

            yield return new HostileCase
            {
                Name = "x-priority " + priority[..Math.Min(priority.Length, 12)], Path = "/v1/jobs", Body = Utf8(ValidBody),
                Headers = [new("x-priority", priority)], ExpectedStatus = 400, ExpectedParam = "x-priority",
            };
        }

        yield return new HostileCase
        {
            Name = "two x-priority headers", Path = "/v1/jobs", Body = Utf8(ValidBody),
            Headers = [new("x-priority", "high"), new("x-priority", "low")], ExpectedStatus = 400, ExpectedParam = "x-priority",
        };
        foreach (var length in new[] { 256, 4_096, 16_000 })
        {
            yield return new HostileCase
            {
                Name = $"Idempotency-Key of {length}", Path = "/v1/jobs", Body = Utf8(ValidBody),
                Headers = [new("Idempotency-Key", new string('k', length))], ExpectedStatus = 400, ExpectedParam = "Idempotency-Key",
            };
        }

        // Authorization abuse with the right key somewhere in it.
        yield return new HostileCase
        {
            Name = "two Authorization headers", Method = "GET", Path = "/v1/models", Key = KeyUse.Custom,
            Headers = [new("Authorization", "Bearer " + GatewayFactory.Key), new("Authorization", "Bearer " + GatewayFactory.Key)], ExpectedStatus = 401,
        };
        yield return new HostileCase
        {
            Name = "Authorization of 16 KB", Method = "GET", Path = "/v1/models", Key = KeyUse.Custom,
            Headers = [new("Authorization", "Bearer " + GatewayFactory.Key + new string('a', 16_000))], ExpectedStatus = 401,
        };
        yield return new HostileCase
        {
            Name = "two api-key headers", Method = "GET", Path = "/v1/models", Key = KeyUse.Custom,
            Headers = [new("api-key", GatewayFactory.Key), new("api-key", "sk-other")], ExpectedStatus = 401,
        };
        yield return new HostileCase
        {
            Name = "many junk headers", Path = "/v1/jobs", Body = Utf8("{bad"),
            Headers = [.. Enumerable.Range(0, 90).Select(i => new KeyValuePair<string, string>($"x-junk-{i}", new string('j', 100)))], ExpectedStatus = 400, ExpectedCode = "invalid_json",
        };
        yield return new HostileCase
        {
            Name = "script in x-request-id", Path = "/v1/jobs", Body = Utf8("{bad"),
            Headers = [new("x-request-id", "<script>alert(1)</script>")], ExpectedStatus = 400, ExpectedCode = "invalid_json",
        };
        yield return new HostileCase
        {
            Name = "forged traceparent", Path = "/v1/jobs", Body = Utf8("{bad"),
            Headers = [new("traceparent", "00-" + new string('z', 32) + "-" + new string('0', 16) + "-ff")], ExpectedStatus = 400, ExpectedCode = "invalid_json",
        };
    }

    private static IEnumerable<HostileCase> PathTrickCases()
    {
        // Job ids the store must never be asked for: they are refused as unknown jobs. (A NUL in the path is refused
        // by the server before the gateway sees it: a raw-socket case in the system tests.)
        string[] ids =
        [
            "..%2F..%2Fetc%2Fpasswd", "job_1%0d%0aSet-Cookie:x", "*", "job_%2A", "sys%3Ajobs", "job_1'%20OR%20'1'='1",
            new string('a', 129), new string('a', 5_000), "%E2%80%AE", "job%20id", "%F0%9F%98%80", "job_" + new string('9', 40),
        ];
        foreach (var id in ids)
        {
            foreach (var method in new[] { "GET", "DELETE" })
            {
                yield return new HostileCase
                {
                    Name = $"{method} job id {id[..Math.Min(id.Length, 20)]}", Method = method, Path = "/v1/jobs/" + id, Body = null, ContentType = null,
                    ExpectedStatus = 404, ExpectedCode = "job_not_found",
                };
            }
        }

        // Model names that look like paths.
        foreach (var model in new[] { "..%2Fsim-small", new string('m', 3_000) })
        {
            yield return new HostileCase
            {
                Name = "model path " + model[..Math.Min(model.Length, 20)], Method = "GET", Path = "/v1/models/" + model, Body = null, ContentType = null,
                ExpectedStatus = 404, ExpectedCode = "model_not_found",
            };
        }

        // Routes that do not exist, or methods a route does not take, still answer in the OpenAI format.
        (string Method, string Path, int Status)[] misses =
        [
            ("GET", "/v1/chat/completions", 405),
            ("PUT", "/v1/jobs", 405),
            ("PATCH", "/v1/models", 405),
            ("POST", "/v1/models/sim-small", 405),
            ("GET", "/v1/completions", 404),
            ("GET", "/v1/jobs/a/b/c", 404),
            ("GET", "/v1/" + new string('p', 4_000), 404),
            ("GET", "/v1//jobs", 404),
            ("GET", "/v1/jobs/%2e%2e", 404),                 // decoded dot segments leave /v1/, which is no route
            ("DELETE", "/v1/models/%2e%2e", 404),
            ("POST", "/v1/embeddings", 404),
        ];
        foreach (var (method, path, status) in misses)
        {
            yield return new HostileCase
            {
                Name = $"no such route {method} {path[..Math.Min(path.Length, 30)]}", Method = method, Path = path, Body = method is "GET" ? null : Utf8(ValidBody),
                ContentType = method is "GET" ? null : "application/json", ExpectedStatus = status, ExpectedCode = status == 405 ? "method_not_allowed" : "unknown_url",
            };
        }
    }

    private static IEnumerable<HostileCase> KeyCases()
    {
        var hashed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Utf8(GatewayFactory.OtherTenantKey)));
        (string Name, string Header, string Value, string Code)[] forged =
        [
            ("wrong key", "Authorization", "Bearer sk-wrong", "invalid_api_key"),
            ("key with suffix", "Authorization", "Bearer " + GatewayFactory.Key + "x", "invalid_api_key"),
            ("key prefix", "Authorization", "Bearer " + GatewayFactory.Key[..^1], "invalid_api_key"),
            ("key upper-cased", "Authorization", "Bearer " + GatewayFactory.Key.ToUpperInvariant(), "invalid_api_key"),
            ("configured hash presented as key", "Authorization", "Bearer " + hashed, "invalid_api_key"),
            ("hash of the key without prefix", "Authorization", "Bearer " + hashed["sha256:".Length..], "invalid_api_key"),
            ("key with inner space", "Authorization", "Bearer sk-test- alpha", "invalid_api_key"),
            ("key with NUL", "Authorization", "Bearer " + GatewayFactory.Key + "\0", "invalid_api_key"),
            ("key of 513 characters", "Authorization", "Bearer " + new string('k', 513), "missing_api_key"),
            ("Basic scheme", "Authorization", "Basic " + Convert.ToBase64String(Utf8(GatewayFactory.Key)), "missing_api_key"),
            ("Token scheme", "Authorization", "Token " + GatewayFactory.Key, "missing_api_key"),
            ("scheme only", "Authorization", "Bearer", "missing_api_key"),
            ("empty Authorization", "Authorization", "", "missing_api_key"),
            ("wrong api-key", "api-key", "sk-wrong", "invalid_api_key"),
            ("empty api-key", "api-key", "", "missing_api_key"),
            ("key in a query-like header", "x-api-key", GatewayFactory.Key, "missing_api_key"),
            ("Bearer in api-key", "api-key", "Bearer " + GatewayFactory.Key, "invalid_api_key"),
            ("unicode key", "Authorization", "Bearer sk-\u0442est-alpha", "invalid_api_key"),
        ];
        (string Method, string Path)[] routes = [("POST", "/v1/chat/completions"), ("POST", "/v1/jobs"), ("GET", "/v1/jobs/job_1"), ("GET", "/v1/models")];
        var i = 0;
        foreach (var (name, header, value, code) in forged)
        {
            var (method, path) = routes[i++ % routes.Length];
            yield return new HostileCase
            {
                Name = name, Method = method, Path = path, Body = method == "POST" ? Utf8(ValidBody) : null, ContentType = method == "POST" ? "application/json" : null,
                Key = KeyUse.Custom, Headers = [new(header, value)], ExpectedStatus = 401, ExpectedCode = code,
            };
        }

        // The key in the query string or the body is not a key.
        yield return new HostileCase { Name = "key in query", Method = "GET", Path = "/v1/models?api_key=" + GatewayFactory.Key, Key = KeyUse.None, ContentType = null, ExpectedStatus = 401, ExpectedCode = "missing_api_key" };
        yield return new HostileCase { Name = "key in body", Path = "/v1/jobs", Key = KeyUse.None, Body = Utf8($$"""{"api_key":"{{GatewayFactory.Key}}","model":"sim-small","messages":[{{User}}]}"""), ExpectedStatus = 401, ExpectedCode = "missing_api_key" };
        // No key on bodies that are themselves hostile: authentication comes first.
        yield return new HostileCase { Name = "no key, invalid JSON", Path = "/v1/jobs", Key = KeyUse.None, Body = Utf8("{bad"), ExpectedStatus = 401, ExpectedCode = "missing_api_key" };
        yield return new HostileCase { Name = "no key, huge body", Path = "/v1/chat/completions", Key = KeyUse.None, Body = new byte[2 * 1024 * 1024], ExpectedStatus = 401, ExpectedCode = "missing_api_key" };
        // A key of one tenant cannot read another tenant's job ids: unknown to it (covered with real jobs in JobsApiTests).
    }
}
