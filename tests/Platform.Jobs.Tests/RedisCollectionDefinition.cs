using Platform.Testing;

namespace Platform.Jobs.Tests;

/// <summary>One real redis-server for every test of this assembly that joins the collection.</summary>
[CollectionDefinition(RedisCollection.Name)]
public sealed class RedisCollectionDefinition : ICollectionFixture<RedisServerFixture>;
