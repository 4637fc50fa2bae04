using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Options;

/// <summary>Checks what DataAnnotations cannot: nested model and provider settings and the references between them.</summary>
internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        foreach (var (modelName, model) in options.Models)
        {
            Annotate(model, $"Worker:Models:{modelName}", failures);
            if (!options.Providers.ContainsKey(model.Provider))
            {
                failures.Add($"Worker:Models:{modelName}:Provider '{model.Provider}' is not a configured provider.");
            }

            if (model.FallbackModel is { } fallback && !options.Models.ContainsKey(fallback))
            {
                failures.Add($"Worker:Models:{modelName}:FallbackModel '{fallback}' is not a configured model.");
            }
        }

        foreach (var (providerName, provider) in options.Providers)
        {
            var path = $"Worker:Providers:{providerName}";
            Annotate(provider.Resilience, path + ":Resilience", failures);
            Annotate(provider.Simulated, path + ":Simulated", failures);
            if (provider.Type == ProviderType.OpenAI && provider.BaseUrl is null)
            {
                failures.Add($"{path}:BaseUrl is required for an OpenAI provider.");
            }
        }

        if (options.DefaultModel is { } defaultModel && !options.Models.ContainsKey(defaultModel))
        {
            failures.Add($"Worker:DefaultModel '{defaultModel}' is not a configured model.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Annotate(object value, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{path}: {r.ErrorMessage}"));
        }
    }
}
