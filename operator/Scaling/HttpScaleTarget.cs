using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Scaling.Policy;

namespace Platform.Operator.Scaling;

/// <summary>
/// Local mode: the AppHost's HTTP scale target. <c>GET {base}/{name}</c> answers
/// <c>{"name","replicas","readyReplicas"}</c> (404 when unknown); <c>PUT {base}/{name}</c> with <c>{"replicas":N}</c>
/// starts the change.
/// </summary>
internal sealed class HttpScaleTarget(IHttpClientFactory httpClientFactory, Uri baseAddress) : IScaleTarget
{
    /// <summary>The named HttpClient used for the scale target.</summary>
    public const string HttpClientName = "scale-target";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TargetScale> GetAsync(V1Alpha1ScalePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var name = policy.Spec.TargetRef.Name;
        using var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.GetAsync(TargetUri(name), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ScaleTargetException($"the scale target does not know {name} (404)");
            }

            response.EnsureSuccessStatusCode();
            var scale = await response.Content.ReadFromJsonAsync<ScaleBody>(Json, cancellationToken)
                ?? throw new ScaleTargetException($"the scale target answered an empty body for {name}");
            return new TargetScale(scale.Replicas, scale.ReadyReplicas);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            throw new ScaleTargetException($"reading {name} from the scale target failed: {ex.Message}", ex);
        }
    }

    public async Task ScaleAsync(V1Alpha1ScalePolicy policy, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var name = policy.Spec.TargetRef.Name;
        using var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.PutAsJsonAsync(TargetUri(name), new { replicas }, Json, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ScaleTargetException($"the scale target refused {name} -> {replicas}: {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new ScaleTargetException($"scaling {name} to {replicas} through the scale target failed: {ex.Message}", ex);
        }
    }

    private Uri TargetUri(string name) => new(baseAddress.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(name));

    private sealed record ScaleBody(string? Name, int Replicas, int? ReadyReplicas);
}
