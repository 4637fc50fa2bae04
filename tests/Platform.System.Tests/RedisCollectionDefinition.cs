using Platform.Testing;

namespace Platform.SystemTests;

[CollectionDefinition(RedisCollection.Name)]
public sealed class RedisCollectionDefinition : ICollectionFixture<RedisServerFixture>;
