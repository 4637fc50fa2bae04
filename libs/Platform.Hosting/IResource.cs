namespace Platform.Hosting;

/// <summary>Something the application host runs or points at: a process, a connection string, an endpoint.</summary>
public interface IResource
{
    /// <summary>The resource's name: unique in the application, used as log prefix and in the scale endpoint.</summary>
    string Name { get; }
}
