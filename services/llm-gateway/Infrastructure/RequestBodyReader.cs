using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Gateway.Infrastructure;

/// <summary>Reads a request body up to a limit, answering 413 past it instead of buffering without bound.</summary>
internal static class RequestBodyReader
{
    public static async Task<(ReadOnlyMemory<byte> Body, OpenAIErrorResult? Error)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (default, OpenAIErrors.TooLarge(limit));
        }

        // The gateway enforces its own, smaller limit; Kestrel's default would only apply after 30 MB.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1L;
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } length and > 0 ? (int)length : 4096);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(8192);
                var read = await request.Body.ReadAsync(memory, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (default, OpenAIErrors.TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, OpenAIErrors.TooLarge(limit));
        }
        catch (BadHttpRequestException ex)
        {
            // Malformed framing (a bad chunk, a body shorter than its Content-Length) is the client's fault: a 400
            // like any bad body, not an unhandled exception logged as an error for every such request.
            return (default, OpenAIErrors.Invalid($"The request body could not be read: {ex.Message}", null, "invalid_body"));
        }

        return (buffer.WrittenMemory, null);
    }
}
