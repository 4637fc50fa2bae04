using Platform.Testing;

namespace Platform.Gateway.Tests;

/// <summary>One real redis-server for the gateway tests.</summary>
[CollectionDefinition(RedisCollection.Name)]
public sealed class RedisCollectionDefinition : ICollectionFixture<RedisServerFixture>;
