using Platform.Llm;
using Platform.Worker.Options;

namespace Platform.Worker.Processing;

/// <summary>Prices token usage from a model's price table.</summary>
internal static class CostCalculator
{
    /// <summary>USD for the usage: input tokens at the input price, output tokens at the output price, per million.</summary>
    public static decimal Calculate(Usage usage, ModelOptions model) =>
        (usage.PromptTokens * model.InputPricePer1M + usage.CompletionTokens * model.OutputPricePer1M) / 1_000_000m;
}
