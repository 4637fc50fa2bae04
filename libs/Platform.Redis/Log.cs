using Microsoft.Extensions.Logging;

namespace Platform.Redis;

/// <summary>Log messages of the Redis client. Never logs passwords, arguments or values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to Redis at {EndPoint}")]
    public static partial void Connected(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Lost connection to Redis at {EndPoint}; {InFlight} in-flight commands failed; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endPoint, int inFlight, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Connection to Redis at {EndPoint} restored after {Attempts} attempts")]
    public static partial void ConnectionRestored(ILogger logger, string endPoint, int attempts);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Connecting to Redis at {EndPoint} failed (attempt {Attempt}); retrying in {DelayMs} ms: {Reason}")]
    public static partial void ConnectAttemptFailed(ILogger logger, string endPoint, int attempt, long delayMs, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "A Redis connection event handler threw")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A Redis subscription handler for channel {Channel} threw")]
    public static partial void SubscriptionHandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Redis subscriber connected to {EndPoint}; subscribed to {Channels} channels")]
    public static partial void SubscriberConnected(ILogger logger, string endPoint, int channels);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Redis subscriber lost its connection to {EndPoint}; resubscribing after reconnect")]
    public static partial void SubscriberLost(ILogger logger, string endPoint, Exception? exception);
}
