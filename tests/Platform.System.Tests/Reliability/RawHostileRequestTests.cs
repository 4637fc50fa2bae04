using System.Net;
using System.Text;
using System.Text.Json;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// The hostile requests an HTTP client will not send, written byte by byte to a real gateway process: header
/// abuse (huge, many, CRLF and NUL injection, bad Content-Length, conflicting framing), path tricks (raw
/// traversal, encoded slashes, NUL, very long targets) and broken request lines. Kestrel's own 400/413/414/431/505
/// for malformed HTTP is accepted by status; where the gateway answers, it answers with an OpenAI error object.
/// The gateway stays healthy and keeps serving afterwards.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RawHostileRequestTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A raw case: the bytes after the request line's placeholders are filled, and what must come back.</summary>
    /// <param name="OrStatus">A second acceptable status, where Kestrel's answer depends on how the bytes arrive.</param>
    private sealed record RawCase(string Name, string Request, int Status, bool OpenAIError, string? Code = null, bool HalfClose = false, byte[]? Extra = null, int? OrStatus = null);

    [Fact]
    public async Task RawCorpus_EachGetsItsStatus_GatewayStaysHealthy()
    {
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Gateway = { ["Gateway:MaxRequestBodyBytes"] = "65536" },
        }, workers: 0, Ct);
        var key = run.ApiKey;
        var host = $"Host: {run.Gateway.BaseAddress.Authority}\r\n";
        const string Body = """{"model":"sim-small","messages":[{"role":"user","content":"hi"}]}""";
        var auth = $"Authorization: Bearer {key}\r\n";
        string Post(string headers, string body) => $"POST /v1/jobs HTTP/1.1\r\n{host}{auth}Content-Type: application/json\r\n{headers}Connection: close\r\n\r\n{body}";
        string Get(string target, string headers = "") => $"GET {target} HTTP/1.1\r\n{host}{headers}Connection: close\r\n\r\n";

        RawCase[] cases =
        [
            // Header abuse.
            new("CRLF injected in a header value", Post("X-Note: a\r\n\r\nGET /v1/models HTTP/1.1\r\n", Body), 400, true, "invalid_json"),
            new("bare CR in a header value", Post("X-Note: a\rInjected: yes\r\n", Body), 400, false),
            new("NUL in a header value", Post("X-Note: a\0b\r\n", Body), 400, false),
            new("header name with a space", Post("X Note: a\r\n", Body), 400, false),
            new("header without a colon", Post("NoColonHere\r\n", Body), 400, false),
            new("obsolete line folding", Post("X-Note: a\r\n  folded\r\n", Body), 400, false),
            new("64 KB header", Post($"X-Huge: {new string('h', 64 * 1024)}\r\n", Body), 431, false),
            new("200 headers", Post(string.Concat(Enumerable.Range(0, 200).Select(i => $"X-Many-{i}: v\r\n")), Body), 431, false),
            new("Content-Length not a number", Post("Content-Length: abc\r\n", Body), 400, false),
            new("negative Content-Length", Post("Content-Length: -5\r\n", Body), 400, false),
            new("two different Content-Lengths", Post($"Content-Length: {Body.Length}\r\nContent-Length: 3\r\n", Body), 400, false),
            new("Content-Length above the body limit", Post("Content-Length: 999999999999\r\n", ""), 413, true, "request_too_large"),
            // The client closes its side mid-body: Kestrel treats it as gone and closes too, with nothing logged as an error.
            new("Content-Length longer than the body sent", Post("Content-Length: 500\r\n", Body), 0, false, HalfClose: true),
            new("Content-Length shorter than the body", Post("Content-Length: 10\r\n", Body), 400, true, "invalid_json"),
            new("chunked with a bad chunk size", Post("Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n"), 400, true, "invalid_body"),
            new("chunk longer than announced", Post("Transfer-Encoding: chunked\r\n", "2\r\nabcdef\r\n0\r\n\r\n"), 400, true, "invalid_body"),
            new("unknown transfer coding", Post("Transfer-Encoding: gzip\r\n", Body), 400, false),
            // Both framings: Transfer-Encoding wins and Content-Length is dropped (RFC 9112 6.3), so the chunked "{bad" is the body.
            new("chunked and Content-Length together", Post($"Transfer-Encoding: chunked\r\nContent-Length: {Body.Length}\r\n", $"4\r\n{{bad\r\n0\r\n\r\n"), 400, true, "invalid_json"),
            new("no Host header", $"GET /v1/models HTTP/1.1\r\n{auth}Connection: close\r\n\r\n", 400, false),
            new("two Host headers", $"GET /v1/models HTTP/1.1\r\n{host}{host}{auth}Connection: close\r\n\r\n", 400, false),
            new("Authorization with CRLF-split key", Get("/v1/models", $"Authorization: Bearer\r\n {key}\r\n"), 400, false),
            new("NUL inside the key", Get("/v1/models", $"Authorization: Bearer {key}\0\r\n"), 400, false),

            // Path tricks.
            new("raw traversal to /v1 without a key", Get("/health/../v1/models"), 401, true, "missing_api_key"),
            new("raw traversal out of the root", Get("/v1/../../../../etc/passwd", auth), 404, false),
            new("dot segments inside /v1 without a key", Get("/v1/./jobs/../models"), 401, true, "missing_api_key"),
            new("encoded traversal to /v1 without a key", Get("/health/%2e%2e/v1/models"), 401, true, "missing_api_key"),
            new("encoded slash after v1 without a key", Get("/v1%2Fmodels"), 404, false),
            new("encoded slash after v1 with a key", Get("/v1%2Fmodels", auth), 404, false),
            new("encoded slash in a job id", Get("/v1/jobs/..%2F..%2Fmodels", auth), 404, true, "job_not_found"),
            new("encoded CRLF in a job id", Get("/v1/jobs/job%0d%0aSet-Cookie:%20a=b", auth), 404, true, "job_not_found"),
            new("encoded NUL in a job id", Get("/v1/jobs/job%00", auth), 400, false),
            new("raw NUL in the path", Get("/v1/jobs/a\0b", auth), 400, false),
            new("raw space-split path", Get("/v1/jobs/a b", auth), 400, false),
            new("raw UTF-8 in the path", Get("/v1/jobs/\u00e9\u00e8", auth), 400, false),
            new("overlong UTF-8 slash, encoded", Get("/v1/jobs/%C0%AF", auth), 404, true, "job_not_found"),
            new("absolute-form target without a key", Get($"http://{run.Gateway.BaseAddress.Authority}/v1/models"), 401, true, "missing_api_key"),
            new("upper-case V1 without a key", Get("/V1/MODELS"), 401, true, "missing_api_key"),
            new("double slash before v1 without a key", Get("//v1/models"), 404, false),
            new("target without a leading slash", Get("v1/models", auth), 400, false),
            new("asterisk target on GET", Get("*", auth), 405, false),
            new("100 KB target", Get("/v1/jobs/" + new string('a', 100 * 1024), auth), 414, false),

            // Broken request lines.
            new("garbage instead of HTTP", "GARBAGE\r\n\r\n", 400, false),
            new("unknown HTTP version", $"GET /v1/models HTTP/9.9\r\n{host}{auth}\r\n", 505, false),
            // Methods match case-insensitively in routing: the key is still required.
            new("lower-case method without a key", $"get /v1/models HTTP/1.1\r\n{host}Connection: close\r\n\r\n", 401, true, "missing_api_key"),
            new("method with a control character", $"G\u0001T /v1/models HTTP/1.1\r\n{host}{auth}Connection: close\r\n\r\n", 400, false),
            // Kestrel recognises a TLS handshake and closes the connection without an HTTP answer (status 0 here),
            // or, when the bytes arrive split, answers 400 to what cannot be an HTTP request line: both refuse it.
            new("TLS hello on the HTTP port", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", 0, false, HalfClose: true, OrStatus: 400),
        ];

        var failures = new List<string>();
        foreach (var hostile in cases)
        {
            var bytes = Encoding.Latin1.GetBytes(hostile.Request.Replace("\u00e9\u00e8", "\u00c3\u00a9\u00c3\u00a8", StringComparison.Ordinal));
            RawHttp.Response response;
            try
            {
                response = await RawHttp.SendAsync(run.Gateway.BaseAddress, bytes, hostile.HalfClose, TimeSpan.FromSeconds(15), Ct);
            }
            catch (TimeoutException ex)
            {
                failures.Add($"{hostile.Name}: {ex.Message}");
                continue;
            }

            var failure = Check(hostile, response);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        var warnings = run.Gateway.Lines.Where(l => l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} raw case(s) answered wrongly:\n{string.Join('\n', failures)}\n{string.Join('\n', warnings)}");
        Assert.False(run.Gateway.HasExited);
        using var health = await run.Client.Http.GetAsync("health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await run.Client.SubmitJobAsync("sim-small", "still serving", 4, Ct);
        // No unhandled exception was logged for any of them.
        var unhandled = run.Gateway.Lines.Where(l => l.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(unhandled.Count == 0, string.Join('\n', unhandled));
    }

    private static string? Check(RawCase hostile, RawHttp.Response response)
    {
        var shown = response.Body.Length > 200 ? response.Body[..200] : response.Body;
        if (response.Status != hostile.Status && response.Status != hostile.OrStatus)
        {
            return $"{hostile.Name}: {response.Status} instead of {hostile.Status}: {shown}";
        }

        if (response.Header("Set-Cookie") is not null)
        {
            return $"{hostile.Name}: a Set-Cookie header came back";
        }

        if (!hostile.OpenAIError)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var error = document.RootElement.GetProperty("error");
            if (error.GetProperty("message").ValueKind != JsonValueKind.String || error.GetProperty("type").ValueKind != JsonValueKind.String)
            {
                return $"{hostile.Name}: incomplete error object: {shown}";
            }

            return hostile.Code is { } code && error.GetProperty("code").GetString() != code ? $"{hostile.Name}: code is not {code}: {shown}" : null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException)
        {
            return $"{hostile.Name}: no OpenAI error object: {shown}";
        }
    }
}
