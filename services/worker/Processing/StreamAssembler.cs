using System.Text;
using Platform.Llm;
using Platform.Worker.Providers;

namespace Platform.Worker.Processing;

/// <summary>
/// Turns provider pieces into OpenAI chunks (role on a choice's first chunk, finish_reason on its last) and
/// assembles the whole completion as the pieces go by.
/// </summary>
internal sealed class StreamAssembler(string completionId, long created)
{
    private readonly SortedDictionary<int, (StringBuilder Text, string? FinishReason)> _choices = [];

    /// <summary>Chunks handed out so far.</summary>
    public int ChunkCount { get; private set; }

    /// <summary>The chunk for a piece of output.</summary>
    public ChatCompletionChunk ToChunk(string model, ProviderChunk piece)
    {
        var started = _choices.TryGetValue(piece.Index, out var choice);
        if (!started)
        {
            choice = (new StringBuilder(), null);
        }

        choice.Text.Append(piece.Content);
        choice.FinishReason ??= piece.FinishReason;
        _choices[piece.Index] = choice;
        ChunkCount++;
        return new ChatCompletionChunk
        {
            Id = completionId,
            Created = created,
            Model = model,
            Choices =
            [
                new ChunkChoice
                {
                    Index = piece.Index,
                    Delta = new ChunkDelta { Role = started ? null : "assistant", Content = piece.Content },
                    FinishReason = piece.FinishReason,
                },
            ],
        };
    }

    /// <summary>Closing chunks for choices whose provider never sent a finish_reason.</summary>
    public IReadOnlyList<ChatCompletionChunk> Finish(string model) =>
        [.. _choices.Where(c => c.Value.FinishReason is null).ToList()
            .Select(c => ToChunk(model, new ProviderChunk { Index = c.Key, FinishReason = "stop" }))];

    /// <summary>The completion the stream amounts to.</summary>
    public ChatCompletion ToCompletion(string model, Usage usage) => new()
    {
        Id = completionId,
        Created = created,
        Model = model,
        Choices = [.. _choices.Select(c => new ChatChoice
        {
            Index = c.Key,
            Message = ChatMessage.Text("assistant", c.Value.Text.ToString()),
            FinishReason = c.Value.FinishReason ?? "stop",
        })],
        Usage = usage,
    };
}
