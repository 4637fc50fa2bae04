using System.Globalization;

namespace Platform.Hosting.Processes;

/// <summary>Signals and inspects processes by PID (Linux <c>/proc</c>); every replica runs in its own session and process group.</summary>
internal static class ProcessTree
{
    /// <summary>Sends SIGTERM to one process (the replica, not its group: the replica decides how to stop its children).</summary>
    public static bool Terminate(int pid) => NativeMethods.Kill(pid, NativeMethods.SigTerm) == 0;

    /// <summary>Sends SIGKILL to the process group <paramref name="pgid"/> and to every process descended from <paramref name="pid"/>.</summary>
    public static void KillTree(int pid, int pgid)
    {
        var descendants = Descendants(pid);
        if (pgid > 1)
        {
            NativeMethods.Kill(-pgid, NativeMethods.SigKill);
        }

        NativeMethods.Kill(pid, NativeMethods.SigKill);
        foreach (var child in descendants)
        {
            NativeMethods.Kill(child, NativeMethods.SigKill);
        }
    }

    /// <summary>Whether a process with this PID exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State != 'Z';
    }

    /// <summary>PIDs of live processes in process group <paramref name="pgid"/>.</summary>
    public static IReadOnlyList<int> GroupMembers(int pgid) =>
        [.. AllStats().Where(s => s.Pgid == pgid && s.State != 'Z').Select(s => s.Pid)];

    /// <summary>Every live process descended from <paramref name="pid"/> (children, grandchildren, ...).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var stats = AllStats().ToList();
        var result = new List<int>();
        var frontier = new Queue<int>();
        frontier.Enqueue(pid);
        while (frontier.Count > 0 && result.Count < 10_000)
        {
            var parent = frontier.Dequeue();
            foreach (var s in stats.Where(s => s.Ppid == parent && s.State != 'Z'))
            {
                result.Add(s.Pid);
                frontier.Enqueue(s.Pid);
            }
        }

        return result;
    }

    private static IEnumerable<Stat> AllStats()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } stat)
            {
                yield return stat;
            }
        }
    }

    private static Stat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ', 4);
        return fields.Length >= 3
            && int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ppid)
            && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pgid)
            ? new Stat(pid, fields[0][0], ppid, pgid)
            : null;
    }

    private readonly record struct Stat(int Pid, char State, int Ppid, int Pgid);
}
