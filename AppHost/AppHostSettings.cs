using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Platform.AppHost;

/// <summary>What the AppHost runs and where, from its command line and environment (section <c>AppHost</c>).</summary>
internal sealed record AppHostSettings
{
    /// <summary>The repository root (the folder holding Platform.sln).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>An existing Redis (<c>ConnectionStrings__redis</c>); null to start <c>redis-server</c>.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>The gateway's port; 0 for a free one. Default 5080 (a free one when 5080 is taken).</summary>
    public int GatewayPort { get; init; } = 5080;

    /// <summary>The development API key the gateway accepts. Default <c>sk-local-dev</c>.</summary>
    public string ApiKey { get; init; } = "sk-local-dev";

    /// <summary>The ScalePolicy folder the operator reads. Default <c>AppHost/scalepolicies</c>.</summary>
    public required string ScalePolicyDirectory { get; init; }

    /// <summary>Redis data (append-only file). Default <c>.data/redis</c> under the repository root.</summary>
    public required string RedisDataDirectory { get; init; }

    /// <summary>The operator's project file, or null when <c>operator/</c> holds none yet.</summary>
    public string? OperatorProject { get; init; }

    /// <summary>Whether the operator is built (<c>dotnet build</c>) at every start; otherwise only when its output is missing. Default true.</summary>
    public bool BuildOperator { get; init; } = true;

    public static AppHostSettings From(IConfiguration configuration, string repositoryRoot)
    {
        var section = configuration.GetSection("AppHost");
        var operatorDirectory = Path.Combine(repositoryRoot, "operator");
        return new AppHostSettings
        {
            RepositoryRoot = repositoryRoot,
            RedisConnectionString = configuration.GetConnectionString("redis") is { Length: > 0 } redis ? redis : null,
            GatewayPort = int.TryParse(section["GatewayPort"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : 5080,
            ApiKey = section["ApiKey"] is { Length: > 0 } key ? key : "sk-local-dev",
            ScalePolicyDirectory = Path.GetFullPath(section["ScalePolicies"] ?? Path.Combine(repositoryRoot, "AppHost", "scalepolicies")),
            RedisDataDirectory = Path.GetFullPath(section["RedisData"] ?? Path.Combine(repositoryRoot, ".data", "redis")),
            BuildOperator = !bool.TryParse(section["BuildOperator"], out var build) || build,
            OperatorProject = section["OperatorProject"] is { Length: > 0 } project ? Path.GetFullPath(project)
                : Directory.Exists(operatorDirectory) ? Directory.EnumerateFiles(operatorDirectory, "*.csproj").Order(StringComparer.Ordinal).FirstOrDefault() : null,
        };
    }

    /// <summary>The folder holding Platform.sln, searched upwards from <paramref name="start"/>.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>Keeps the API key and connection string out of logs.</summary>
    public override string ToString() => $"AppHostSettings(Root={RepositoryRoot}, GatewayPort={GatewayPort}, ApiKey=*****)";
}
