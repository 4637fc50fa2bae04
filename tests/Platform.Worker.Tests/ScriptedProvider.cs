using System.Runtime.CompilerServices;
using Platform.Llm;
using Platform.Worker.Providers;

namespace Platform.Worker.Tests;

/// <summary>A provider whose every call runs a script given the call's number (from 1).</summary>
internal sealed class ScriptedProvider(Func<int, CancellationToken, Task<ProviderCompletion>>? complete = null,
    Func<int, CancellationToken, IAsyncEnumerable<ProviderChunk>>? stream = null) : ILlmProvider
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public static ProviderCompletion Answer(string text, string model = "scripted") => new()
    {
        Model = model,
        Choices = [new ChatChoice { Index = 0, Message = ChatMessage.Text("assistant", text), FinishReason = "stop" }],
        Usage = Usage.Of(3, 2),
    };

    public static ScriptedProvider Failing(string code = LlmErrorCodes.ServerError) => new(
        (_, _) => throw new ProviderException("scripted failure", code, retryable: true),
        (_, _) => throw new ProviderException("scripted failure", code, retryable: true));

    public static ScriptedProvider Answering(string text) => new((_, _) => Task.FromResult(Answer(text)), (_, ct) => Pieces(text, TimeSpan.Zero, ct));

    public static async IAsyncEnumerable<ProviderChunk> Pieces(string text, TimeSpan gap, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap, cancellationToken);
            }

            yield return new ProviderChunk { Content = (i == 0 ? "" : " ") + words[i], FinishReason = i == words.Length - 1 ? "stop" : null };
        }

        yield return new ProviderChunk { Usage = Usage.Of(3, words.Length) };
    }

    public Task<ProviderCompletion> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken) =>
        (complete ?? throw new NotSupportedException())(Interlocked.Increment(ref _calls), cancellationToken);

    public IAsyncEnumerable<ProviderChunk> StreamAsync(ProviderRequest request, CancellationToken cancellationToken) =>
        (stream ?? throw new NotSupportedException())(Interlocked.Increment(ref _calls), cancellationToken);
}
