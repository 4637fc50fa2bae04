using System.Diagnostics;
using System.Globalization;
using Platform.Redis;

// Usage: Platform.Redis.Benchmarks <port> <set|xadd> <pipelined|callers> <requests> <connections-or-callers> [depth]
//   pipelined: <connections> RedisConnection objects, each sending <depth> commands then awaiting them all
//              (what redis-benchmark -P <depth> -c <connections> does).
//   callers:   one RedisConnection shared by <callers> tasks that each await one command at a time
//              (implicit pipelining by the multiplexer).
// Prints "ops_per_sec=<n> cpu_us_per_op=<client CPU per command, microseconds>".
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: <port> <set|xadd> <pipelined|callers> <requests> <connections> [depth]");
    return 2;
}

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var command = args[1] == "xadd" ? "XADD" : "SET";
object[] commandArgs = command == "XADD" ? ["bench", "*", "f", "v"] : ["key:__rand_int__", "xxx"];
var pipelined = args[2] == "pipelined";
var requests = int.Parse(args[3], CultureInfo.InvariantCulture);
var parallelism = int.Parse(args[4], CultureInfo.InvariantCulture);
var depth = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 16;

var connections = new RedisConnection[pipelined ? parallelism : 1];
for (var i = 0; i < connections.Length; i++)
{
    connections[i] = await RedisConnection.ConnectAsync($"127.0.0.1:{port},commandTimeout=30000");
}

// Warm-up: JIT, pools and tiered compilation, about 5 % of the run.
await RunAsync(Math.Max(requests / 20, 1000));
var started = Stopwatch.GetTimestamp();
var cpuBefore = Environment.CpuUsage.TotalTime;
await RunAsync(requests);
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
var cpu = Environment.CpuUsage.TotalTime - cpuBefore;

// CPU per command (user + system, all threads of this process, measured run only) is far less sensitive to the
// shared machine's load than ops/s, so it is the figure to compare two builds of the client by.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ops_per_sec={requests / seconds:0} cpu_us_per_op={cpu.TotalMicroseconds / requests:0.00}"));
foreach (var connection in connections)
{
    await connection.DisposeAsync();
}

return 0;

Task RunAsync(int total)
{
    var workers = pipelined ? parallelism : parallelism;
    var perWorker = total / workers;
    var tasks = new Task[workers];
    for (var w = 0; w < workers; w++)
    {
        var connection = connections[pipelined ? w : 0];
        tasks[w] = pipelined ? PipelinedAsync(connection, perWorker) : CallerAsync(connection, perWorker);
    }

    return Task.WhenAll(tasks);
}

async Task PipelinedAsync(RedisConnection connection, int count)
{
    var batch = new Task[depth];
    for (var done = 0; done < count; done += depth)
    {
        var n = Math.Min(depth, count - done);
        for (var i = 0; i < n; i++)
        {
            batch[i] = connection.ExecuteAsync(command, commandArgs);
        }

        for (var i = 0; i < n; i++)
        {
            await batch[i];
        }
    }
}

async Task CallerAsync(RedisConnection connection, int count)
{
    await Task.Yield();
    for (var i = 0; i < count; i++)
    {
        await connection.ExecuteAsync(command, commandArgs);
    }
}
