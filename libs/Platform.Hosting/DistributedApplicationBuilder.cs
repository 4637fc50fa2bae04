using System.Globalization;
using Microsoft.Extensions.Configuration;
using Platform.Hosting.Scaling;

namespace Platform.Hosting;

/// <summary>Declares the resources of a <see cref="DistributedApplication"/> (shaped like Aspire's <c>IDistributedApplicationBuilder</c>).</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        Configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine([.. options.Args])
            .Build();
    }

    /// <summary>Environment variables and command-line arguments of the host.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The options the builder was created with.</summary>
    public DistributedApplicationOptions Options { get; }

    /// <summary>The resources declared so far, in declaration order (which is also start order; stop order is the reverse).</summary>
    public IReadOnlyList<IResource> Resources => _resources;

    /// <summary>Adds an executable started from PATH (or a path) with the given arguments.</summary>
    public IResourceBuilder<ExecutableResource> AddExecutable(string name, string command, string workingDirectory, params string[] args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var resource = new ExecutableResource(name, command, Path.GetFullPath(workingDirectory), projectPath: null);
        if (args.Length > 0)
        {
            resource.ArgumentCallbacks.Add(_ => args);
        }

        return Add(resource);
    }

    /// <summary>Adds a .NET project, run from its build output with <c>dotnet {assembly}.dll</c> (built once when the output is missing).</summary>
    public IResourceBuilder<ExecutableResource> AddProject(string name, string projectPath)
    {
        var full = Path.GetFullPath(projectPath);
        return Add(new ExecutableResource(name, "dotnet", Path.GetDirectoryName(full)!, full));
    }

    /// <summary>Adds an existing service known only by its connection string.</summary>
    public IResourceBuilder<ConnectionStringResource> AddConnectionString(string name, string connectionString) =>
        Add(new ConnectionStringResource(name, connectionString));

    /// <summary>Adds the local scale endpoint (started first, in the host process), served under <c>/{name}</c>.</summary>
    public IResourceBuilder<ScaleEndpointResource> AddScaleEndpoint(string name = "scale") => Add(new ScaleEndpointResource(name));

    /// <summary>Builds the application; nothing starts until <see cref="DistributedApplication.StartAsync"/>.</summary>
    public DistributedApplication Build() => new(this, [.. _resources]);

    private ResourceBuilder<T> Add<T>(T resource)
        where T : IResource
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource.Name);
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A resource named '{resource.Name}' already exists."), nameof(resource));
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }
}
