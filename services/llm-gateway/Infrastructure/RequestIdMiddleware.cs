namespace Platform.Gateway.Infrastructure;

/// <summary>Gives every response an <c>x-request-id</c>: the client's own when it sent a sane one, else a new one.</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "x-request-id";

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsSane(incoming) ? incoming : "req_" + Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        return next(context);
    }

    // Echoing arbitrary header text back would let a client inject into responses and logs.
    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
