using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.Gateway.Tests.Reliability;

/// <summary>
/// A TCP proxy in front of a real redis-server that, once armed, drops the connection carrying a given command:
/// Redis going away at one exact point of a request, which a real restart hits only by chance.
/// </summary>
internal sealed class DroppingRedisProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _redisPort;
    private readonly byte[] _trigger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _armed;

    public DroppingRedisProxy(int redisPort, string command)
    {
        _redisPort = redisPort;
        // RESP sends every argument as a bulk string: "$7\r\nHGETALL\r\n".
        _trigger = Encoding.ASCII.GetBytes($"${command.Length}\r\n{command}\r\n");
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections were dropped.</summary>
    public int Dropped { get; private set; }

    /// <summary>From now on, the next connection that sends the command is closed before Redis sees it.</summary>
    public void Arm() => _armed = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _redisPort, _stop.Token);
                using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(client.GetStream(), server.GetStream(), inspect: true, cut);
                var down = PumpAsync(server.GetStream(), client.GetStream(), inspect: false, cut);
                await Task.WhenAny(up, down);
                await cut.CancelAsync();
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
            {
                // Either side closed.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool inspect, CancellationTokenSource cut)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cut.Token);
                if (read == 0)
                {
                    return;
                }

                if (inspect && _armed && buffer.AsSpan(0, read).IndexOf(_trigger) >= 0)
                {
                    _armed = false;
                    Dropped++;
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The relay is being torn down.
        }
    }
}
