using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Flushing {Signal} at shutdown did not finish within {Timeout}; the last batch may be lost")]
    public static partial void FlushTimedOut(ILogger logger, string signal, TimeSpan timeout);
}
