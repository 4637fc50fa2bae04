using Platform.Testing;

namespace Platform.Worker.Tests;

[CollectionDefinition(RedisCollection.Name)]
public sealed class RedisCollectionDefinition : ICollectionFixture<RedisServerFixture>;
