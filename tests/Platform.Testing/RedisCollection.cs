using System.Diagnostics.CodeAnalysis;

namespace Platform.Testing;

/// <summary>
/// Name of the xunit collection that shares one <see cref="RedisServerFixture"/>. xunit only discovers collection
/// definitions in the test assembly itself, so each test project adds this one-liner:
/// <code>
/// [CollectionDefinition(RedisCollection.Name)]
/// public sealed class RedisCollectionDefinition : ICollectionFixture&lt;RedisServerFixture&gt;;
/// </code>
/// and marks its test classes <c>[Collection(RedisCollection.Name)]</c>, taking the fixture in their constructor.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "Named after the xunit collection it identifies; other test projects refer to this name.")]
public static class RedisCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "redis-server";
}
