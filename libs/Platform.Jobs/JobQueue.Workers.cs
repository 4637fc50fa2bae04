using System.Globalization;

namespace Platform.Jobs;

public sealed partial class JobQueue
{
    /// <summary>
    /// Publishes a worker's heartbeat. It stays visible for <see cref="JobQueueOptions.HeartbeatTimeToLive"/>;
    /// a worker that stops reporting drops out of <see cref="GetWorkersAsync"/> after that.
    /// </summary>
    public async Task PublishHeartbeatAsync(WorkerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        await _redis.ScriptEvaluateAsync(
            JobScripts.Heartbeat,
            [_keys.Worker(heartbeat.WorkerId), _keys.Workers],
            [
                heartbeat.WorkerId, (long)_options.HeartbeatTimeToLive.TotalMilliseconds,
                "in_flight", heartbeat.InFlight, "capacity", heartbeat.Capacity,
                "completed", heartbeat.Completed, "failed", heartbeat.Failed,
                "avg_service_ms", heartbeat.AverageServiceTime.TotalMilliseconds,
                "started_at", heartbeat.StartedAt.ToUnixTimeMilliseconds(),
            ],
            cancellationToken);
    }

    /// <summary>The workers whose heartbeat is still alive.</summary>
    public async Task<IReadOnlyList<WorkerHeartbeat>> GetWorkersAsync(CancellationToken cancellationToken = default)
    {
        var ids = (await _redis.ExecuteAsync("ZRANGE", [_keys.Workers, 0, -1], cancellationToken)).AsStringArray();
        var reads = ids.Where(id => id is not null)
            .Select(id => (Id: id!, Task: _redis.ExecuteAsync("HGETALL", [_keys.Worker(id!)], cancellationToken)))
            .ToArray();
        await Task.WhenAll(reads.Select(r => r.Task));

        var workers = new List<WorkerHeartbeat>(reads.Length);
        foreach (var (id, task) in reads)
        {
            var flat = (await task).AsArray();
            if (flat.Count == 0)
            {
                // Expired: the worker stopped reporting.
                continue;
            }

            var f = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < flat.Count; i += 2)
            {
                f[flat[i].ToString()!] = flat[i + 1].ToString() ?? "";
            }

            long Long(string name) => long.TryParse(f.GetValueOrDefault(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
            workers.Add(new WorkerHeartbeat
            {
                WorkerId = id,
                InFlight = (int)Long("in_flight"),
                Capacity = (int)Long("capacity"),
                Completed = Long("completed"),
                Failed = Long("failed"),
                AverageServiceTime = TimeSpan.FromMilliseconds(
                    double.TryParse(f.GetValueOrDefault("avg_service_ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : 0),
                StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(Long("started_at")),
                ReportedAt = DateTimeOffset.FromUnixTimeMilliseconds(Long("reported_at")),
            });
        }

        return workers;
    }
}
