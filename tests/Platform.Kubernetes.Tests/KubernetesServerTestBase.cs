using Platform.Kubernetes.Testing;

namespace Platform.Kubernetes.Tests;

/// <summary>Per-test-class test API server with the widgets custom resource registered, and a client for it.</summary>
public abstract class KubernetesServerTestBase : IAsyncLifetime
{
    internal TestKubernetesApiServer Server { get; private set; } = null!;

    internal KubernetesClient Client { get; private set; } = null!;

    internal static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Server = await TestKubernetesApiServer.StartAsync(Token);
        Server.RegisterResource("example.io", "v1", "widgets", namespaced: true, hasStatus: true, hasScale: true, kind: "Widget");
        Client = new KubernetesClient(Server.CreateClientConfiguration());
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
