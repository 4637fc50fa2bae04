using System.Runtime.InteropServices;

namespace Platform.Hosting.Processes;

/// <summary>POSIX calls .NET does not expose: sending a signal other than SIGKILL.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
