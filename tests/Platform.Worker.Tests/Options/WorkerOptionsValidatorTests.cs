using Platform.Worker.Options;

namespace Platform.Worker.Tests.Options;

public sealed class WorkerOptionsValidatorTests
{
    [Fact]
    public void Validate_NoConfiguration_ServesTwoSimulatedModelsWithFallback()
    {
        var options = new WorkerOptions();
        options.ApplyDefaults();

        var result = new WorkerOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(["sim-large", "sim-small"], options.Models.Keys.Order());
        Assert.Equal("sim-small", options.Models["sim-large"].FallbackModel);
        Assert.Equal(ProviderType.Simulated, options.Providers[options.Models["sim-small"].Provider].Type);
    }

    [Theory]
    [InlineData("missing-provider", null, "is not a configured provider")] // a model on a provider nobody configured
    [InlineData("p", "missing-model", "is not a configured model")] // a fallback to a model nobody configured
    public void Validate_DanglingReferences_Fail(string provider, string? fallback, string message)
    {
        var options = new WorkerOptions();
        options.Providers["p"] = new ProviderOptions();
        options.Models["m"] = new ModelOptions { Provider = provider, FallbackModel = fallback };

        var result = new WorkerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OpenAIWithoutBaseUrl_Fails()
    {
        var options = new WorkerOptions();
        options.Providers["openai"] = new ProviderOptions { Type = ProviderType.OpenAI };
        options.Models["gpt"] = new ModelOptions { Provider = "openai" };

        var result = new WorkerOptionsValidator().Validate(null, options);

        Assert.Contains("BaseUrl is required", result.FailureMessage, StringComparison.Ordinal);
    }
}
