using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Platform.Charts.Tests.Infrastructure;

/// <summary>The manifests `helm template` rendered for one set of values (cached per value set for the test run).</summary>
internal sealed class RenderedChart
{
    /// <summary>Release name used for every render.</summary>
    public const string Release = "llm-platform";

    /// <summary>Namespace used for every render.</summary>
    public const string Namespace = "llm";

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> Cache = new();

    private RenderedChart(IReadOnlyList<JsonObject> manifests) => Manifests = manifests;

    /// <summary>Every rendered object (the `helm test` Pod included).</summary>
    public IReadOnlyList<JsonObject> Manifests { get; }

    /// <summary>Renders the chart with ValueSets/<paramref name="valueSet"/>.yaml (null: the defaults) and any --set pairs.</summary>
    public static Task<RenderedChart> RenderAsync(string? valueSet, CancellationToken cancellationToken, params string[] sets) =>
        Cache.GetOrAdd(valueSet + "|" + string.Join(',', sets), _ => new Lazy<Task<RenderedChart>>(async () =>
        {
            var result = await HelmTool.RunAsync(TemplateArguments(valueSet, sets), cancellationToken);
            Assert.True(result.ExitCode == 0, $"helm template failed for '{valueSet ?? "defaults"}':\n{result.Output}");
            return new RenderedChart(YamlJson.ParseDocuments(result.StandardOutput));
        })).Value;

    /// <summary>The arguments of `helm template` for a value set and --set pairs.</summary>
    public static List<string> TemplateArguments(string? valueSet, IEnumerable<string> sets)
    {
        List<string> arguments = ["template", Release, RepositoryPaths.Chart, "--namespace", Namespace];
        if (RepositoryPaths.ValueSet(valueSet) is { } file)
        {
            arguments.AddRange(["--values", file]);
        }

        foreach (var set in sets)
        {
            arguments.AddRange(["--set", set]);
        }

        return arguments;
    }

    /// <summary>Objects of one kind.</summary>
    public IEnumerable<JsonObject> OfKind(string kind) => Manifests.Where(m => (string?)m["kind"] == kind);

    /// <summary>The object of <paramref name="kind"/> named <paramref name="name"/> (throws when absent).</summary>
    public JsonObject Get(string kind, string name) =>
        OfKind(kind).SingleOrDefault(m => (string?)m["metadata"]?["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"No {kind} named {name}; rendered: {string.Join(", ", Manifests.Select(Describe))}");

    /// <summary>"Kind/name" of a manifest.</summary>
    public static string Describe(JsonObject manifest) => $"{manifest["kind"]}/{manifest["metadata"]?["name"]}";

    /// <summary>Every pod template (Deployments, StatefulSets) and bare Pod, with the owner's description.</summary>
    public IEnumerable<(string Owner, JsonObject PodSpec)> PodSpecs()
    {
        foreach (var m in Manifests)
        {
            var spec = (string?)m["kind"] switch
            {
                "Deployment" or "StatefulSet" or "DaemonSet" or "Job" => m["spec"]?["template"]?["spec"],
                "Pod" => m["spec"],
                _ => null,
            };
            if (spec is JsonObject podSpec)
            {
                yield return (Describe(m), podSpec);
            }
        }
    }

    /// <summary>Every container (init containers included) of every pod spec.</summary>
    public IEnumerable<(string Owner, JsonObject PodSpec, JsonObject Container)> Containers() =>
        from p in PodSpecs()
        from list in new[] { p.PodSpec["containers"], p.PodSpec["initContainers"] }
        where list is JsonArray
        from c in list!.AsArray()
        select (p.Owner + "/" + (string?)c!["name"], p.PodSpec, c!.AsObject());

    /// <summary>A container's environment as name → value (valueFrom entries map to null).</summary>
    public static Dictionary<string, string?> Environment(JsonObject container) =>
        (container["env"]?.AsArray() ?? []).ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
}
