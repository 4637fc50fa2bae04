using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Redis;

namespace Platform.Jobs;

/// <summary>
/// The job queue on Redis Streams: one stream per priority read through a consumer group, a hash per job,
/// a sorted set for the retry schedule and a dead-letter stream. See README.md for the key layout.
/// Thread-safe; one instance per process.
/// </summary>
public sealed partial class JobQueue
{
    private readonly RedisConnection _redis;
    private readonly JobQueueOptions _options;
    private readonly JobKeys _keys;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly CompletionDispatcher _completions;

    /// <summary>Creates the queue client.</summary>
    /// <param name="redis">The shared Redis connection.</param>
    /// <param name="options">Queue settings.</param>
    /// <param name="logger">Logger; optional.</param>
    /// <param name="random">Source of uniform values in [0, 1) for retry jitter; defaults to <see cref="Random.Shared"/>.</param>
    public JobQueue(RedisConnection redis, IOptions<JobQueueOptions> options, ILogger<JobQueue>? logger = null, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options.Value;
        _keys = new JobKeys(_options.KeyPrefix);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _random = random ?? Random.Shared.NextDouble;
        _completions = new CompletionDispatcher(redis, _keys.CompletionChannel);
    }

    /// <summary>The queue's settings.</summary>
    public JobQueueOptions Options => _options;

    /// <summary>Base name of the priority streams (<c>{prefix}:jobs</c>), as a ScalePolicy names the queue.</summary>
    public string QueueName => _keys.QueueName;

    /// <summary>The stream holding jobs of <paramref name="priority"/>.</summary>
    public string StreamName(JobPriority priority) => _keys.Stream(priority);

    /// <summary>The dead-letter stream.</summary>
    public string DeadLetterStreamName => _keys.DeadLetter;

    /// <summary>
    /// Creates the consumer group on every priority stream if it does not exist. Reads from the start of
    /// each stream, so jobs enqueued before any worker existed are delivered too. Idempotent.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var priority in JobKeys.PrioritiesInReadOrder)
        {
            try
            {
                await _redis.ExecuteAsync("XGROUP", ["CREATE", _keys.Stream(priority), _options.ConsumerGroup, "0", "MKSTREAM"], cancellationToken);
            }
            catch (RedisServerException ex) when (ex.Prefix == "BUSYGROUP")
            {
                // Already there: another process created it first.
            }
        }
    }

    /// <summary>
    /// Puts a job on its priority stream, atomically with its idempotency key. Never overwrites a job.
    /// </summary>
    public async Task<EnqueueResult> EnqueueAsync(EnqueueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.JobId);
        var maxAttempts = request.MaxAttempts ?? _options.MaxAttempts;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);

        var useIdempotency = !string.IsNullOrEmpty(request.IdempotencyKey);
        var idempotencyKey = useIdempotency
            ? _keys.Idempotency(request.Tenant, Hash(Encoding.UTF8.GetBytes(request.IdempotencyKey!)))
            : _keys.Idempotency(request.Tenant, "-");
        var payloadHash = useIdempotency ? Hash((request.IdempotencyFingerprint ?? request.Payload).Span) : "";

        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.Enqueue,
            [_keys.Job(request.JobId), _keys.Stream(request.Priority), _keys.Stats, idempotencyKey],
            [
                request.JobId, request.Payload, JobKeys.PriorityName(request.Priority), request.Tenant,
                request.TraceParent ?? "", maxAttempts, payloadHash,
                (long)_options.IdempotencyKeyTimeToLive.TotalMilliseconds, request.Model ?? "", useIdempotency ? 1 : 0,
            ],
            cancellationToken);

        var parts = reply.AsStringArray();
        var outcome = parts[0] switch
        {
            "created" => EnqueueOutcome.Created,
            "existing" => EnqueueOutcome.Existing,
            "conflict" => EnqueueOutcome.IdempotencyConflict,
            _ => EnqueueOutcome.DuplicateJobId,
        };
        if (outcome == EnqueueOutcome.Created)
        {
            Log.JobEnqueued(_logger, request.JobId, request.Priority, request.Tenant);
        }

        return new EnqueueResult(outcome, parts[1]!)
        {
            CreatedAt = outcome == EnqueueOutcome.Created && parts.Count > 2 && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null,
        };
    }

    /// <summary>Reads a job's status, attempts, timings and outcome; null when there is no such job (or it expired).</summary>
    public async Task<JobInfo?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var reply = await _redis.ExecuteAsync("HGETALL", [_keys.Job(jobId)], cancellationToken);
        var items = reply.AsArray();
        if (items.Count == 0)
        {
            return null;
        }

        var fields = new Dictionary<string, RedisResult>(items.Count / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            fields[items[i].ToString()!] = items[i + 1];
        }

        string? Text(string name) => fields.TryGetValue(name, out var v) ? v.ToString() : null;
        DateTimeOffset? Time(string name) =>
            long.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null;

        var resultFields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (name.StartsWith("r:", StringComparison.Ordinal))
            {
                resultFields[name[2..]] = value.ToString() ?? "";
            }
        }

        var status = ParseStatus(Text("status"));
        return new JobInfo
        {
            JobId = jobId,
            Status = status,
            Priority = JobKeys.ParsePriority(Text("priority")),
            Tenant = Text("tenant") ?? "default",
            Model = string.IsNullOrEmpty(Text("model")) ? null : Text("model"),
            Attempts = int.Parse(Text("attempts") ?? "0", CultureInfo.InvariantCulture),
            MaxAttempts = int.Parse(Text("max_attempts") ?? "1", CultureInfo.InvariantCulture),
            CreatedAt = Time("created_at") ?? DateTimeOffset.UnixEpoch,
            FirstStartedAt = Time("first_started_at"),
            StartedAt = Time("started_at"),
            FinishedAt = Time("finished_at"),
            NextAttemptAt = Time("next_attempt_at"),
            CancellationRequested = Text("cancel_requested") == "1",
            Result = status == JobStatus.Succeeded && fields.TryGetValue("result", out var result) ? result.AsMemory() : (ReadOnlyMemory<byte>?)null,
            ResultFields = resultFields,
            Errors = ParseErrors(Text("errors")),
        };
    }

    /// <summary>
    /// Cancels a job: a queued one never runs; a running one's worker is told to stop (see
    /// <see cref="SubscribeCancellationsAsync"/>) and the job ends as cancelled; a finished one is left alone.
    /// </summary>
    public async Task<CancelOutcome> CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.Cancel,
            [_keys.Job(jobId), _keys.Stats, _keys.RetrySchedule],
            [jobId, ResultTtlMs, _keys.JobChannel(jobId), _keys.CancelChannel, _keys.Prefix],
            cancellationToken);
        var outcome = reply.ToString() switch
        {
            "cancelled" => CancelOutcome.Cancelled,
            "requested" => CancelOutcome.CancellationRequested,
            "finished" => CancelOutcome.AlreadyFinished,
            _ => CancelOutcome.NotFound,
        };
        if (outcome is CancelOutcome.Cancelled or CancelOutcome.CancellationRequested)
        {
            Log.JobCancelled(_logger, jobId, outcome);
        }

        return outcome;
    }

    private long ResultTtlMs => (long)_options.ResultTimeToLive.TotalMilliseconds;

    private static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static JobStatus ParseStatus(string? status) => status switch
    {
        "queued" => JobStatus.Queued,
        "running" => JobStatus.Running,
        "succeeded" => JobStatus.Succeeded,
        "failed" => JobStatus.Failed,
        "cancelled" => JobStatus.Cancelled,
        "dead_lettered" => JobStatus.DeadLettered,
        _ => JobStatus.Queued,
    };

    internal static IReadOnlyList<JobAttemptError> ParseErrors(string? json)
    {
        // cjson encodes an empty table as an object; anything but an array means no errors.
        if (string.IsNullOrEmpty(json) || json[0] != '[')
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var errors = new List<JobAttemptError>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            errors.Add(new JobAttemptError(
                element.TryGetProperty("attempt", out var attempt) ? (int)attempt.GetDouble() : 0,
                DateTimeOffset.FromUnixTimeMilliseconds(element.TryGetProperty("at", out var at) ? (long)at.GetDouble() : 0),
                element.TryGetProperty("code", out var code) ? code.GetString() ?? "error" : "error",
                element.TryGetProperty("message", out var message) ? message.GetString() ?? "" : ""));
        }

        return errors;
    }
}
