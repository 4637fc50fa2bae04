using Platform.Testing;

namespace Platform.Redis.Tests;

[CollectionDefinition(RedisCollection.Name)]
public sealed class RedisCollectionDefinition : ICollectionFixture<RedisServerFixture>;
