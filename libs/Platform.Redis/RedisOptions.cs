using System.Globalization;
using System.Net.Security;
using System.Text;

namespace Platform.Redis;

/// <summary>
/// Connection settings, parsed from a StackExchange.Redis-style configuration string:
/// <c>host:port,password=..,user=..,ssl=true,sslHost=..,defaultDatabase=N,connectTimeout=5000,commandTimeout=5000,name=..,abortConnect=false</c>.
/// </summary>
public sealed class RedisOptions
{
    /// <summary>Server host name or address. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Server port. Default 6379 (6380 is not assumed for TLS; give it explicitly).</summary>
    public int Port { get; set; } = 6379;

    /// <summary>ACL user name; when set the handshake sends <c>AUTH user password</c>. Default none.</summary>
    public string? User { get; set; }

    /// <summary>Password; when set the handshake sends <c>AUTH [user] password</c>. Never logged; redacted by <see cref="ToString"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Use TLS (<see cref="SslStream"/>). Default false.</summary>
    public bool Ssl { get; set; }

    /// <summary>Host name for TLS SNI and certificate validation. Default: <see cref="Host"/>.</summary>
    public string? SslHost { get; set; }

    /// <summary>Database selected with <c>SELECT</c> on every (re)connect. Default 0.</summary>
    public int DefaultDatabase { get; set; }

    /// <summary>Time allowed for TCP connect, TLS and handshake. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default per-command timeout (blocking commands get their block time on top). Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Client name sent with <c>CLIENT SETNAME</c>. Default none.</summary>
    public string? ClientName { get; set; }

    /// <summary>
    /// True (default): <see cref="RedisConnection.ConnectAsync(RedisOptions, Microsoft.Extensions.Logging.ILoggerFactory?, CancellationToken)"/>
    /// throws when the server cannot be reached. False: it returns a connection that keeps trying in the background.
    /// </summary>
    public bool AbortOnConnectFail { get; set; } = true;

    /// <summary>Custom TLS certificate validation (e.g. to trust a self-signed test CA). Default: system validation.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; set; }

    /// <summary>The server as <c>host:port</c>, for logs and events.</summary>
    public string EndPoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses a configuration string. Unknown keys are rejected so that typos do not go unnoticed.</summary>
    /// <param name="configuration">The configuration string.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">The string is empty or has an unknown key or a bad value.</exception>
    public static RedisOptions Parse(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = new RedisOptions();
        var endPointSeen = false;
        foreach (var rawPart in configuration.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = rawPart.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (endPointSeen)
                {
                    throw new ArgumentException("Only one endpoint is supported in a Redis configuration string.", nameof(configuration));
                }

                ParseEndPoint(options, rawPart);
                endPointSeen = true;
                continue;
            }

            var key = rawPart[..eq].Trim();
            var value = rawPart[(eq + 1)..].Trim();
            switch (key.ToUpperInvariant())
            {
                case "PASSWORD":
                    options.Password = value;
                    break;
                case "USER":
                    options.User = value;
                    break;
                case "SSL":
                    options.Ssl = ParseBool(key, value);
                    break;
                case "SSLHOST":
                    options.SslHost = value;
                    break;
                case "DEFAULTDATABASE":
                    options.DefaultDatabase = ParseInt(key, value);
                    break;
                case "CONNECTTIMEOUT":
                    options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value));
                    break;
                case "SYNCTIMEOUT" or "ASYNCTIMEOUT" or "COMMANDTIMEOUT":
                    options.CommandTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value));
                    break;
                case "NAME":
                    options.ClientName = value;
                    break;
                case "ABORTCONNECT":
                    options.AbortOnConnectFail = ParseBool(key, value);
                    break;
                default:
                    throw new ArgumentException($"Unknown Redis configuration option '{key}'.", nameof(configuration));
            }
        }

        return options;
    }

    /// <summary>The configuration string with the password replaced by <c>*****</c>; safe to log.</summary>
    /// <returns>The redacted configuration string.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(EndPoint);
        if (User is not null)
        {
            builder.Append(",user=").Append(User);
        }

        if (Password is not null)
        {
            builder.Append(",password=*****");
        }

        if (Ssl)
        {
            builder.Append(",ssl=true");
        }

        if (SslHost is not null)
        {
            builder.Append(",sslHost=").Append(SslHost);
        }

        if (DefaultDatabase != 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $",defaultDatabase={DefaultDatabase}");
        }

        builder.Append(CultureInfo.InvariantCulture, $",connectTimeout={(long)ConnectTimeout.TotalMilliseconds}");
        builder.Append(CultureInfo.InvariantCulture, $",commandTimeout={(long)CommandTimeout.TotalMilliseconds}");
        if (ClientName is not null)
        {
            builder.Append(",name=").Append(ClientName);
        }

        builder.Append(",abortConnect=").Append(AbortOnConnectFail ? "true" : "false");
        return builder.ToString();
    }

    internal RedisOptions Clone() => (RedisOptions)MemberwiseClone();

    private static void ParseEndPoint(RedisOptions options, string endPoint)
    {
        // "[::1]:6379", "host:6379", "host"
        string host;
        string? port = null;
        if (endPoint.StartsWith('['))
        {
            var close = endPoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"Bad endpoint '{endPoint}'.", nameof(endPoint));
            }

            host = endPoint[1..close];
            if (close + 1 < endPoint.Length && endPoint[close + 1] == ':')
            {
                port = endPoint[(close + 2)..];
            }
        }
        else
        {
            var colon = endPoint.LastIndexOf(':');
            host = colon < 0 ? endPoint : endPoint[..colon];
            port = colon < 0 ? null : endPoint[(colon + 1)..];
        }

        options.Host = host;
        if (port is not null)
        {
            options.Port = ParseInt("port", port);
            if (options.Port is <= 0 or > 65535)
            {
                throw new ArgumentException($"Port {options.Port} is out of range.", nameof(endPoint));
            }
        }
    }

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) && result >= 0
            ? result
            : throw new ArgumentException($"Redis configuration option '{key}' must be a non-negative integer.", nameof(value));

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var result)
            ? result
            : throw new ArgumentException($"Redis configuration option '{key}' must be true or false.", nameof(value));
}
