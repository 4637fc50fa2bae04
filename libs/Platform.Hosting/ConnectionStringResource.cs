namespace Platform.Hosting;

/// <summary>An existing service given by its connection string (nothing is started for it).</summary>
public sealed class ConnectionStringResource : IResourceWithConnectionString
{
    internal ConnectionStringResource(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string? ConnectionString { get; }

    /// <summary>Keeps the connection string (it may hold a password) out of logs.</summary>
    public override string ToString() => $"ConnectionString({Name})";
}
