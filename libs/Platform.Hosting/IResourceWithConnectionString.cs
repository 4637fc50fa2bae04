namespace Platform.Hosting;

/// <summary>A resource others reach through a connection string (<c>ConnectionStrings__{name}</c> in their environment).</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The connection string, once known (an executable's port is chosen when the application starts).</summary>
    string? ConnectionString { get; }
}
