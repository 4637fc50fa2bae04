using Platform.Llm;
using Platform.Redis;

namespace Platform.Gateway.Infrastructure;

/// <summary>
/// The last line of defence: an exception no endpoint handled still gets an OpenAI error object, a 503 with
/// Retry-After when Redis could not serve for the moment, else a 500 that names the request id, never an empty
/// or HTML error page.
/// </summary>
internal sealed partial class ExceptionMiddleware(RequestDelegate next, ILogger<ExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (ex is RedisException { IsTransient: true })
            {
                LogTransient(logger, ex, context.TraceIdentifier);
                await OpenAIErrors.Unavailable(TimeSpan.FromSeconds(2)).ExecuteAsync(context);
                return;
            }

            LogUnhandled(logger, ex, context.TraceIdentifier);
            await new OpenAIErrorResult(500, new OpenAIError
            {
                Message = $"The gateway failed to process the request. Quote request id {context.TraceIdentifier} when reporting it.",
                Type = "server_error",
                Code = "internal_error",
            }).ExecuteAsync(context);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Request {RequestId} failed because Redis could not serve it for now; answered 503")]
    private static partial void LogTransient(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(LogLevel.Error, "Request {RequestId} failed with an unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
