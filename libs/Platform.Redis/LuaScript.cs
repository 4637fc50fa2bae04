using System.Security.Cryptography;
using System.Text;

namespace Platform.Redis;

/// <summary>A Lua script with its SHA1, for <see cref="RedisConnection.ScriptEvaluateAsync"/> (EVALSHA with EVAL fallback).</summary>
public sealed class LuaScript
{
    /// <summary>Creates the script and computes its SHA1 digest.</summary>
    /// <param name="script">The Lua source.</param>
    public LuaScript(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        Script = script;
#pragma warning disable CA5350 // SHA1 is what Redis uses to name scripts; not a security use.
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(script)));
#pragma warning restore CA5350
    }

    /// <summary>The Lua source.</summary>
    public string Script { get; }

    /// <summary>The lower-case hex SHA1 of the UTF-8 source, as used by EVALSHA.</summary>
    public string Sha1 { get; }
}
