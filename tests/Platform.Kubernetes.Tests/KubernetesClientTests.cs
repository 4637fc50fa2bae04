using System.Net;
using System.Text.Json;
using Platform.Kubernetes.Models;
using Platform.Kubernetes.Serialization;

namespace Platform.Kubernetes.Tests;

public sealed class KubernetesClientTests : KubernetesServerTestBase
{
    private static V1Deployment Deployment(string name, int replicas = 1) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Labels = new() { ["app"] = name } },
        Spec = new V1DeploymentSpec { Replicas = replicas, Selector = new V1LabelSelector { MatchLabels = new() { ["app"] = name } } },
    };

    [Fact]
    public async Task CreateAsync_NewDeployment_ServerSetsUidVersionGenerationAndTimestamp()
    {
        var created = await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.NotNull(created.Metadata.CreationTimestamp);
        var read = await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token);
        Assert.Equal(1, read.Spec.Replicas);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task CreateAsync_Existing_ThrowsAlreadyExists()
    {
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token);

        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("AlreadyExists", error.Status.Reason);
    }

    [Fact]
    public async Task CreateAsync_InvalidName_ThrowsInvalidWithFieldCause()
    {
        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("Not_Valid"), Token));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("metadata.name", Assert.Single(error.Status.Details!.Causes!).Field);
    }

    [Fact]
    public async Task GetAsync_Missing_ThrowsNotFoundWithStatus()
    {
        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "nope", Token));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NotFound", error.Status.Reason);
        Assert.Equal(404, error.Status.Code);
        Assert.Contains("nope", error.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplaceAsync_StaleResourceVersion_ThrowsConflictAndKeepsNewerWrite()
    {
        var created = await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token);
        var first = await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token);
        var second = await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token);
        first.Spec.Replicas = 3;
        var updated = await Client.ReplaceAsync(ResourceDescriptor.Deployments, "default", "worker", first, Token);
        second.Spec.Replicas = 5;

        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.ReplaceAsync(ResourceDescriptor.Deployments, "default", "worker", second, Token));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Conflict", error.Reason);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal(2, updated.Metadata.Generation);
        var stored = await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token);
        Assert.Equal(3, stored.Spec.Replicas);
    }

    [Fact]
    public async Task ReplaceAsync_Unchanged_DoesNotBumpResourceVersionOrGeneration()
    {
        var created = await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token);

        var replaced = await Client.ReplaceAsync(ResourceDescriptor.Deployments, "default", "worker", created, Token);

        Assert.Equal(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal(1, replaced.Metadata.Generation);
    }

    [Fact]
    public async Task GetAsync_InjectedServerError_ThrowsThenNextCallSucceeds()
    {
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token);
        Server.FailNext((method, _) => method == "GET", 500);

        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token));
        var read = await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token);

        Assert.Equal("InternalError", error.Reason);
        Assert.Equal("worker", read.Metadata.Name);
    }

    [Fact]
    public async Task ListAsync_WithLimit_PagesWithContinueTokenAndKeepsListVersion()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment($"worker-{i}"), Token);
        }

        var names = new List<string>();
        string? continueToken = null;
        var versions = new HashSet<string>();
        var pages = 0;
        do
        {
            var page = await Client.ListAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", new ListOptions { Limit = 2, Continue = continueToken }, Token);
            names.AddRange(page.Items.Select(d => d.Metadata.Name!));
            versions.Add(page.Metadata.ResourceVersion!);
            continueToken = page.Metadata.Continue;
            pages++;
        }
        while (!string.IsNullOrEmpty(continueToken) && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(["worker-0", "worker-1", "worker-2", "worker-3", "worker-4"], names);
        Assert.Single(versions);
    }

    [Fact]
    public async Task ListAsync_ContinueTokenOlderThanHistory_ThrowsExpired()
    {
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment($"worker-{i}"), Token);
        }

        var page = await Client.ListAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", new ListOptions { Limit = 1 }, Token);
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("later"), Token);
        Server.CompactHistory();

        await Assert.ThrowsAsync<ResourceVersionExpiredException>(() =>
            Client.ListAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", new ListOptions { Limit = 1, Continue = page.Metadata.Continue }, Token));
    }

    [Fact]
    public async Task ListAsync_LabelSelector_ReturnsOnlyMatching()
    {
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("a"), Token);
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("b"), Token);

        var list = await Client.ListAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", new ListOptions { LabelSelector = "app=b" }, Token);

        Assert.Equal("b", Assert.Single(list.Items).Metadata.Name);
    }

    [Fact]
    public async Task PatchAsync_MergePatch_ChangesOnlyGivenFields()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w", color: "red", replicas: 2), Token);

        var patched = await Client.PatchAsync<TestWidget>(TestWidget.Resource, "default", "w", KubernetesPatch.Merge(new { spec = new { color = "blue" } }), Token);

        Assert.Equal("blue", patched.Spec.Color);
        Assert.Equal(2, patched.Spec.Replicas);
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task PatchAsync_JsonPatch_AppliesOperationsAndFailedTestIsInvalid()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w", color: "red"), Token);

        var patched = await Client.PatchAsync<TestWidget>(TestWidget.Resource, "default", "w", KubernetesPatch.Json(
        [
            new { op = "test", path = "/spec/color", value = "red" },
            new { op = "replace", path = "/spec/color", value = "green" },
            new { op = "add", path = "/metadata/labels/tier", value = "gold" },
        ]), Token);
        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.PatchAsync<TestWidget>(TestWidget.Resource, "default", "w", KubernetesPatch.Json(
        [
            new { op = "test", path = "/spec/color", value = "red" },
            new { op = "replace", path = "/spec/color", value = "black" },
        ]), Token));

        Assert.Equal("green", patched.Spec.Color);
        Assert.Equal("gold", patched.Metadata.Labels!["tier"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        var stored = await Client.GetAsync<TestWidget>(TestWidget.Resource, "default", "w", Token);
        Assert.Equal("green", stored.Spec.Color);
    }

    [Fact]
    public async Task PatchAsync_ResourceVersionPreconditionStale_ThrowsConflict()
    {
        var created = await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w"), Token);
        await Client.PatchAsync<TestWidget>(TestWidget.Resource, "default", "w", KubernetesPatch.Merge(new { spec = new { color = "blue" } }), Token);

        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.PatchAsync<TestWidget>(
            TestWidget.Resource, "default", "w", KubernetesPatch.Merge(new { metadata = new { resourceVersion = created.Metadata.ResourceVersion }, spec = new { color = "pink" } }), Token));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Fact]
    public async Task PatchStatusAsync_StatusSubresource_LeavesSpecAndGenerationAlone()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w", color: "red"), Token);

        var patched = await Client.PatchStatusAsync<TestWidget>(
            TestWidget.Resource, "default", "w", KubernetesPatch.Merge(new { spec = new { color = "evil" }, status = new { phase = "Ready" } }), Token);

        Assert.Equal("Ready", patched.Status!.Phase);
        Assert.Equal("red", patched.Spec.Color);
        Assert.Equal(1, patched.Metadata.Generation);
    }

    [Fact]
    public async Task ReplaceAsync_MainResource_IgnoresStatus_AndReplaceStatusAsync_IgnoresSpec()
    {
        var created = await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w", color: "red"), Token);
        created.Status = new TestWidget.WidgetStatus { Phase = "Ready" };
        created.Spec.Color = "blue";
        var afterStatus = await Client.ReplaceStatusAsync(TestWidget.Resource, "default", "w", created, Token);
        afterStatus.Status = new TestWidget.WidgetStatus { Phase = "Forged" };

        var afterMain = await Client.ReplaceAsync(TestWidget.Resource, "default", "w", afterStatus, Token);

        Assert.Equal("red", afterStatus.Spec.Color);
        Assert.Equal("Ready", afterMain.Status!.Phase);
    }

    [Fact]
    public async Task PatchScaleAsync_Deployment_ChangesSpecReplicasAndScaleReportsSelector()
    {
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker", replicas: 1), Token);

        var scaled = await Client.PatchScaleAsync(ResourceDescriptor.Deployments, "default", "worker", 4, Token);
        var scale = await Client.GetScaleAsync(ResourceDescriptor.Deployments, "default", "worker", Token);

        Assert.Equal("Scale", scaled.Kind);
        Assert.Equal("autoscaling/v1", scaled.ApiVersion);
        Assert.Equal(4, scale.Spec.Replicas);
        Assert.Equal("app=worker", scale.Status!.Selector);
        var deployment = await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token);
        Assert.Equal(4, deployment.Spec.Replicas);
        Assert.Equal(2, deployment.Metadata.Generation);
    }

    [Fact]
    public async Task PatchScaleAsync_SimulatedDeploymentController_StatusFollowsDesiredReplicas()
    {
        Server.SimulateDeploymentController = true;
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker", replicas: 1), Token);

        await Client.PatchScaleAsync(ResourceDescriptor.Deployments, "default", "worker", 3, Token);

        var deployment = await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token);
        Assert.Equal(3, deployment.Status!.ReadyReplicas);
        Assert.Equal(3, deployment.Status.AvailableReplicas);
        Assert.Equal(deployment.Metadata.Generation, deployment.Status.ObservedGeneration);
        Assert.Equal(3, (await Client.GetScaleAsync(ResourceDescriptor.Deployments, "default", "worker", Token)).Status!.Replicas);
    }

    [Fact]
    public async Task GetScaleAsync_CustomResourceWithScale_ReadsReplicas()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w", replicas: 3), Token);

        var scale = await Client.GetScaleAsync(TestWidget.Resource, "default", "w", Token);

        Assert.Equal(3, scale.Spec.Replicas);
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesIt_AndMissingThrowsNotFound()
    {
        await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token);

        await Client.DeleteAsync(ResourceDescriptor.Deployments, "default", "worker", Token);

        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.DeleteAsync(ResourceDescriptor.Deployments, "default", "worker", Token));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task CreateEventAsync_RegardingDeployment_WritesEventsV1EventWithMicroTime()
    {
        var deployment = await Client.CreateAsync(ResourceDescriptor.Deployments, "default", Deployment("worker"), Token);

        var created = await Client.CreateEventAsync(deployment, new KubernetesEventDetails
        {
            Reason = "ScaledUp",
            Note = "Scaled from 1 to 3: backlog 120 above target",
            Action = "Scale",
            ReportingController = "platform.io/scalepolicy-operator",
            ReportingInstance = "operator-0",
        }, Token);

        var list = await Client.ListAsync<JsonElement>(ResourceDescriptor.Events, "default", options: null, Token);
        var raw = Assert.Single(list.Items);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", raw.GetProperty("eventTime").GetString());
        Assert.Equal("Normal", created.Type);
        Assert.Equal("worker", created.Regarding!.Name);
        Assert.Equal(deployment.Metadata.Uid, created.Regarding.Uid);
        Assert.StartsWith("worker.", created.Metadata.Name!, StringComparison.Ordinal);
        Assert.Equal("operator-0", raw.GetProperty("reportingInstance").GetString());
    }

    [Fact]
    public async Task GetAsync_NonJsonErrorBody_ThrowsKubernetesExceptionWithBodyText()
    {
        Server.FailNext((method, path) => method == "GET" && path.EndsWith("/worker", StringComparison.Ordinal), 502, rawBody: "<html>Bad Gateway from proxy</html>");

        var error = await Assert.ThrowsAsync<KubernetesException>(() => Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "worker", Token));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("Bad Gateway from proxy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialization_Deployment_UsesCamelCaseOmitsNullsAndRfc3339()
    {
        var deployment = Deployment("worker");
        deployment.Metadata.CreationTimestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));

        var json = JsonSerializer.Serialize(deployment, KubernetesJson.Options);

        Assert.Contains("\"creationTimestamp\":\"2026-01-02T01:04:05Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"apiVersion\":\"apps/v1\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\"", json, StringComparison.Ordinal);
    }

    [Theory]
    // Core group, namespaced.
    [InlineData("", "v1", "configmaps", true, "ns", "/api/v1/namespaces/ns/configmaps/x")]
    // Named group, namespaced.
    [InlineData("apps", "v1", "deployments", true, "ns", "/apis/apps/v1/namespaces/ns/deployments/x")]
    // Cluster-scoped: the namespace is ignored.
    [InlineData("example.io", "v1", "things", false, "ns", "/apis/example.io/v1/things/x")]
    public void ObjectPath_Resource_FollowsApiLayout(string group, string version, string plural, bool namespaced, string ns, string expected)
    {
        Assert.Equal(expected, new ResourceDescriptor(group, version, plural, namespaced).ObjectPath(ns, "x"));
    }
}
