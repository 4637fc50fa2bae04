namespace Platform.Cli.Load;

/// <summary>Which gateway API <c>platformctl load</c> calls.</summary>
internal enum LoadMode
{
    /// <summary><c>POST /v1/chat/completions</c>, non-streaming: latency is the whole completion.</summary>
    Chat,

    /// <summary><c>POST /v1/jobs</c>: latency is the admission (202), the job runs afterwards.</summary>
    Jobs,
}
