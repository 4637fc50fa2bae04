using System.Globalization;
using System.Text;

namespace Platform.Cli.Load;

/// <summary>Synthetic prompts of a given size: about four characters per input token, unique per request.</summary>
internal static class PromptText
{
    /// <summary>The largest prompt sent (characters), well under the gateway's default 1 MiB body limit.</summary>
    public const int MaxCharacters = 256 * 1024;

    private const string Filler = "The quick brown fox jumps over the lazy dog while the platform replays a trace. ";

    /// <summary>
    /// A prompt of about <paramref name="inputTokens"/> × 4 characters. It starts with the request's index so that no
    /// two requests are equal (the gateway's exact-match cache would otherwise answer repeats without a worker).
    /// </summary>
    public static string For(int index, int inputTokens)
    {
        var length = (int)Math.Clamp(inputTokens * 4L, 16, MaxCharacters);
        var text = new StringBuilder(length + Filler.Length);
        text.Append(CultureInfo.InvariantCulture, $"Request {index}. ");
        while (text.Length < length)
        {
            text.Append(Filler);
        }

        text.Length = length;
        return text.ToString();
    }
}
