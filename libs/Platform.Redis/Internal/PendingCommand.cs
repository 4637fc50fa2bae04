namespace Platform.Redis.Internal;

/// <summary>
/// One queued command on the multiplexed connection. It is its own <see cref="TaskCompletionSource{TResult}"/> so a
/// command costs a single allocation (plus its argument list). Once written it keeps its place in the in-flight
/// queue even when it times out or is cancelled, so the reply stream stays in order; its late reply is discarded.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RedisResult>
{
    public PendingCommand(string command, IReadOnlyList<object> args, long deadline)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Command = command;
        Args = args;
        Deadline = deadline;
    }

    public string Command { get; }

    public IReadOnlyList<object> Args { get; }

    /// <summary><see cref="Environment.TickCount64"/> after which the command times out; <see cref="long.MaxValue"/> for never.</summary>
    public long Deadline { get; }

    public CancellationTokenRegistration Registration { get; set; }

    public void Complete(RedisResult reply)
    {
        if (reply.Type == RedisResultType.Error)
        {
            TrySetException(new RedisServerException(reply.ToString()!));
        }
        else
        {
            TrySetResult(reply);
        }

        Registration.Unregister();
    }

    public void Fail(Exception exception)
    {
        TrySetException(exception);
        Registration.Unregister();
    }
}
