using System.Text;
using Platform.Jobs;
using Platform.Testing;

namespace Platform.Jobs.Tests;

[Collection(RedisCollection.Name)]
public sealed class JobQueueTests(RedisServerFixture redis) : JobQueueTestBase(redis)
{
    private static EnqueueRequest Job(string id, string payload = "{}", JobPriority priority = JobPriority.Normal) => new()
    {
        JobId = id,
        Payload = Encoding.UTF8.GetBytes(payload),
        Priority = priority,
        Tenant = "acme",
        Model = "gpt-test",
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    };

    [Fact]
    public async Task EnqueueAsync_ThenRead_DeliversPayloadAndMetadataAsRunningAttempt()
    {
        var queue = await NewQueueAsync();

        var result = await queue.EnqueueAsync(Job("j1", """{"messages":[]}"""), Ct);
        var leases = await queue.ReadAsync("c1", 10, TimeSpan.Zero, Ct);

        Assert.Equal((EnqueueOutcome.Created, "j1"), (result.Outcome, result.JobId));
        var lease = Assert.Single(leases);
        Assert.Equal("j1", lease.JobId);
        Assert.Equal("""{"messages":[]}""", Encoding.UTF8.GetString(lease.Payload.Span));
        Assert.Equal(1, lease.Attempt);
        Assert.Equal("acme", lease.Tenant);
        Assert.Equal("gpt-test", lease.Model);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", lease.TraceParent);
        var info = await queue.GetAsync("j1", Ct);
        Assert.Equal(JobStatus.Running, info!.Status);
        Assert.Equal(1, info.Attempts);
        Assert.NotNull(info.StartedAt);
        // The creation time the enqueue answers is the one a later read returns (Redis server time).
        Assert.Equal(info.CreatedAt, result.CreatedAt);
    }

    [Fact]
    public async Task ReadAsync_MixedPriorities_DeliversHigherPrioritiesFirst()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("low", priority: JobPriority.Low), Ct);
        await queue.EnqueueAsync(Job("normal", priority: JobPriority.Normal), Ct);
        await queue.EnqueueAsync(Job("high", priority: JobPriority.High), Ct);

        var first = await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct);
        var rest = await queue.ReadAsync("c1", 5, TimeSpan.Zero, Ct);

        Assert.Equal(["high"], first.Select(l => l.JobId));
        Assert.Equal(["normal", "low"], rest.Select(l => l.JobId));
    }

    [Fact]
    public async Task ReadAsync_BlockingOnEmptyQueue_ReturnsJobEnqueuedMeanwhile()
    {
        var queue = await NewQueueAsync();

        var read = queue.ReadAsync("c1", 1, TimeSpan.FromSeconds(10), Ct);
        await queue.EnqueueAsync(Job("late", priority: JobPriority.Low), Ct);
        var leases = await read;

        Assert.Equal("late", Assert.Single(leases).JobId);
    }

    [Fact]
    public async Task EnqueueAsync_SameIdempotencyKey_ReturnsFirstJobOrConflict()
    {
        var queue = await NewQueueAsync();
        var first = Job("a", "body-1") with { IdempotencyKey = "key-1" };

        var created = await queue.EnqueueAsync(first, Ct);
        var retried = await queue.EnqueueAsync(first with { JobId = "b" }, Ct);
        var conflict = await queue.EnqueueAsync(first with { JobId = "c", Payload = "body-2"u8.ToArray() }, Ct);
        var otherTenant = await queue.EnqueueAsync(first with { JobId = "d", Tenant = "other" }, Ct);

        Assert.Equal((EnqueueOutcome.Created, "a"), (created.Outcome, created.JobId));
        Assert.NotNull(created.CreatedAt);
        Assert.Equal(new EnqueueResult(EnqueueOutcome.Existing, "a"), retried);
        Assert.Equal(new EnqueueResult(EnqueueOutcome.IdempotencyConflict, "a"), conflict);
        Assert.Equal((EnqueueOutcome.Created, "d"), (otherTenant.Outcome, otherTenant.JobId));
        Assert.Equal(2, (await queue.GetStatisticsAsync(Ct)).Added);
    }

    [Fact]
    public async Task EnqueueAsync_SameKeyAndFingerprint_IsTheSameRequestWhateverThePayload()
    {
        var queue = await NewQueueAsync();
        var first = Job("x", "payload with id 1") with { IdempotencyKey = "k", IdempotencyFingerprint = "request"u8.ToArray() };

        await queue.EnqueueAsync(first, Ct);
        var retry = await queue.EnqueueAsync(first with { JobId = "y", Payload = "payload with id 2"u8.ToArray() }, Ct);
        var other = await queue.EnqueueAsync(first with { JobId = "z", IdempotencyFingerprint = "another request"u8.ToArray() }, Ct);

        Assert.Equal(new EnqueueResult(EnqueueOutcome.Existing, "x"), retry);
        Assert.Equal(EnqueueOutcome.IdempotencyConflict, other.Outcome);
    }

    [Fact]
    public async Task EnqueueAsync_ExistingJobId_IsRejectedWithoutOverwriting()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("same", "first"), Ct);

        var again = await queue.EnqueueAsync(Job("same", "second"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 5, TimeSpan.Zero, Ct));

        Assert.Equal(EnqueueOutcome.DuplicateJobId, again.Outcome);
        Assert.Equal("first", Encoding.UTF8.GetString(lease.Payload.Span));
    }

    [Fact]
    public async Task CompleteAsync_StoresResultOnce_DuplicateCompletionIgnored()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("j"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));

        var first = await queue.CompleteAsync(lease, "answer-1"u8.ToArray(), new Dictionary<string, string> { ["usage.total_tokens"] = "42" }, Ct);
        var second = await queue.CompleteAsync(lease, "answer-2"u8.ToArray(), null, Ct);

        Assert.True(first);
        Assert.False(second);
        var info = await queue.GetAsync("j", Ct);
        Assert.Equal(JobStatus.Succeeded, info!.Status);
        Assert.Equal("answer-1", Encoding.UTF8.GetString(info.Result!.Value.Span));
        Assert.Equal("42", info.ResultFields["usage.total_tokens"]);
        Assert.NotNull(info.FinishedAt);
        var stats = await queue.GetStatisticsAsync(Ct);
        Assert.Equal((0, 0, 1), (stats.Backlog, stats.Pending, stats.Completed));
    }

    [Fact]
    public async Task ReclaimAsync_ConsumerDiesWithoutAck_AnotherConsumerCompletesTheJob()
    {
        var queue = await NewQueueAsync(o => o.VisibilityTimeout = TimeSpan.FromMilliseconds(300));
        await queue.EnqueueAsync(Job("orphan", "payload"), Ct);
        var lost = Assert.Single(await queue.ReadAsync("dying-worker", 1, TimeSpan.Zero, Ct));

        // The first consumer never acknowledges; the second one reclaims once the visibility timeout passed.
        var reclaimed = Assert.Single(await Eventually.ReturnsAsync(() => queue.ReclaimAsync("survivor", 10, Ct), l => l.Count > 0, "the orphan reclaimed", cancellationToken: Ct));
        var completed = await queue.CompleteAsync(reclaimed, "done"u8.ToArray(), null, Ct);

        Assert.Equal("orphan", reclaimed.JobId);
        Assert.Equal(lost.EntryId, reclaimed.EntryId);
        Assert.Equal(2, reclaimed.Attempt);
        Assert.Equal("payload", Encoding.UTF8.GetString(reclaimed.Payload.Span));
        Assert.True(completed);
        Assert.Equal(JobStatus.Succeeded, (await queue.GetAsync("orphan", Ct))!.Status);
        var stats = await queue.GetStatisticsAsync(Ct);
        Assert.Equal((0, 0), (stats.Backlog, stats.Pending));
    }

    [Fact]
    public async Task ExtendLeaseAsync_WhileWorkerLives_JobIsNotReclaimed()
    {
        var queue = await NewQueueAsync(o => o.VisibilityTimeout = TimeSpan.FromMilliseconds(400));
        await queue.EnqueueAsync(Job("long"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("alive", 1, TimeSpan.Zero, Ct));

        // For three visibility timeouts the owner keeps extending; nobody may take the job meanwhile.
        var reclaimedByOthers = 0;
        for (var i = 0; i < 12; i++)
        {
            Assert.True(await queue.ExtendLeaseAsync(lease, "alive", Ct));
            await Task.Delay(100, Ct);
            reclaimedByOthers += (await queue.ReclaimAsync("thief", 10, Ct)).Count;
        }

        Assert.Equal(0, reclaimedByOthers);
        Assert.False(await queue.ExtendLeaseAsync(lease, "thief", Ct));
    }

    [Fact]
    public async Task FailAsync_Retryable_SchedulesBackoffThenPromotesWhenDue()
    {
        // No jitter: the delay is exactly the base for the first retry.
        var queue = await NewQueueAsync(o => o.Backoff = new RetryBackoff { BaseDelay = TimeSpan.FromMilliseconds(500), Jitter = 0 });
        await queue.EnqueueAsync(Job("flaky"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));

        var failed = await queue.FailAsync(lease, new JobError { Message = "upstream 503", Code = "server_error" }, Ct);
        var info = await queue.GetAsync("flaky", Ct);
        var promotedEarly = await queue.PromoteDueRetriesAsync(cancellationToken: Ct);
        var readEarly = await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct);

        Assert.Equal(FailOutcome.RetryScheduled, failed.Outcome);
        Assert.Equal(JobStatus.Queued, info!.Status);
        Assert.Equal(info.NextAttemptAt, failed.NextAttemptAt);
        Assert.Equal(500, (failed.NextAttemptAt!.Value - info.Errors.Single().At).TotalMilliseconds);
        Assert.Equal(0, promotedEarly);
        Assert.Empty(readEarly);
        Assert.Equal(1, (await queue.GetStatisticsAsync(Ct)).Scheduled);

        var promoted = await Eventually.ReturnsAsync(() => queue.PromoteDueRetriesAsync(cancellationToken: Ct), n => n > 0, "the due retry promoted", cancellationToken: Ct);
        var retry = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));
        Assert.Equal(1, promoted);
        Assert.Equal(2, retry.Attempt);
        Assert.NotEqual(lease.EntryId, retry.EntryId);
    }

    [Fact]
    public async Task FailAsync_RetryAfterLongerThanBackoff_WaitsAsAsked()
    {
        var queue = await NewQueueAsync(o => o.Backoff = new RetryBackoff { BaseDelay = TimeSpan.FromMilliseconds(10), Jitter = 0 });
        await queue.EnqueueAsync(Job("limited"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));

        var failed = await queue.FailAsync(lease, new JobError { Message = "429", Code = "rate_limited", RetryAfter = TimeSpan.FromSeconds(7) }, Ct);
        var info = await queue.GetAsync("limited", Ct);

        Assert.Equal(7000, (failed.NextAttemptAt!.Value - info!.Errors.Single().At).TotalMilliseconds);
    }

    [Fact]
    public async Task FailAsync_LastAttempt_DeadLettersWithErrorHistory()
    {
        var queue = await NewQueueAsync(o => o.Backoff = new RetryBackoff { BaseDelay = TimeSpan.FromMilliseconds(1), Jitter = 0 });
        await queue.EnqueueAsync(Job("doomed") with { MaxAttempts = 3 }, Ct);

        var outcomes = new List<FailOutcome>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var lease = Assert.Single(await Eventually.ReturnsAsync(
                async () =>
                {
                    await queue.PromoteDueRetriesAsync(cancellationToken: Ct);
                    return await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct);
                },
                l => l.Count > 0,
                $"delivery {attempt}", cancellationToken: Ct));
            Assert.Equal(attempt, lease.Attempt);
            outcomes.Add((await queue.FailAsync(lease, new JobError { Message = $"boom {attempt}", Code = "server_error" }, Ct)).Outcome);
        }

        Assert.Equal([FailOutcome.RetryScheduled, FailOutcome.RetryScheduled, FailOutcome.DeadLettered], outcomes);
        var info = await queue.GetAsync("doomed", Ct);
        Assert.Equal(JobStatus.DeadLettered, info!.Status);
        Assert.Equal(["boom 1", "boom 2", "boom 3"], info.Errors.Select(e => e.Message));
        Assert.Equal([1, 2, 3], info.Errors.Select(e => e.Attempt));
        var dead = (await Connection.ExecuteAsync("XRANGE", [queue.DeadLetterStreamName, "-", "+"], Ct)).AsArray();
        var fields = Assert.Single(dead).AsArray()[1].AsStringArray();
        Assert.Equal("doomed", fields[1]);
        Assert.Contains("boom 3", fields[fields.ToList().IndexOf("errors") + 1]);
        var stats = await queue.GetStatisticsAsync(Ct);
        Assert.Equal((1, 1, 2, 0L), (stats.DeadLetterLength, stats.DeadLettered, stats.Retried, stats.Backlog + stats.Pending + stats.Scheduled));
    }

    [Fact]
    public async Task FailAsync_NotRetryable_FailsAtOnce()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("bad-request"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));

        var failed = await queue.FailAsync(lease, new JobError { Message = "context length exceeded", Code = "context_length_exceeded", Retryable = false }, Ct);

        Assert.Equal(FailOutcome.Failed, failed.Outcome);
        Assert.Equal(JobStatus.Failed, (await queue.GetAsync("bad-request", Ct))!.Status);
        Assert.Equal(0, (await queue.GetStatisticsAsync(Ct)).DeadLetterLength);
    }

    [Fact]
    public async Task ReclaimAsync_PoisonJobKillsEveryWorker_EndsInDeadLetterStream()
    {
        var queue = await NewQueueAsync(o => o.VisibilityTimeout = TimeSpan.FromMilliseconds(200));
        await queue.EnqueueAsync(Job("poison") with { MaxAttempts = 2 }, Ct);

        // Attempt 1 and 2 are delivered and never reported: each worker "dies" holding the job.
        Assert.Single(await queue.ReadAsync("w1", 1, TimeSpan.Zero, Ct));
        var second = Assert.Single(await Eventually.ReturnsAsync(() => queue.ReclaimAsync("w2", 1, Ct), l => l.Count > 0, "the second delivery", cancellationToken: Ct));
        Assert.Equal(2, second.Attempt);

        // A third delivery would exceed the attempts: the reclaim dead-letters it instead.
        var info = await Eventually.ReturnsAsync(
            async () =>
            {
                await queue.ReclaimAsync("w3", 1, Ct);
                return (await queue.GetAsync("poison", Ct))!;
            },
            i => i.Status == JobStatus.DeadLettered,
            "the poison job dead-lettered", cancellationToken: Ct);
        Assert.Equal("worker_lost", info.Errors.Single().Code);
        var stats = await queue.GetStatisticsAsync(Ct);
        Assert.Equal((1L, 0L, 0L), (stats.DeadLetterLength, stats.Pending, stats.Backlog));
    }

    [Fact]
    public async Task FailAsync_StaleLeaseAfterReclaim_DoesNotDisturbNewOwner()
    {
        var queue = await NewQueueAsync(o => o.VisibilityTimeout = TimeSpan.FromMilliseconds(200));
        await queue.EnqueueAsync(Job("contested"), Ct);
        var slow = Assert.Single(await queue.ReadAsync("slow", 1, TimeSpan.Zero, Ct));
        var owner = Assert.Single(await Eventually.ReturnsAsync(() => queue.ReclaimAsync("owner", 1, Ct), l => l.Count > 0, "the reclaim by another owner", cancellationToken: Ct));

        var staleFail = await queue.FailAsync(slow, new JobError { Message = "late failure" }, Ct);
        var stats = await queue.GetStatisticsAsync(Ct);
        var completed = await queue.CompleteAsync(owner, "ok"u8.ToArray(), null, Ct);

        Assert.Equal(FailOutcome.Stale, staleFail.Outcome);
        Assert.Equal(1, stats.Pending);
        Assert.True(completed);
    }

    [Fact]
    public async Task CancelAsync_QueuedJob_NeverRuns()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("unwanted"), Ct);

        var outcome = await queue.CancelAsync("unwanted", Ct);
        var leases = await queue.ReadAsync("c1", 10, TimeSpan.Zero, Ct);

        Assert.Equal(CancelOutcome.Cancelled, outcome);
        Assert.Empty(leases);
        Assert.Equal(JobStatus.Cancelled, (await queue.GetAsync("unwanted", Ct))!.Status);
        var stats = await queue.GetStatisticsAsync(Ct);
        Assert.Equal((0L, 0L, 1L), (stats.Backlog, stats.Pending, stats.Cancelled));
    }

    [Fact]
    public async Task CancelAsync_JobInRetrySchedule_IsNotPromoted()
    {
        var queue = await NewQueueAsync(o => o.Backoff = new RetryBackoff { BaseDelay = TimeSpan.FromMilliseconds(1), Jitter = 0 });
        await queue.EnqueueAsync(Job("retrying"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));
        await queue.FailAsync(lease, new JobError { Message = "503" }, Ct);

        var outcome = await queue.CancelAsync("retrying", Ct);
        await Task.Delay(20, Ct);

        Assert.Equal(CancelOutcome.Cancelled, outcome);
        Assert.Equal(0, await queue.PromoteDueRetriesAsync(cancellationToken: Ct));
        Assert.Equal(0, (await queue.GetStatisticsAsync(Ct)).Scheduled);
    }

    [Fact]
    public async Task CancelAsync_RunningJob_NotifiesWorkersAndEndsCancelled()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("running"), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));
        var notified = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await queue.SubscribeCancellationsAsync(id => notified.TrySetResult(id), Ct);

        var outcome = await queue.CancelAsync("running", Ct);
        var id = await notified.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var failed = await queue.FailAsync(lease, new JobError { Message = "cancelled by client", Code = "cancelled", Retryable = false }, Ct);

        Assert.Equal(CancelOutcome.CancellationRequested, outcome);
        Assert.Equal("running", id);
        Assert.Equal(FailOutcome.Cancelled, failed.Outcome);
        Assert.Equal(JobStatus.Cancelled, (await queue.GetAsync("running", Ct))!.Status);
        Assert.Equal(CancelOutcome.AlreadyFinished, await queue.CancelAsync("running", Ct));
        Assert.Equal(CancelOutcome.NotFound, await queue.CancelAsync("no-such-job", Ct));
    }

    [Fact]
    public async Task GetStatisticsAsync_AfterMixedWork_MatchesWhatWasEnqueuedAndConsumed()
    {
        var queue = await NewQueueAsync(o => o.Backoff = new RetryBackoff { BaseDelay = TimeSpan.FromMinutes(1) });
        for (var i = 0; i < 50; i++)
        {
            await queue.EnqueueAsync(Job($"job-{i}", priority: i % 5 == 0 ? JobPriority.High : JobPriority.Normal), Ct);
        }

        var leases = await queue.ReadAsync("c1", 20, TimeSpan.Zero, Ct);
        foreach (var lease in leases.Take(12))
        {
            await queue.CompleteAsync(lease, "ok"u8.ToArray(), null, Ct);
        }

        foreach (var lease in leases.Skip(12).Take(5))
        {
            await queue.FailAsync(lease, new JobError { Message = "503" }, Ct);
        }

        // Ages come from server time and stream ids: after this pause both oldest entries are at least this old.
        await Task.Delay(100, Ct);
        var stats = await queue.GetStatisticsAsync(Ct);

        Assert.Equal(20, leases.Count);
        Assert.Equal(10, leases.Count(l => l.Priority == JobPriority.High));
        Assert.Equal(30, stats.Backlog);
        Assert.Equal(0, stats.BacklogByPriority[JobPriority.High]);
        Assert.Equal(30, stats.BacklogByPriority[JobPriority.Normal]);
        Assert.Equal(3, stats.Pending);
        Assert.Equal(5, stats.Scheduled);
        Assert.Equal(50, stats.Added);
        Assert.Equal(12, stats.Completed);
        Assert.Equal(5, stats.Retried);
        Assert.Equal(38, stats.Outstanding);
        Assert.InRange(stats.OldestWaitingAge, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Assert.InRange(stats.OldestPendingAge, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task GetStatisticsAsync_EmptyQueue_ReportsNothingWaiting()
    {
        var queue = await NewQueueAsync();

        var stats = await queue.GetStatisticsAsync(Ct);

        Assert.Equal((0L, 0L, 0L, 0L), (stats.Backlog, stats.Pending, stats.Scheduled, stats.Added));
        Assert.Equal(TimeSpan.Zero, stats.OldestWaitingAge);
    }

    [Fact]
    public async Task ReadStreamEventsAsync_ReaderBeforeWriter_ReceivesEveryEventInOrderAndStops()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("streamed"), Ct);

        var reader = Task.Run(async () =>
        {
            var received = new List<JobStreamEvent>();
            await foreach (var e in queue.ReadStreamEventsAsync("streamed", cancellationToken: Ct))
            {
                received.Add(e);
            }

            return received;
        }, Ct);
        for (var i = 0; i < 20; i++)
        {
            await queue.AppendStreamEventAsync("streamed", JobStreamEventKind.Chunk, 1, Encoding.UTF8.GetBytes($"tok{i}"), Ct);
        }

        await queue.AppendStreamEventAsync("streamed", JobStreamEventKind.End, 1, "usage"u8.ToArray(), Ct);
        var events = await reader.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(21, events.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"tok{i}"), events.Take(20).Select(e => Encoding.UTF8.GetString(e.Data.Span)));
        Assert.Equal(JobStreamEventKind.End, events[^1].Kind);

        // Resuming after an event gives only what followed it.
        var resumed = new List<JobStreamEvent>();
        await foreach (var e in queue.ReadStreamEventsAsync("streamed", events[18].Id, Ct))
        {
            resumed.Add(e);
        }

        Assert.Equal(["tok19", "usage"], resumed.Select(e => Encoding.UTF8.GetString(e.Data.Span)));
    }

    [Fact]
    public async Task ReadStreamEventsAsync_JobCancelledWhileQueued_Ends()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("gone"), Ct);
        await queue.CancelAsync("gone", Ct);

        var events = new List<JobStreamEvent>();
        await foreach (var e in queue.ReadStreamEventsAsync("gone", cancellationToken: Ct))
        {
            events.Add(e);
        }

        Assert.Empty(events);
    }

    [Fact]
    public async Task WaitForCompletionAsync_CompletedElsewhere_ReturnsFinalState()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("awaited"), Ct);

        var wait = queue.WaitForCompletionAsync("awaited", TimeSpan.FromSeconds(30), Ct);
        var lease = Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct));
        await queue.CompleteAsync(lease, "result"u8.ToArray(), null, Ct);
        var info = await wait;

        Assert.Equal(JobStatus.Succeeded, info!.Status);
        Assert.Equal("result", Encoding.UTF8.GetString(info.Result!.Value.Span));
    }

    [Fact]
    public async Task WaitForCompletionAsync_Timeout_ReturnsCurrentState()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("slow"), Ct);

        var info = await queue.WaitForCompletionAsync("slow", TimeSpan.FromMilliseconds(200), Ct);

        Assert.Equal(JobStatus.Queued, info!.Status);
        Assert.Null(await queue.WaitForCompletionAsync("missing", TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task GetWorkersAsync_LiveAndExpiredHeartbeats_ListsOnlyLiveWorkers()
    {
        var queue = await NewQueueAsync(o => o.HeartbeatTimeToLive = TimeSpan.FromMilliseconds(300));
        var started = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        await queue.PublishHeartbeatAsync(new WorkerHeartbeat
        {
            WorkerId = "w-old", InFlight = 1, Capacity = 4, Completed = 3, Failed = 0, AverageServiceTime = TimeSpan.FromSeconds(2), StartedAt = started,
        }, Ct);
        await Task.Delay(600, Ct);
        await queue.PublishHeartbeatAsync(new WorkerHeartbeat
        {
            WorkerId = "w-live", InFlight = 2, Capacity = 8, Completed = 10, Failed = 1, AverageServiceTime = TimeSpan.FromMilliseconds(1500), StartedAt = started,
        }, Ct);

        var workers = await queue.GetWorkersAsync(Ct);

        var live = Assert.Single(workers);
        Assert.Equal(("w-live", 2, 8, 10L, 1L), (live.WorkerId, live.InFlight, live.Capacity, live.Completed, live.Failed));
        Assert.Equal(1500, live.AverageServiceTime.TotalMilliseconds);
        Assert.Equal(started, live.StartedAt);
    }

    [Fact]
    public async Task ReadAsync_ConsumerGroupDeleted_RecreatesItAndDelivers()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("survives"), Ct);
        await Connection.ExecuteAsync("XGROUP", ["DESTROY", queue.StreamName(JobPriority.Normal), queue.Options.ConsumerGroup], Ct);

        var leases = await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct);

        Assert.Equal("survives", Assert.Single(leases).JobId);
    }
}
