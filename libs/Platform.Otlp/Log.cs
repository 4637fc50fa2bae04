using Microsoft.Extensions.Logging;

namespace Platform.Otlp;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Rejected OTLP {Signal} request with HTTP {StatusCode}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string signal, int statusCode, string reason);
}
