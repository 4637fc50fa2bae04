using Microsoft.AspNetCore.Http;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Tests.Hostile;

/// <summary>
/// Regression: a body Kestrel cannot read (bad chunk size, shorter than its Content-Length) escaped the gateway as an
/// unhandled exception, logged at Error level for every such request; it is now a 400 with an OpenAI error object.
/// </summary>
public sealed class RequestBodyReaderTests
{
    [Theory]
    [InlineData("Bad chunk size data.")]
    [InlineData("Unexpected end of request content.")]
    public async Task ReadAsync_MalformedFraming_Returns400InvalidBody(string kestrelMessage)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new FailingStream(new BadHttpRequestException(kestrelMessage, StatusCodes.Status400BadRequest));

        var (_, error) = await RequestBodyReader.ReadAsync(context.Request, 1024, TestContext.Current.CancellationToken);

        Assert.NotNull(error);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid_body", error.Error.Code);
        Assert.Contains(kestrelMessage, error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_BodyOverKestrelLimit_Returns413()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new FailingStream(new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));

        var (_, error) = await RequestBodyReader.ReadAsync(context.Request, 1024, TestContext.Current.CancellationToken);

        Assert.Equal(413, error!.StatusCode);
    }

    /// <summary>A request body whose every read fails the way Kestrel's does on malformed framing.</summary>
    private sealed class FailingStream(Exception failure) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
